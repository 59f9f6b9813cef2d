/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/log2.h>. */
#ifndef _SHIM_LINUX_LOG2_H
#define _SHIM_LINUX_LOG2_H

#include <linux/kernel.h>

/* log2 of @n rounded down; @n must not be 0. */
#define ilog2(n)	((int)(63 - __builtin_clzll((unsigned long long)(n))))

#endif
