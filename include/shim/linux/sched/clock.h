/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/sched/clock.h>: local_clock() in
 * nanoseconds, from CLOCK_MONOTONIC (the kernel's is per CPU and may drift
 * a little between CPUs; this one does not).
 */
#ifndef _SHIM_LINUX_SCHED_CLOCK_H
#define _SHIM_LINUX_SCHED_CLOCK_H

#include <time.h>
#include <linux/types.h>

static inline u64 local_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

#endif
