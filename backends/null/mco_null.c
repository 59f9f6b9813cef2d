// SPDX-License-Identifier: GPL-2.0-only
/*
 * null: the smallest complete batch copy backend for page migration.
 *
 * It copies each folio of a batch on the migrating CPU, as the kernel does
 * without offload, but through the offload path: selecting it measures the
 * framework's own cost.  Two tunables make it fail on purpose, so that the
 * migration path's own copy of what a backend leaves undone is tested:
 *
 *   /sys/kernel/mm/migrate_offload/null/fail_every       fail every Nth batch
 *   /sys/kernel/mm/migrate_offload/null/fail_copy_first  ... after copying
 *                                                       this many folios
 *
 * With CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG, a debugfs file corrupts memory
 * on purpose, to prove in tests that migration skips its own copy of the
 * folios a backend copied:
 *
 *   /sys/kernel/debug/migrate_offload/null/skip_copy  report folios copied
 *                                                     without copying them
 *
 * This file is the template for new backends (tools/new-backend).
 */
#define pr_fmt(fmt) "mco_null: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sysfs.h>

/* Tunables: written by sysfs stores, read with READ_ONCE() by copies. */
static unsigned int null_fail_every;
static unsigned int null_fail_copy_first;
static bool null_skip_copy;

/* Batches since the backend was selected, for fail_every. */
static atomic_long_t null_batches;

static int null_copy(const struct migrate_offload_batch *batch)
{
	unsigned int every = READ_ONCE(null_fail_every);
	bool fail = every && !(atomic_long_inc_return(&null_batches) % every);
	unsigned int limit = fail ? READ_ONCE(null_fail_copy_first) :
				    batch->nr_folios;
	bool skip_copy = IS_ENABLED(CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG) &&
			 READ_ONCE(null_skip_copy);
	struct folio *src, *dst;
	unsigned int i = 0;
	int ret = 0;

	dst = list_first_entry(batch->dst, struct folio, lru);
	list_for_each_entry(src, batch->src, lru) {
		if (i == limit)
			break;
		/* A poisoned source fails its folio only. */
		if (skip_copy || !migrate_offload_copy_folio(dst, src))
			__set_bit(i, batch->copied);
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

static MIGRATE_OFFLOAD_UINT_ATTR(fail_every_attr, fail_every,
				 &null_fail_every, 0, UINT_MAX, NULL);
static MIGRATE_OFFLOAD_UINT_ATTR(fail_copy_first_attr, fail_copy_first,
				 &null_fail_copy_first, 0, UINT_MAX, NULL);

static struct attribute *null_attrs[] = {
	&fail_every_attr.kattr.attr,
	&fail_copy_first_attr.kattr.attr,
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
	.mc_safe = true,
	.attr_group = &null_attr_group,
};

static struct dentry *null_debugfs;

static int __init null_init(void)
{
	int ret;

	if (IS_ENABLED(CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG)) {
		null_debugfs = migrate_offload_debugfs_dir("null");
		debugfs_create_bool("skip_copy", 0600, null_debugfs,
				    &null_skip_copy);
	}
	ret = migrate_offload_register(&null_migrator);
	if (ret)
		debugfs_remove(null_debugfs);
	return ret;
}

static void __exit null_exit(void)
{
	migrate_offload_unregister(&null_migrator);
	debugfs_remove(null_debugfs);
}

module_init(null_init);
module_exit(null_exit);
MODULE_ALIAS_MIGRATOR("null");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Migration copy offload: CPU copy through the offload path");
