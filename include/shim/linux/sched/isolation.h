/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/sched/isolation.h>: the housekeeping CPUs,
 * those that isolcpus= and nohz_full= did not take away.  Every CPU is a
 * housekeeping one until a test isolates some with shim_isolate_cpu(), as
 * the boot parameters would (for every type alike).
 */
#ifndef _SHIM_LINUX_SCHED_ISOLATION_H
#define _SHIM_LINUX_SCHED_ISOLATION_H

#include <linux/cpumask.h>

enum hk_type {
	HK_TYPE_TIMER,
	HK_TYPE_RCU,
	HK_TYPE_MISC,
	HK_TYPE_SCHED,
	HK_TYPE_TICK,
	HK_TYPE_DOMAIN,
	HK_TYPE_WQ,
	HK_TYPE_MANAGED_IRQ,
	HK_TYPE_KTHREAD,
	HK_TYPE_MAX
};

const struct cpumask *housekeeping_cpumask(enum hk_type type);
bool housekeeping_test_cpu(int cpu, enum hk_type type);

/* Test hook: take @cpu out of (or put it back in) the housekeeping CPUs. */
void shim_isolate_cpu(int cpu, bool isolated);

#endif
