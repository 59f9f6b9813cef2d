// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's debugfs: each directory is a kobject under /sys/kernel/debug,
 * each file a one-attribute group of it (so at most SHIM_KOBJ_MAX_GROUPS
 * files a directory).  Only what the backends use: bool and u32 files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/kstrtox.h>
#include <linux/list.h>
#include <linux/sysfs.h>

struct shim_debugfs_file {
	struct list_head node;
	struct kobj_attribute kattr;
	struct attribute *attrs[2];
	struct attribute_group grp;
	bool *bool_value;
	u32 *u32_value;
};

struct dentry {
	struct kobject *kobj;
	struct list_head files;
};

static struct kobject *shim_debugfs_root;
static pthread_mutex_t shim_debugfs_lock = PTHREAD_MUTEX_INITIALIZER;

static struct shim_debugfs_file *to_file(struct kobj_attribute *attr)
{
	return container_of(attr, struct shim_debugfs_file, kattr);
}

static ssize_t shim_debugfs_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct shim_debugfs_file *f = to_file(attr);

	if (f->bool_value)
		return sysfs_emit(buf, "%c\n",
				  READ_ONCE(*f->bool_value) ? 'Y' : 'N');
	return sysfs_emit(buf, "%u\n", READ_ONCE(*f->u32_value));
}

static ssize_t shim_debugfs_store(struct kobject *kobj,
				  struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	struct shim_debugfs_file *f = to_file(attr);
	bool b;
	u32 v;

	if (f->bool_value) {
		if (kstrtobool(buf, &b))
			return -EINVAL;
		WRITE_ONCE(*f->bool_value, b);
	} else {
		if (kstrtou32(buf, 0, &v))
			return -EINVAL;
		WRITE_ONCE(*f->u32_value, v);
	}
	return count;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	struct dentry *d = calloc(1, sizeof(*d));
	struct kobject *up;

	BUG_ON(!d);
	pthread_mutex_lock(&shim_debugfs_lock);
	if (!shim_debugfs_root)
		shim_debugfs_root = kobject_create_and_add("debug",
							   kernel_kobj);
	pthread_mutex_unlock(&shim_debugfs_lock);
	up = parent ? parent->kobj : shim_debugfs_root;
	d->kobj = kobject_create_and_add(name, up);
	BUG_ON(!d->kobj);
	INIT_LIST_HEAD(&d->files);
	return d;
}

static void shim_debugfs_add(const char *name, umode_t mode,
			     struct dentry *parent, bool *b, u32 *u)
{
	struct shim_debugfs_file *f = calloc(1, sizeof(*f));

	BUG_ON(!f || !parent);
	f->kattr.attr.name = name;
	f->kattr.attr.mode = mode;
	f->kattr.show = shim_debugfs_show;
	f->kattr.store = shim_debugfs_store;
	f->attrs[0] = &f->kattr.attr;
	f->grp.attrs = f->attrs;
	f->bool_value = b;
	f->u32_value = u;
	BUG_ON(sysfs_create_group(parent->kobj, &f->grp));
	list_add_tail(&f->node, &parent->files);
}

void debugfs_create_bool(const char *name, umode_t mode,
			 struct dentry *parent, bool *value)
{
	shim_debugfs_add(name, mode, parent, value, NULL);
}

void debugfs_create_u32(const char *name, umode_t mode,
			struct dentry *parent, u32 *value)
{
	shim_debugfs_add(name, mode, parent, NULL, value);
}

/* Directories of directories are not used by the backends. */
void debugfs_remove(struct dentry *d)
{
	struct shim_debugfs_file *f, *tmp;

	if (!d)
		return;
	list_for_each_entry_safe(f, tmp, &d->files, node) {
		sysfs_remove_group(d->kobj, &f->grp);
		list_del(&f->node);
		free(f);
	}
	kobject_put(d->kobj);
	free(d);
}
