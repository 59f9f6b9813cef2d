/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/sched.h>: might_sleep() checks the calling
 * thread's atomic depth (raised by spin locks and rcu_read_lock()), the
 * check that CONFIG_DEBUG_ATOMIC_SLEEP makes in the kernel.  current is the
 * calling thread, with the fields the shim models: ->cpus_ptr is the
 * thread's CPU affinity (sched_getaffinity(), read afresh each time, so that
 * a test confines a task as taskset or a cpuset would).
 */
#ifndef _SHIM_LINUX_SCHED_H
#define _SHIM_LINUX_SCHED_H

#include_next <linux/sched.h>
#include <linux/printk.h>

extern __thread int shim_atomic_depth;
extern int shim_sleep_in_atomic_count;

void shim_might_sleep(const char *file, int line);

#define might_sleep()		shim_might_sleep(__FILE__, __LINE__)
#define cond_resched()		do { might_sleep(); } while (0)
#define preempt_disable()	(shim_atomic_depth++)
#define preempt_enable()	(shim_atomic_depth--)
#define preemptible()		(!shim_atomic_depth)

struct cpumask;

struct shim_task {
	const struct cpumask *cpus_ptr;
};

struct shim_task *shim_current(void);
#define current			shim_current()

unsigned int shim_num_online_cpus(void);
int shim_smp_processor_id(void);
#define num_online_cpus()	shim_num_online_cpus()
#define nr_cpu_ids		shim_num_online_cpus()
#define raw_smp_processor_id()	shim_smp_processor_id()
#define smp_processor_id()	shim_smp_processor_id()

#endif
