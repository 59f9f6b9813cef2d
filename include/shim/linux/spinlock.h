/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/spinlock.h>: a pthread spin lock that raises
 * the thread's atomic depth, so might_sleep() under it is reported.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/kernel.h>

typedef struct {
	pthread_mutex_t lock;
} spinlock_t;

#define DEFINE_SPINLOCK(name) \
	spinlock_t name = { .lock = PTHREAD_MUTEX_INITIALIZER }

static inline void spin_lock_init(spinlock_t *l)
{
	pthread_mutex_init(&l->lock, NULL);
}

static inline void spin_lock(spinlock_t *l)
{
	pthread_mutex_lock(&l->lock);
	shim_atomic_depth++;
}

static inline void spin_unlock(spinlock_t *l)
{
	shim_atomic_depth--;
	pthread_mutex_unlock(&l->lock);
}

#define spin_lock_irqsave(l, flags)	do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)
#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)

#endif
