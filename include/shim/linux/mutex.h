/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/mutex.h>: a pthread mutex that remembers its
 * owner, so lockdep_assert_held() can check, and that may sleep.
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <pthread.h>
#include <linux/kernel.h>

struct mutex {
	pthread_mutex_t lock;
	pthread_t owner;
	bool held;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { .lock = PTHREAD_MUTEX_INITIALIZER }

static inline void mutex_init(struct mutex *m)
{
	pthread_mutex_init(&m->lock, NULL);
	m->held = false;
}

static inline void mutex_destroy(struct mutex *m)
{
	pthread_mutex_destroy(&m->lock);
}

static inline void mutex_lock(struct mutex *m)
{
	might_sleep();
	pthread_mutex_lock(&m->lock);
	m->owner = pthread_self();
	__atomic_store_n(&m->held, true, __ATOMIC_RELAXED);
}

/* 1 when the lock was taken, 0 when it is held elsewhere. */
static inline int mutex_trylock(struct mutex *m)
{
	if (pthread_mutex_trylock(&m->lock))
		return 0;
	m->owner = pthread_self();
	__atomic_store_n(&m->held, true, __ATOMIC_RELAXED);
	return 1;
}

static inline int mutex_lock_interruptible(struct mutex *m)
{
	mutex_lock(m);
	return 0;
}

static inline void mutex_unlock(struct mutex *m)
{
	__atomic_store_n(&m->held, false, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&m->lock);
}

static inline bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->held, __ATOMIC_RELAXED);
}

#define lockdep_is_held(m)	mutex_is_locked(m)
#define lockdep_assert_held(m)						\
	WARN_ON(!mutex_is_locked(m) || !pthread_equal((m)->owner, pthread_self()))

#endif
