/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/workqueue.h>: a per-CPU workqueue is one
 * worker thread per online CPU, pinned to it, with a FIFO of work items.
 * queue_work_on() puts an item on a CPU's list, flush_work() waits until
 * the item is neither pending nor running, cancel_work() takes a pending
 * item off its list, as in kernel/workqueue.c.  destroy_workqueue() drains.
 */
#ifndef _SHIM_LINUX_WORKQUEUE_H
#define _SHIM_LINUX_WORKQUEUE_H

#include <linux/kernel.h>
#include <linux/list.h>

struct work_struct;
struct shim_wq_pool;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;
	work_func_t func;
	struct shim_wq_pool *pool;	/* where it was last queued */
	bool pending;			/* under pool->lock */
	bool running;			/* under pool->lock */
};

enum {
	WQ_UNBOUND	= 1 << 1,
	WQ_FREEZABLE	= 1 << 2,
	WQ_MEM_RECLAIM	= 1 << 3,
	WQ_HIGHPRI	= 1 << 4,
	WQ_CPU_INTENSIVE = 1 << 5,
};

struct workqueue_struct;

static inline void __shim_init_work(struct work_struct *work,
				    work_func_t func)
{
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->pool = NULL;
	work->pending = false;
	work->running = false;
}

#define INIT_WORK(_work, _func)	__shim_init_work(_work, _func)

__printf(1, 4) struct workqueue_struct *
alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
void destroy_workqueue(struct workqueue_struct *wq);
bool queue_work_on(int cpu, struct workqueue_struct *wq,
		   struct work_struct *work);
bool flush_work(struct work_struct *work);
bool cancel_work(struct work_struct *work);

/* Fault hook: alloc_workqueue() fails when this counts down to zero. */
extern int fail_alloc_workqueue;
/*
 * Model hook: a worker thread woken for work waits this long before it
 * takes the first item, as an idle vCPU of a virtual machine takes long to
 * wake; a pending item can be cancelled meanwhile.
 */
extern unsigned int shim_wq_wake_delay_us;

#endif
