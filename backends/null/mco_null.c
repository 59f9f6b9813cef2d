// SPDX-License-Identifier: GPL-2.0-only
/*
 * null: the smallest complete batch copy backend for page migration.
 *
 * It copies each folio of a batch on the migrating CPU, as the kernel does
 * without offload, but through the offload path: selecting it measures the
 * framework's own cost.  Its fault injection knobs make it fail on purpose,
 * so that the core's CPU fallback can be tested:
 *
 *   /sys/kernel/mm/migrate_offload/null/fail_every       fail every Nth batch
 *   /sys/kernel/mm/migrate_offload/null/fail_copy_first  ... after copying
 *                                                       this many folios
 *   /sys/kernel/mm/migrate_offload/null/fail_skip_copy   report folios copied
 *                                                       without copying them
 *
 * fail_skip_copy corrupts migrated memory: it exists to prove, in tests,
 * that the kernel skips its own copy of the folios a backend copied.
 *
 * This file is the template for new backends (tools/new-backend).
 */
#define pr_fmt(fmt) "mco_null: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/migrate_copy_offload.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sysfs.h>

/* Tunables: written by sysfs stores, read with READ_ONCE() by copies. */
static unsigned int null_fail_every;
static unsigned int null_fail_copy_first;
static bool null_fail_skip_copy;

/* Batches since the backend was selected, for fail_every. */
static atomic_long_t null_batches;

static int null_copy(struct list_head *dst_list, struct list_head *src_list,
		     unsigned int nr_folios, unsigned long *copied)
{
	unsigned int every = READ_ONCE(null_fail_every);
	bool skip_copy = READ_ONCE(null_fail_skip_copy);
	bool fail = every && !(atomic_long_inc_return(&null_batches) % every);
	unsigned int limit = fail ? READ_ONCE(null_fail_copy_first) : nr_folios;
	struct folio *src, *dst;
	unsigned int i = 0;
	int ret = 0;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		if (i == min(limit, nr_folios))
			break;
		/* A poisoned source fails its folio only; the core retries. */
		if (skip_copy || !folio_mc_copy(dst, src))
			__set_bit(i, copied);
		else
			ret = -EHWPOISON;
		dst = list_next_entry(dst, lru);
		i++;
	}
	return fail ? -EIO : ret;
}

static int null_enable(void)
{
	atomic_long_set(&null_batches, 0);
	return 0;
}

static ssize_t fail_every_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(null_fail_every));
}

static ssize_t fail_every_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	unsigned int val;
	int ret;

	ret = kstrtouint(buf, 0, &val);
	if (ret)
		return ret;
	WRITE_ONCE(null_fail_every, val);
	return count;
}

static ssize_t fail_copy_first_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(null_fail_copy_first));
}

static ssize_t fail_copy_first_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	unsigned int val;
	int ret;

	ret = kstrtouint(buf, 0, &val);
	if (ret)
		return ret;
	WRITE_ONCE(null_fail_copy_first, val);
	return count;
}

static ssize_t fail_skip_copy_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(null_fail_skip_copy));
}

static ssize_t fail_skip_copy_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	if (val)
		pr_warn("fail_skip_copy: migrated folios will not be copied\n");
	WRITE_ONCE(null_fail_skip_copy, val);
	return count;
}

static struct kobj_attribute fail_every_attr = __ATTR_RW(fail_every);
static struct kobj_attribute fail_copy_first_attr = __ATTR_RW(fail_copy_first);
static struct kobj_attribute fail_skip_copy_attr = __ATTR_RW(fail_skip_copy);

static struct attribute *null_attrs[] = {
	&fail_every_attr.attr,
	&fail_copy_first_attr.attr,
	&fail_skip_copy_attr.attr,
	NULL,
};

static const struct attribute_group null_attr_group = {
	.attrs = null_attrs,
};

static struct migrator null_migrator = {
	.name = "null",
	.copy = null_copy,
	.enable = null_enable,
	.default_reasons = MIGRATE_OFFLOAD_REASONS_DEFAULT,
	.attr_group = &null_attr_group,
};

static int __init null_init(void)
{
	return migrate_offload_register(&null_migrator);
}

static void __exit null_exit(void)
{
	migrate_offload_unregister(&null_migrator);
}

module_init(null_init);
module_exit(null_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Migration copy offload: CPU copy through the offload path");
