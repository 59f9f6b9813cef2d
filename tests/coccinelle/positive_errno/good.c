// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: negative errnos everywhere; a positive constant returned
 * by a function that is neither a callback nor a store is none of our
 * business.
 */
#include <linux/kobject.h>
#include <linux/migrator.h>
#include <linux/sysfs.h>

#define ACME_EXTRA	2

static unsigned int acme_depth;
static bool acme_ready;

static int acme_copy(const struct migrate_offload_batch *batch)
{
	unsigned int nr_folios = batch->nr_folios;
	int ret = 0;

	if (!acme_ready)
		return -ENODEV;
	if (nr_folios > 64)
		ret = -E2BIG;
	return ret;
}

static int acme_enable(void)
{
	return 0;
}

static int acme_slots(void)
{
	return ACME_EXTRA;
}

static ssize_t depth_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned int val;
	int ret;

	ret = kstrtouint(buf, 0, &val);
	if (ret)
		return ret;
	if (val > acme_slots())
		return -ERANGE;
	acme_depth = val;
	return count;
}

static struct kobj_attribute depth_attr = __ATTR_WO(depth);

static struct migrator acme_migrator = {
	.name = "acme",
	.enable = acme_enable,
	.copy = acme_copy,
};
