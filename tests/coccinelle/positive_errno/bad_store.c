// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: a sysfs store returns a positive errno. */
#include <linux/kobject.h>
#include <linux/sysfs.h>

static unsigned int acme_depth;

static ssize_t depth_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned int val;

	if (kstrtouint(buf, 0, &val))
		return EINVAL;
	acme_depth = val;
	return count;
}

static struct kobj_attribute depth_attr = __ATTR_WO(depth);
