// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's module loader and initcalls: what kernel/module/main.c and
 * init/main.c do for the parts that the core and backends can observe.
 */
#include <stdlib.h>
#include <linux/kobject.h>
#include <linux/module.h>

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

int shim_module_load(struct module *mod)
{
	int ret;

	shim_module_set_state(mod, MODULE_STATE_COMING);
	ret = mod->init ? mod->init() : 0;
	if (ret) {
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
