// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's module loader and initcalls: what kernel/module/main.c and
 * init/main.c do for the parts that the core and backends can observe.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kmod.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>

bool module_is_live(struct module *mod)
{
	return __atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) !=
	       MODULE_STATE_GOING;
}

bool try_module_get(struct module *mod)
{
	if (!mod)
		return true;
	/* As the kernel: take the ref, then back off if it is going. */
	__atomic_add_fetch(&mod->refcnt, 1, __ATOMIC_SEQ_CST);
	if (likely(module_is_live(mod)))
		return true;
	__atomic_sub_fetch(&mod->refcnt, 1, __ATOMIC_SEQ_CST);
	return false;
}

void __module_get(struct module *mod)
{
	if (mod)
		__atomic_add_fetch(&mod->refcnt, 1, __ATOMIC_SEQ_CST);
}

void module_put(struct module *mod)
{
	if (mod)
		WARN_ON(__atomic_sub_fetch(&mod->refcnt, 1,
					   __ATOMIC_SEQ_CST) < 0);
}

int shim_module_refcount(struct module *mod)
{
	return __atomic_load_n(&mod->refcnt, __ATOMIC_SEQ_CST);
}

void shim_module_set_state(struct module *mod, enum module_state state)
{
	__atomic_store_n(&mod->state, state, __ATOMIC_RELEASE);
}

/* kernel/params.c: the parameter types the project's modules use. */
static int param_set_uint(const char *val, void *arg)
{
	return kstrtouint(val, 0, arg);
}

static int param_get_uint(char *buffer, void *arg)
{
	return sysfs_emit(buffer, "%u\n", READ_ONCE(*(unsigned int *)arg));
}

static int param_set_int(const char *val, void *arg)
{
	return kstrtoint(val, 0, arg);
}

static int param_get_int(char *buffer, void *arg)
{
	return sysfs_emit(buffer, "%d\n", READ_ONCE(*(int *)arg));
}

static int param_set_ulong(const char *val, void *arg)
{
	return kstrtoul(val, 0, arg);
}

static int param_get_ulong(char *buffer, void *arg)
{
	return sysfs_emit(buffer, "%lu\n", READ_ONCE(*(unsigned long *)arg));
}

static int param_set_bool(const char *val, void *arg)
{
	/* No value means "on", as for a bare "name" on the command line. */
	return kstrtobool(val ? val : "1", arg);
}

static int param_get_bool(char *buffer, void *arg)
{
	return sysfs_emit(buffer, "%c\n", READ_ONCE(*(bool *)arg) ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_uint = {
	.set = param_set_uint, .get = param_get_uint,
};
const struct kernel_param_ops param_ops_int = {
	.set = param_set_int, .get = param_get_int,
};
const struct kernel_param_ops param_ops_ulong = {
	.set = param_set_ulong, .get = param_get_ulong,
};
const struct kernel_param_ops param_ops_bool = {
	.set = param_set_bool, .get = param_get_bool,
};

void shim_register_param(struct module *mod, struct shim_module_param *p)
{
	p->next = mod->params;
	mod->params = p;
}

/*
 * A store parses into a copy and publishes it with one store, so that a
 * module reading the variable with READ_ONCE() never sees a torn value.
 */
static int shim_param_set(struct shim_module_param *p, const char *val)
{
	union {
		unsigned int u;
		int i;
		unsigned long ul;
		bool b;
	} v;
	int ret;

	ret = p->ops->set(val, &v);
	if (ret)
		return ret;
	if (p->ops == &param_ops_uint)
		WRITE_ONCE(*(unsigned int *)p->arg, v.u);
	else if (p->ops == &param_ops_int)
		WRITE_ONCE(*(int *)p->arg, v.i);
	else if (p->ops == &param_ops_ulong)
		WRITE_ONCE(*(unsigned long *)p->arg, v.ul);
	else
		WRITE_ONCE(*(bool *)p->arg, v.b);
	return 0;
}

int shim_module_param_set(struct module *mod, const char *name,
			  const char *val)
{
	struct shim_module_param *p;

	for (p = mod->params; p; p = p->next)
		if (!strcmp(p->name, name))
			return shim_param_set(p, val);
	return -ENOENT;
}

static ssize_t shim_param_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct shim_module_param *p =
		container_of(attr, struct shim_module_param, attr);

	return p->ops->get(buf, p->arg);
}

static ssize_t shim_param_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	struct shim_module_param *p =
		container_of(attr, struct shim_module_param, attr);
	int ret = shim_param_set(p, buf);

	return ret ? ret : count;
}

static struct kobject *shim_module_kobj;

/* /sys/module/<name>/parameters/, for the parameters with a mode. */
static int shim_module_param_sysfs_add(struct module *mod)
{
	struct shim_module_param *p;
	struct attribute **attrs;
	int n = 0, ret;

	for (p = mod->params; p; p = p->next)
		n += !!p->perm;
	if (!n)
		return 0;
	if (!shim_module_kobj)
		shim_module_kobj = kobject_create_and_add("module", NULL);
	if (!shim_module_kobj)
		return -ENOMEM;
	attrs = kcalloc(n + 1, sizeof(*attrs), GFP_KERNEL);
	if (!attrs)
		return -ENOMEM;
	n = 0;
	for (p = mod->params; p; p = p->next) {
		if (!p->perm)
			continue;
		p->attr.attr.name = p->name;
		p->attr.attr.mode = p->perm;
		p->attr.show = shim_param_show;
		p->attr.store = p->perm & 0222 ? shim_param_store : NULL;
		attrs[n++] = &p->attr.attr;
	}
	mod->param_group.name = "parameters";
	mod->param_group.attrs = attrs;
	mod->param_kobj = kobject_create_and_add(mod->name, shim_module_kobj);
	if (!mod->param_kobj) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = sysfs_create_group(mod->param_kobj, &mod->param_group);
	if (ret)
		goto err_put;
	return 0;

err_put:
	kobject_put(mod->param_kobj);
	mod->param_kobj = NULL;
err_free:
	kfree(attrs);
	mod->param_group.attrs = NULL;
	return ret;
}

static void shim_module_param_sysfs_remove(struct module *mod)
{
	if (!mod->param_kobj)
		return;
	sysfs_remove_group(mod->param_kobj, &mod->param_group);
	kobject_put(mod->param_kobj);
	mod->param_kobj = NULL;
	kfree(mod->param_group.attrs);
	mod->param_group.attrs = NULL;
}

int shim_module_load(struct module *mod)
{
	int ret;

	shim_module_set_state(mod, MODULE_STATE_COMING);
	ret = shim_module_param_sysfs_add(mod);
	if (ret) {
		shim_module_set_state(mod, MODULE_STATE_UNFORMED);
		return ret;
	}
	ret = mod->init ? mod->init() : 0;
	if (ret) {
		shim_module_param_sysfs_remove(mod);
		shim_module_set_state(mod, MODULE_STATE_GOING);
		shim_module_set_state(mod, MODULE_STATE_UNFORMED);
		return ret;
	}
	shim_module_set_state(mod, MODULE_STATE_LIVE);
	return 0;
}

/* delete_module(2): refused while referenced, else GOING, exit, gone. */
int shim_module_unload(struct module *mod)
{
	if (!mod->exitp || !*mod->exitp)
		return -EBUSY;
	if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) != MODULE_STATE_LIVE)
		return -ENOENT;
	shim_module_set_state(mod, MODULE_STATE_GOING);
	if (shim_module_refcount(mod)) {
		shim_module_set_state(mod, MODULE_STATE_LIVE);
		return -EWOULDBLOCK;
	}
	(*mod->exitp)();
	shim_module_param_sysfs_remove(mod);
	shim_module_set_state(mod, MODULE_STATE_UNFORMED);
	return 0;
}

#define SHIM_MAX_MODULES	32

static struct module *shim_modules[SHIM_MAX_MODULES];
static int shim_nr_modules;

void shim_register_module(struct module *mod)
{
	BUG_ON(shim_nr_modules == SHIM_MAX_MODULES);
	shim_modules[shim_nr_modules++] = mod;
}

struct module *shim_find_module(const char *name)
{
	int i;

	for (i = 0; i < shim_nr_modules; i++)
		if (!strcmp(shim_modules[i]->name, name))
			return shim_modules[i];
	return NULL;
}

unsigned long shim_request_module_calls;

/* kernel/module/kmod.c: modprobe by alias, here the modules linked in. */
int __request_module(bool wait, const char *fmt, ...)
{
	char name[MODULE_NAME_LEN];
	struct module *mod;
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&shim_request_module_calls, 1, __ATOMIC_RELAXED);
	for (i = 0; (mod = shim_module_at(i)); i++) {
		if (!mod->alias || strcmp(mod->alias, name))
			continue;
		if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) ==
		    MODULE_STATE_LIVE)
			return 0;
		return shim_module_load(mod);
	}
	return -ENOENT;
}

struct module *shim_module_at(int i)
{
	return i >= 0 && i < shim_nr_modules ? shim_modules[i] : NULL;
}

#define SHIM_MAX_INITCALLS	64
#define SHIM_MAX_SETUPS		16

static struct {
	int level;
	initcall_t fn;
} shim_initcalls[SHIM_MAX_INITCALLS];
static int shim_nr_initcalls;

static struct {
	const char *str;
	int (*fn)(char *);
} shim_setups[SHIM_MAX_SETUPS];
static int shim_nr_setups;

void shim_register_initcall(int level, initcall_t fn)
{
	BUG_ON(shim_nr_initcalls == SHIM_MAX_INITCALLS);
	shim_initcalls[shim_nr_initcalls].level = level;
	shim_initcalls[shim_nr_initcalls].fn = fn;
	shim_nr_initcalls++;
}

void shim_register_setup(const char *str, int (*fn)(char *))
{
	BUG_ON(shim_nr_setups == SHIM_MAX_SETUPS);
	shim_setups[shim_nr_setups].str = str;
	shim_setups[shim_nr_setups].fn = fn;
	shim_nr_setups++;
}

int shim_boot_param(const char *word)
{
	static char copy[256];
	int i;

	for (i = 0; i < shim_nr_setups; i++) {
		size_t len = strlen(shim_setups[i].str);

		if (strncmp(word, shim_setups[i].str, len))
			continue;
		if (strscpy(copy, word + len, sizeof(copy)) < 0)
			return -E2BIG;
		return shim_setups[i].fn(copy) ? 0 : -EINVAL;
	}
	return -ENOENT;
}

void shim_sysfs_init(void);

void shim_init(void)
{
	static bool done;
	int level, i;

	if (done)
		return;
	done = true;
	shim_sysfs_init();
	for (level = 0; level < 8; level++)
		for (i = 0; i < shim_nr_initcalls; i++)
			if (shim_initcalls[i].level == level &&
			    shim_initcalls[i].fn())
				pr_err("shim: initcall %d failed\n", i);
}
