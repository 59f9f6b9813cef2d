/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the RCU pointer helpers of <linux/rcupdate.h>:
 * publication is a C11 release store and dereference an acquire load, so
 * ThreadSanitizer sees the ordering that the kernel gets from its barriers.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <linux/kernel.h>
/* liburcu defines pointer helpers of the same names: ours replace them. */
/*
 * Inline liburcu's read side, except under TSan: liburcu's own words are
 * plain accesses ordered by fences that TSan does not model, and the
 * library itself is not instrumented.
 */
#if !defined(_LGPL_SOURCE) && !defined(__SANITIZE_THREAD__)
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>

#undef rcu_assign_pointer
#undef rcu_dereference
#undef rcu_access_pointer

#define RCU_INITIALIZER(v)	(v)
#define rcu_assign_pointer(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELAXED)
#define rcu_dereference_raw(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_protected(p, c)	\
	({ (void)(c); __atomic_load_n(&(p), __ATOMIC_RELAXED); })
#define rcu_access_pointer(p)	__atomic_load_n(&(p), __ATOMIC_RELAXED)

#endif
