/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for copy_mc_to_kernel() of <linux/uaccess.h>.  Real
 * memory has no poison here, so tests declare poisoned ranges with
 * fail_copy_mc_poison(); a copy that reads one stops there and returns the
 * number of bytes not copied, as the machine-check-safe copy does.
 */
#ifndef _SHIM_LINUX_UACCESS_H
#define _SHIM_LINUX_UACCESS_H

#include <linux/types.h>

unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned int len);

/* Fault hooks: declare a poisoned source range; clear them all. */
int fail_copy_mc_poison(const void *addr, size_t len);
void fail_copy_mc_clear(void);
/* Copies that ran into declared poison (machine checks taken). */
extern unsigned long shim_poison_reads;

#endif
