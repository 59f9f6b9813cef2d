/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/percpu_counter.h>: one slot per CPU, the
 * slot of the CPU the thread runs on is added to (atomically: a thread may
 * move), and percpu_counter_sum() adds the slots up.
 */
#ifndef _SHIM_LINUX_PERCPU_COUNTER_H
#define _SHIM_LINUX_PERCPU_COUNTER_H

#include <linux/slab.h>
#include <linux/types.h>

struct percpu_counter {
	s64 *counters;
};

int percpu_counter_init_many(struct percpu_counter *fbc, s64 amount,
			     gfp_t gfp, u32 nr_counters);
void percpu_counter_destroy_many(struct percpu_counter *fbc, u32 nr_counters);
void percpu_counter_add(struct percpu_counter *fbc, s64 amount);
s64 percpu_counter_sum(struct percpu_counter *fbc);
void percpu_counter_set(struct percpu_counter *fbc, s64 amount);

static inline int percpu_counter_init(struct percpu_counter *fbc, s64 amount,
				      gfp_t gfp)
{
	return percpu_counter_init_many(fbc, amount, gfp, 1);
}

static inline void percpu_counter_destroy(struct percpu_counter *fbc)
{
	percpu_counter_destroy_many(fbc, 1);
}

static inline void percpu_counter_inc(struct percpu_counter *fbc)
{
	percpu_counter_add(fbc, 1);
}

#endif
