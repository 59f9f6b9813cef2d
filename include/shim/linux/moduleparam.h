/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/moduleparam.h>.  A parameter of a module
 * (code built with -DSHIM_MODULE_ID) is registered with its module; while
 * the module is loaded, a parameter with a non-zero @perm is the file
 * /sys/module/<module>/parameters/<name>, as in the kernel.
 * shim_module_param_set() plays "insmod MODULE name=value" before a load.
 * Parameters of built-in code keep their defaults.
 */
#ifndef _SHIM_LINUX_MODULEPARAM_H
#define _SHIM_LINUX_MODULEPARAM_H

#include <linux/kobject.h>

struct module;

struct kernel_param_ops {
	int (*set)(const char *val, void *arg);
	int (*get)(char *buffer, void *arg);
};

extern const struct kernel_param_ops param_ops_uint;
extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_ulong;
extern const struct kernel_param_ops param_ops_bool;

struct shim_module_param {
	const char *name;
	void *arg;
	const struct kernel_param_ops *ops;
	umode_t perm;
	struct kobj_attribute attr;
	struct shim_module_param *next;
};

void shim_register_param(struct module *mod, struct shim_module_param *p);
int shim_module_param_set(struct module *mod, const char *name,
			  const char *val);

/* The type is pasted at once: "bool" is a macro of <stdbool.h>. */
#ifdef SHIM_MODULE_ID
#define __shim_module_param(_name, _value, _ops, _perm)			\
	static struct shim_module_param __shim_param_##_name = {	\
		.name = #_name,						\
		.arg = &(_value),					\
		.ops = &(_ops),						\
		.perm = (_perm),					\
	};								\
	static void __attribute__((constructor))			\
	__shim_param_register_##_name(void)				\
	{								\
		shim_register_param(THIS_MODULE, &__shim_param_##_name); \
	}
#else
#define __shim_module_param(_name, _value, _ops, _perm)
#endif
#define module_param_named(_name, _value, _type, _perm)			\
	__shim_module_param(_name, _value, param_ops_##_type, _perm)
#define module_param(_name, _type, _perm)				\
	__shim_module_param(_name, _name, param_ops_##_type, _perm)
#define MODULE_PARM_DESC(name, desc)

#endif
