/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the online-CPU walk of <linux/cpumask.h>: the
 * online CPUs are 0 .. num_online_cpus() - 1.
 */
#ifndef _SHIM_LINUX_CPUMASK_H
#define _SHIM_LINUX_CPUMASK_H

#include <linux/sched.h>

#define for_each_online_cpu(cpu)					\
	for ((cpu) = 0; (cpu) < (int)num_online_cpus(); (cpu)++)
#define cpu_online(cpu)		((unsigned int)(cpu) < num_online_cpus())

#endif
