/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/wait.h>.  As in the kernel, the condition is
 * evaluated without the queue's lock, so it may take the caller's own locks
 * and wake_up() may be called under them.  A wake-up bumps a sequence
 * count: a waiter that read the count before testing the condition sleeps
 * only while the count is unchanged, so no wake-up is lost.  A kthread that
 * sleeps here is also woken by kthread_stop(), as wake_up_process() does.
 */
#ifndef _SHIM_LINUX_WAIT_H
#define _SHIM_LINUX_WAIT_H

#include <pthread.h>
#include <linux/kernel.h>

struct wait_queue_head {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long seq;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = PTHREAD_MUTEX_INITIALIZER,				\
	.cond = PTHREAD_COND_INITIALIZER,				\
}
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
int __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
	      int nr_exclusive, void *key);
/* The waiter's side: see wait_event(). */
unsigned long shim_wait_prepare(struct wait_queue_head *wq);
void shim_wait_sleep(struct wait_queue_head *wq, unsigned long seq);
void shim_wait_finish(struct wait_queue_head *wq);

#define wake_up(wq)			__wake_up(wq, 0, 1, NULL)
#define wake_up_all(wq)			__wake_up(wq, 0, 0, NULL)
#define wake_up_interruptible(wq)	__wake_up(wq, 0, 1, NULL)

#define wait_event(wq, condition)					\
	do {								\
		unsigned long __seq;					\
									\
		might_sleep();						\
		if (condition)						\
			break;						\
		for (;;) {						\
			__seq = shim_wait_prepare(&(wq));		\
			if (condition)					\
				break;					\
			shim_wait_sleep(&(wq), __seq);			\
		}							\
		shim_wait_finish(&(wq));				\
	} while (0)

/* Kernel threads take no signals: this never returns -ERESTARTSYS. */
#define wait_event_interruptible(wq, condition)				\
	({ wait_event(wq, condition); 0; })

#endif
