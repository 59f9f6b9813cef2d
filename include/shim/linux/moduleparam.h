/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/moduleparam.h>.  Parameters keep their
 * defaults in the userspace world; tests set the variables directly.
 */
#ifndef _SHIM_LINUX_MODULEPARAM_H
#define _SHIM_LINUX_MODULEPARAM_H

#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define MODULE_PARM_DESC(name, desc)

#endif
