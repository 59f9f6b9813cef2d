/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/printk.h> and the WARN family of <asm/bug.h>.
 * Messages go to stderr; shim_warn_count counts every WARN so that a test
 * can assert that none fired, as a guest test greps the kernel log.
 */
#ifndef _SHIM_LINUX_PRINTK_H
#define _SHIM_LINUX_PRINTK_H

#include <stdio.h>
#include <stdlib.h>

extern int shim_printk_quiet;
extern int shim_warn_count;

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define shim_printk(level, fmt, ...)					\
	do {								\
		if (!__atomic_load_n(&shim_printk_quiet, __ATOMIC_RELAXED)) \
			fprintf(stderr, level fmt, ##__VA_ARGS__);	\
	} while (0)

#define pr_err(fmt, ...)	shim_printk("<3>", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	shim_printk("<4>", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	shim_printk("<5>", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	shim_printk("<6>", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)
#define pr_err_ratelimited	pr_err
#define pr_warn_ratelimited	pr_warn
#define pr_warn_once		pr_warn
#define pr_info_once		pr_info

#define WARN(cond, fmt, ...) ({						\
	int __ret_warn = !!(cond);					\
	if (__ret_warn) {						\
		__atomic_add_fetch(&shim_warn_count, 1, __ATOMIC_RELAXED); \
		fprintf(stderr, "WARNING: %s:%d: " fmt "\n",		\
			__FILE__, __LINE__, ##__VA_ARGS__);		\
	}								\
	__ret_warn;							\
})
#define WARN_ON(cond)		WARN(cond, "%s", #cond)
#define WARN_ON_ONCE(cond)	WARN(cond, "%s", #cond)
#define WARN_ONCE(cond, fmt, ...) WARN(cond, fmt, ##__VA_ARGS__)
#define BUG_ON(cond)							\
	do {								\
		if (cond) {						\
			fprintf(stderr, "BUG: %s:%d: %s\n",		\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

#endif
