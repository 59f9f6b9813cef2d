// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's kobject/sysfs: an in-memory tree of directories (kobjects and
 * named attribute groups) and attributes, reached by path.
 *
 * Locking: shim_sysfs_tree_lock protects the tree's shape (children lists,
 * groups) and each kobject's ->active count of show/store calls running,
 * which are made without the lock.  Removing a kobject or a group unlinks
 * it, then waits on shim_sysfs_drained until ->active is zero, as
 * kernfs_drain() does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/slab.h>

static pthread_mutex_t shim_sysfs_tree_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t shim_sysfs_drained = PTHREAD_COND_INITIALIZER;
static struct kobject *shim_sysfs_root;
struct kobject *kernel_kobj;
struct kobject *mm_kobj;
int fail_kobject_create;
int fail_sysfs_create_group;

static struct kobject *shim_kobject_new(const char *name)
{
	struct kobject *kobj = calloc(1, sizeof(*kobj));

	if (!kobj)
		return NULL;
	kobj->name = strdup(name);
	if (!kobj->name) {
		free(kobj);
		return NULL;
	}
	INIT_LIST_HEAD(&kobj->children);
	INIT_LIST_HEAD(&kobj->entry);
	kobj->refcount = 1;
	return kobj;
}

static struct kobject *shim_find_child(struct kobject *parent,
				       const char *name, size_t len)
{
	struct kobject *k;

	list_for_each_entry(k, &parent->children, entry)
		if (strlen(k->name) == len && !strncmp(k->name, name, len))
			return k;
	return NULL;
}

static const struct attribute_group *
shim_find_group(struct kobject *kobj, const char *name, size_t len)
{
	int i;

	for (i = 0; i < SHIM_KOBJ_MAX_GROUPS; i++) {
		const struct attribute_group *g = kobj->groups[i];

		if (g && g->name && strlen(g->name) == len &&
		    !strncmp(g->name, name, len))
			return g;
	}
	return NULL;
}

static struct attribute *shim_find_attr(const struct attribute_group *g,
					const char *name)
{
	struct attribute **a;

	for (a = g->attrs; a && *a; a++)
		if (!strcmp((*a)->name, name))
			return *a;
	return NULL;
}

/* Wait for every show/store running in @kobj; tree lock held. */
static void shim_sysfs_drain(struct kobject *kobj)
{
	while (kobj->active)
		pthread_cond_wait(&shim_sysfs_drained, &shim_sysfs_tree_lock);
}

static void shim_sysfs_unpin(struct kobject *kobj)
{
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	if (!--kobj->active)
		pthread_cond_broadcast(&shim_sysfs_drained);
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
}

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj;

	might_sleep();
	if (fail_kobject_create > 0 && !--fail_kobject_create)
		return NULL;
	kobj = shim_kobject_new(name);
	if (!kobj)
		return NULL;
	if (!parent)
		parent = shim_sysfs_root;
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	if (shim_find_child(parent, name, strlen(name))) {
		pthread_mutex_unlock(&shim_sysfs_tree_lock);
		pr_err("sysfs: cannot create duplicate filename '%s'\n", name);
		free(kobj->name);
		free(kobj);
		return NULL;
	}
	kobj->parent = kobject_get(parent);
	list_add_tail(&kobj->entry, &parent->children);
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	return kobj;
}

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		__atomic_add_fetch(&kobj->refcount, 1, __ATOMIC_SEQ_CST);
	return kobj;
}

void kobject_put(struct kobject *kobj)
{
	struct kobject *parent;

	if (!kobj || __atomic_sub_fetch(&kobj->refcount, 1, __ATOMIC_SEQ_CST))
		return;
	might_sleep();
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	WARN_ON(!list_empty(&kobj->children));
	list_del_init(&kobj->entry);
	shim_sysfs_drain(kobj);
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	parent = kobj->parent;
	free(kobj->name);
	free(kobj);
	kobject_put(parent);
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	int i, free_slot = -1;

	might_sleep();
	if (fail_sysfs_create_group > 0 && !--fail_sysfs_create_group)
		return -ENOMEM;
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	for (i = 0; i < SHIM_KOBJ_MAX_GROUPS; i++) {
		const struct attribute_group *g = kobj->groups[i];
		struct attribute **a;

		if (!g) {
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (g == grp || (g->name && grp->name &&
				 !strcmp(g->name, grp->name)))
			goto exists;
		if (g->name || grp->name)
			continue;
		for (a = grp->attrs; a && *a; a++)
			if (shim_find_attr(g, (*a)->name))
				goto exists;
	}
	if (free_slot < 0) {
		pthread_mutex_unlock(&shim_sysfs_tree_lock);
		return -ENOSPC;
	}
	kobj->groups[free_slot] = grp;
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	return 0;
exists:
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	return -EEXIST;
}

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	int i;

	might_sleep();
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	for (i = 0; i < SHIM_KOBJ_MAX_GROUPS; i++)
		if (kobj->groups[i] == grp)
			kobj->groups[i] = NULL;
	shim_sysfs_drain(kobj);
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
}

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return min_t(int, len, PAGE_SIZE - 1);
}

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(at < 0 || at >= (int)PAGE_SIZE, "invalid sysfs_emit_at"))
		return 0;
	va_start(args, fmt);
	len = vsnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return min_t(int, len, (int)PAGE_SIZE - at - 1);
}

/*
 * Resolve @path to a kobject and, when the last component names an
 * attribute, the attribute.  On success the kobject is pinned (->active)
 * until shim_sysfs_unpin().  Directories are kobjects or named groups (*@grp is set).
 */
static int shim_sysfs_resolve(const char *path, struct kobject **kobjp,
			      const struct attribute_group **grpp,
			      struct attribute **attrp)
{
	const struct attribute_group *grp = NULL;
	struct kobject *kobj = shim_sysfs_root;
	struct attribute *attr = NULL;
	const char *p = path;

	if (strncmp(p, "/sys", 4) || (p[4] && p[4] != '/'))
		return -ENOENT;
	p += 4;
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	while (*p) {
		const char *name;
		size_t len;
		struct kobject *child;
		const struct attribute_group *g;
		int i;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		name = p;
		len = strcspn(p, "/");
		p += len;
		if (attr)
			goto noent;
		if (grp) {
			char n[64];

			if (len >= sizeof(n))
				goto noent;
			memcpy(n, name, len);
			n[len] = '\0';
			attr = shim_find_attr(grp, n);
			if (!attr)
				goto noent;
			continue;
		}
		child = shim_find_child(kobj, name, len);
		if (child) {
			kobj = child;
			continue;
		}
		g = shim_find_group(kobj, name, len);
		if (g) {
			grp = g;
			continue;
		}
		for (i = 0; i < SHIM_KOBJ_MAX_GROUPS && !attr; i++) {
			char n[64];

			g = kobj->groups[i];
			if (!g || g->name || len >= sizeof(n))
				continue;
			memcpy(n, name, len);
			n[len] = '\0';
			attr = shim_find_attr(g, n);
		}
		if (!attr)
			goto noent;
	}
	kobj->active++;
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	*kobjp = kobj;
	*grpp = grp;
	*attrp = attr;
	return 0;
noent:
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	return -ENOENT;
}

/*
 * Open the attribute at @path for a read (@write false) or a write: resolve
 * it, check that it has the method and mode asked for, and give a zeroed
 * page to work in.  On success the kobject is pinned; shim_sysfs_close()
 * unpins it and frees the page.
 */
static int shim_sysfs_open(const char *path, bool write,
			   struct kobject **kobjp, struct kobj_attribute **kap,
			   char **pagep)
{
	const struct attribute_group *grp;
	struct kobj_attribute *ka;
	struct attribute *attr;
	int ret;

	ret = shim_sysfs_resolve(path, kobjp, &grp, &attr);
	if (ret)
		return ret;
	ret = -EISDIR;
	if (!attr)
		goto unpin;
	ka = container_of(attr, struct kobj_attribute, attr);
	ret = -EACCES;
	if (write ? !ka->store || !(attr->mode & 0222) :
		    !ka->show || !(attr->mode & 0444))
		goto unpin;
	ret = -ENOMEM;
	*pagep = calloc(1, PAGE_SIZE);
	if (!*pagep)
		goto unpin;
	*kap = ka;
	return 0;
unpin:
	shim_sysfs_unpin(*kobjp);
	return ret;
}

static void shim_sysfs_close(struct kobject *kobj, char *page)
{
	free(page);
	shim_sysfs_unpin(kobj);
}

ssize_t shim_sysfs_read(const char *path, char *buf, size_t size)
{
	struct kobj_attribute *ka;
	struct kobject *kobj;
	char *page;
	ssize_t ret;

	ret = shim_sysfs_open(path, false, &kobj, &ka, &page);
	if (ret)
		return ret;
	ret = ka->show(kobj, ka, page);
	if (ret >= 0) {
		WARN_ON(ret >= (ssize_t)PAGE_SIZE);
		if (size) {
			ret = min_t(ssize_t, ret, (ssize_t)size - 1);
			memcpy(buf, page, ret);
			buf[ret] = '\0';
		}
	}
	shim_sysfs_close(kobj, page);
	return ret;
}

ssize_t shim_sysfs_write(const char *path, const char *buf, size_t count)
{
	struct kobj_attribute *ka;
	struct kobject *kobj;
	char *page;
	ssize_t ret;

	ret = shim_sysfs_open(path, true, &kobj, &ka, &page);
	if (ret)
		return ret;
	/* kernfs: at most PAGE_SIZE bytes, NUL-terminated. */
	count = min_t(size_t, count, PAGE_SIZE - 1);
	memcpy(page, buf, count);
	ret = ka->store(kobj, ka, page, count);
	shim_sysfs_close(kobj, page);
	return ret;
}

ssize_t shim_sysfs_write_str(const char *path, const char *s)
{
	return shim_sysfs_write(path, s, strlen(s));
}

static int shim_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

ssize_t shim_sysfs_list(const char *path, char *buf, size_t size)
{
	const struct attribute_group *grp;
	const char *names[256];
	struct attribute *attr;
	struct kobject *kobj, *k;
	size_t n = 0, i, len = 0;
	ssize_t ret;

	ret = shim_sysfs_resolve(path, &kobj, &grp, &attr);
	if (ret)
		return ret;
	if (attr) {
		shim_sysfs_unpin(kobj);
		return -ENOTDIR;
	}
	pthread_mutex_lock(&shim_sysfs_tree_lock);
	if (grp) {
		struct attribute **a;

		for (a = grp->attrs; a && *a && n < ARRAY_SIZE(names); a++)
			names[n++] = (*a)->name;
	} else {
		list_for_each_entry(k, &kobj->children, entry)
			if (n < ARRAY_SIZE(names))
				names[n++] = k->name;
		for (i = 0; i < SHIM_KOBJ_MAX_GROUPS; i++) {
			const struct attribute_group *g = kobj->groups[i];
			struct attribute **a;

			if (!g)
				continue;
			if (g->name) {
				if (n < ARRAY_SIZE(names))
					names[n++] = g->name;
				continue;
			}
			for (a = g->attrs; a && *a && n < ARRAY_SIZE(names); a++)
				names[n++] = (*a)->name;
		}
	}
	qsort(names, n, sizeof(names[0]), shim_cmp_str);
	if (size)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		int w = snprintf(buf + len, size > len ? size - len : 0, "%s\n",
				 names[i]);

		len += w;
	}
	pthread_mutex_unlock(&shim_sysfs_tree_lock);
	shim_sysfs_unpin(kobj);
	return len;
}

void shim_sysfs_init(void)
{
	struct kobject *sys = shim_kobject_new("sys");

	BUG_ON(!sys);
	shim_sysfs_root = sys;
	kernel_kobj = kobject_create_and_add("kernel", sys);
	BUG_ON(!kernel_kobj);
	mm_kobj = kobject_create_and_add("mm", kernel_kobj);
	BUG_ON(!mm_kobj);
}
