/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/init.h>.  Initcalls and __setup() handlers
 * are collected by constructors; shim_init() runs the initcalls in level
 * order and shim_boot_param() plays a kernel command line word.
 */
#ifndef _SHIM_LINUX_INIT_H
#define _SHIM_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __ro_after_init

typedef int (*initcall_t)(void);

void shim_register_initcall(int level, initcall_t fn);
void shim_register_setup(const char *str, int (*fn)(char *));

#define __shim_initcall(fn, level)					\
	static void __attribute__((constructor))			\
	__PASTE(__shim_initcall_, fn)(void)				\
	{								\
		shim_register_initcall(level, fn);			\
	}

#define core_initcall(fn)	__shim_initcall(fn, 1)
#define postcore_initcall(fn)	__shim_initcall(fn, 2)
#define subsys_initcall(fn)	__shim_initcall(fn, 4)
#define device_initcall(fn)	__shim_initcall(fn, 6)
#define late_initcall(fn)	__shim_initcall(fn, 7)

#define __setup(str, fn)						\
	static void __attribute__((constructor))			\
	__PASTE(__shim_setup_, fn)(void)				\
	{								\
		shim_register_setup(str, fn);				\
	}

/* Bring up the userspace "kernel": sysfs roots, then the initcalls. */
void shim_init(void);
/* Hand one command line word ("name=value") to its __setup() handler. */
int shim_boot_param(const char *word);

#endif
