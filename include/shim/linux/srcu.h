/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/srcu.h> on liburcu's "bulletproof" flavour,
 * whose readers may block and need no registration.  liburcu has one grace
 * period domain, so synchronize_srcu() waits for the readers of every
 * srcu_struct: a superset of what the kernel waits for, never less.
 *
 * liburcu is not built with ThreadSanitizer, so the happens-before edge from
 * a reader's unlock to the end of a grace period is also expressed with
 * C11 atomics: every unlock is a release RMW of @tsan_sync, and a grace
 * period ends with an acquire load of it.
 */
#ifndef _SHIM_LINUX_SRCU_H
#define _SHIM_LINUX_SRCU_H

#include <urcu-bp.h>
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

static inline int srcu_read_lock(struct srcu_struct *ssp)
{
	urcu_bp_read_lock();
	return 0;
}

static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
	__atomic_fetch_add(&ssp->tsan_sync, 1, __ATOMIC_RELEASE);
	urcu_bp_read_unlock();
}

static inline void synchronize_srcu(struct srcu_struct *ssp)
{
	might_sleep();
	urcu_bp_synchronize_rcu();
	(void)__atomic_load_n(&ssp->tsan_sync, __ATOMIC_ACQUIRE);
}

#define srcu_dereference(p, ssp)	rcu_dereference_raw(p)

#endif
