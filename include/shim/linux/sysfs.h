/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/sysfs.h>.  Attributes live in an in-memory
 * tree rooted at "/sys"; shim_sysfs_read() and shim_sysfs_write() reach them
 * by path, as a shell reaches the real ones.  Buffers are PAGE_SIZE, writes
 * are NUL-terminated and cut at PAGE_SIZE, and removing a directory waits
 * for the show/store calls running in it, as kernfs does.
 */
#ifndef _SHIM_LINUX_SYSFS_H
#define _SHIM_LINUX_SYSFS_H

#include <linux/kernel.h>

struct kobject;

struct attribute {
	const char *name;
	umode_t mode;
};

struct attribute_group {
	const char *name;
	struct attribute **attrs;
};

#define __ATTR(_name, _mode, _show, _store) {				\
	.attr = { .name = __stringify(_name), .mode = (_mode) },	\
	.show = _show,							\
	.store = _store,						\
}
#define __ATTR_RW(_name)	__ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_RW_MODE(_name, _mode) \
	__ATTR(_name, _mode, _name##_show, _name##_store)
#define __ATTR_RO(_name)	__ATTR(_name, 0444, _name##_show, NULL)
#define __ATTR_WO(_name)	__ATTR(_name, 0200, NULL, _name##_store)
/* Lockdep's class of a dynamic attribute: nothing to do here. */
#define sysfs_attr_init(attr)	do { } while (0)

extern int fail_sysfs_create_group;

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj,
			const struct attribute_group *grp);

__printf(2, 3) int sysfs_emit(char *buf, const char *fmt, ...);
__printf(3, 4) int sysfs_emit_at(char *buf, int at, const char *fmt, ...);

/* Access by path, e.g. "/sys/kernel/mm/migrate_offload/backend". */
ssize_t shim_sysfs_read(const char *path, char *buf, size_t size);
ssize_t shim_sysfs_write(const char *path, const char *buf, size_t count);
ssize_t shim_sysfs_write_str(const char *path, const char *s);
/* List a directory's entries, one name per line, sorted; -ENOENT if absent. */
ssize_t shim_sysfs_list(const char *path, char *buf, size_t size);

#endif
