/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/kthread.h>: a kernel thread is a pthread.
 * kthread_stop() sets the thread's should-stop flag, wakes it wherever it
 * sleeps in wait_event(), and joins it.  As in the kernel, the thread
 * function must run until kthread_should_stop().
 */
#ifndef _SHIM_LINUX_KTHREAD_H
#define _SHIM_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/sched.h>

struct task_struct;

__printf(3, 4)
struct task_struct *kthread_run(int (*threadfn)(void *data), void *data,
				const char *namefmt, ...);
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);

#endif
