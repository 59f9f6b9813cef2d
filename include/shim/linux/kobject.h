/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/kobject.h>; see <linux/sysfs.h>. */
#ifndef _SHIM_LINUX_KOBJECT_H
#define _SHIM_LINUX_KOBJECT_H

#include <pthread.h>
#include <linux/list.h>
#include <linux/sysfs.h>

#define SHIM_KOBJ_MAX_GROUPS	16

struct kobject {
	char *name;
	struct kobject *parent;
	struct list_head entry;		/* in parent->children */
	struct list_head children;
	const struct attribute_group *groups[SHIM_KOBJ_MAX_GROUPS];
	int active;		/* show/store calls running, as kernfs */
	int refcount;
};

struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count);
};

extern struct kobject *kernel_kobj;
extern struct kobject *mm_kobj;
extern int fail_kobject_create;

static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent);
struct kobject *kobject_get(struct kobject *kobj);
void kobject_put(struct kobject *kobj);

#endif
