/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/module.h>.
 *
 * Every backend is linked into the test or benchmark binary, but each keeps a
 * module of its own, so module lifetime is real: a reference count, a state
 * that can be "going away" (try_module_get() then fails), and an exit
 * function that runs at unload.  Build a backend with
 * -DSHIM_MODULE_ID=<name>: THIS_MODULE is then that module, and
 * module_init() defines it.  Code built without it is "built in" and
 * THIS_MODULE is NULL, as in the kernel.
 */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

enum module_state {
	MODULE_STATE_UNFORMED,
	MODULE_STATE_COMING,
	MODULE_STATE_LIVE,
	MODULE_STATE_GOING,
};

struct module {
	const char *name;
	int (*init)(void);
	void (*const *exitp)(void);
	int state;		/* enum module_state, atomic */
	int refcnt;		/* atomic */
	const char *alias;	/* MODULE_ALIAS(), for request_module() */
	/* module_param()s, and their directory while loaded */
	struct shim_module_param *params;
	struct kobject *param_kobj;
	struct attribute_group param_group;
};

#define MODULE_LICENSE(s)
#define MODULE_DESCRIPTION(s)
#define MODULE_AUTHOR(s)
#define EXPORT_SYMBOL(s)
#define EXPORT_SYMBOL_GPL(s)

bool try_module_get(struct module *mod);
void module_put(struct module *mod);
void __module_get(struct module *mod);
bool module_is_live(struct module *mod);

/* Load (run init) and unload (as delete_module(2): refused while in use). */
int shim_module_load(struct module *mod);
int shim_module_unload(struct module *mod);
/* Mark a module as going away without unloading it, for tests. */
void shim_module_set_state(struct module *mod, enum module_state state);
int shim_module_refcount(struct module *mod);
/* Every module linked in, by name ("mco_null"); NULL if there is none. */
struct module *shim_find_module(const char *name);
/* The @i-th module linked in, in link order; NULL past the last. */
struct module *shim_module_at(int i);
void shim_register_module(struct module *mod);

#ifdef SHIM_MODULE_ID
#define __shim_this_module	__PASTE(__this_module_, SHIM_MODULE_ID)
#define __shim_modexit		__PASTE(__shim_modexit_, SHIM_MODULE_ID)

extern struct module __shim_this_module;
extern void (*const __shim_modexit)(void) __attribute__((weak));
#define THIS_MODULE		(&__shim_this_module)

#define module_init(fn)							\
	struct module __shim_this_module = {				\
		.name = __stringify(SHIM_MODULE_ID),			\
		.init = fn,						\
		.exitp = &__shim_modexit,				\
	};								\
	static void __attribute__((constructor))			\
	__PASTE(__shim_modreg_, SHIM_MODULE_ID)(void)			\
	{								\
		shim_register_module(&__shim_this_module);		\
	}
#define module_exit(fn)	void (*const __shim_modexit)(void) = fn
#define MODULE_ALIAS(s)							\
	static void __attribute__((constructor))			\
	__PASTE(__shim_modalias_, SHIM_MODULE_ID)(void)			\
	{								\
		__shim_this_module.alias = (s);				\
	}
#else
#define MODULE_ALIAS(s)
#define THIS_MODULE		((struct module *)0)
#define module_init(fn)		device_initcall(fn)
#define module_exit(fn)
#endif

#endif
