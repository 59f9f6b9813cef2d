/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/debugfs.h>: directories and bool/u32 files
 * under /sys/kernel/debug, in the shim's sysfs tree, reached by path as a
 * shell would (shim_sysfs_read(), shim_sysfs_write()).  A bool reads "Y" or
 * "N" and takes what kstrtobool() takes; a u32 reads and takes a number.
 */
#ifndef _SHIM_LINUX_DEBUGFS_H
#define _SHIM_LINUX_DEBUGFS_H

#include <linux/types.h>

struct dentry;

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
void debugfs_create_bool(const char *name, umode_t mode,
			 struct dentry *parent, bool *value);
void debugfs_create_u32(const char *name, umode_t mode,
			struct dentry *parent, u32 *value);
void debugfs_remove(struct dentry *dentry);
#define debugfs_remove_recursive debugfs_remove

#endif
