/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/kmod.h>: request_module() loads, among the
 * modules linked in, the one whose MODULE_ALIAS() matches; it counts its
 * calls for tests.
 */
#ifndef _SHIM_LINUX_KMOD_H
#define _SHIM_LINUX_KMOD_H

#include <linux/types.h>

#define MODULE_NAME_LEN	56

int __request_module(bool wait, const char *name, ...)
	__attribute__((format(printf, 2, 3)));
#define request_module(mod...)	__request_module(true, mod)

extern unsigned long shim_request_module_calls;

#endif
