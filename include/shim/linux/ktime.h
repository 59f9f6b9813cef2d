/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for ktime_get_ns() of <linux/ktime.h>: CLOCK_MONOTONIC,
 * as the kernel's, one clock for every CPU (unlike local_clock()).
 */
#ifndef _SHIM_LINUX_KTIME_H
#define _SHIM_LINUX_KTIME_H

#include <time.h>
#include <linux/types.h>

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L

static inline u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

#endif
