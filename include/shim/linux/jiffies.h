/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/jiffies.h>: HZ is 1000, jiffies is CLOCK_MONOTONIC. */
#ifndef _SHIM_LINUX_JIFFIES_H
#define _SHIM_LINUX_JIFFIES_H

#include <time.h>
#include <linux/types.h>

#define HZ			1000
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

static inline unsigned long shim_jiffies(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * HZ + ts.tv_nsec / (1000000000L / HZ);
}

#define jiffies			shim_jiffies()

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return m;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j;
}

#endif
