/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/kconfig.h> and the generated autoconf.h: the
 * configuration of the userspace world.  Every backend is "built in".
 */
#ifndef _SHIM_LINUX_KCONFIG_H
#define _SHIM_LINUX_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_MIGRATION 1
#define CONFIG_SYSFS 1
#define CONFIG_MIGRATION_COPY_OFFLOAD 1
#define CONFIG_MIGRATION_COPY_OFFLOAD_NULL 1
#define CONFIG_MIGRATION_COPY_OFFLOAD_CPU_MT 1
#define CONFIG_MIGRATION_COPY_OFFLOAD_DCBM 1
#define CONFIG_MIGRATION_COPY_OFFLOAD_SOFT_DMA 1
#define CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG 1
#define CONFIG_DEBUG_FS 1

/* The architecture is the host's. */
#if defined(__x86_64__)
#define CONFIG_X86_64 1
#endif

/* IS_ENABLED() as in the kernel: 1 for an option defined to 1, else 0. */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			___is_defined(x)
#define ___is_defined(val)		____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	__take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		__is_defined(option)
#define IS_BUILTIN(option)		__is_defined(option)

#endif
