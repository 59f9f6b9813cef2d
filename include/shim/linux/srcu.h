/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/srcu.h> on liburcu's membarrier flavour,
 * whose read side is a few plain instructions, as SRCU's is; readers may
 * block.  A thread registers with liburcu at its first read lock and
 * unregisters when it exits.  liburcu has one grace period domain, so
 * synchronize_srcu() waits for the readers of every srcu_struct: a superset
 * of what the kernel waits for, never less.
 *
 * liburcu is not built with ThreadSanitizer, so the happens-before edge from
 * a reader's unlock to the end of a grace period is also expressed with
 * C11 atomics: every unlock is a release RMW of @tsan_sync, and a grace
 * period ends with an acquire load of it.  Only the TSan build pays for
 * that RMW: elsewhere liburcu's own barriers give the ordering.
 */
#ifndef _SHIM_LINUX_SRCU_H
#define _SHIM_LINUX_SRCU_H

#include <linux/rcupdate.h>

struct srcu_struct {
	unsigned long tsan_sync;
};

#define DEFINE_STATIC_SRCU(name)	static struct srcu_struct name
#define DEFINE_SRCU(name)		struct srcu_struct name

static inline int init_srcu_struct(struct srcu_struct *ssp)
{
	ssp->tsan_sync = 0;
	return 0;
}

static inline void cleanup_srcu_struct(struct srcu_struct *ssp)
{
}

extern __thread bool shim_rcu_registered;
void shim_rcu_register_thread(void);

static inline int srcu_read_lock(struct srcu_struct *ssp)
{
	if (unlikely(!shim_rcu_registered))
		shim_rcu_register_thread();
	urcu_memb_read_lock();
	return 0;
}

static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
#ifdef __SANITIZE_THREAD__
	__atomic_fetch_add(&ssp->tsan_sync, 1, __ATOMIC_RELEASE);
#endif
	urcu_memb_read_unlock();
}

static inline void synchronize_srcu(struct srcu_struct *ssp)
{
	might_sleep();
	urcu_memb_synchronize_rcu();
#ifdef __SANITIZE_THREAD__
	(void)__atomic_load_n(&ssp->tsan_sync, __ATOMIC_ACQUIRE);
#endif
}

#define srcu_dereference(p, ssp)	rcu_dereference_raw(p)

#endif
