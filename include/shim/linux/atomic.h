/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/atomic.h>, on the compiler's C11 atomics:
 * value-returning operations are fully ordered, the others relaxed, as in
 * Documentation/atomic_t.txt.
 */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef struct { s64 counter; } atomic64_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define __shim_atomic_ops(pfx, t, v)					\
static inline t pfx##_read(const v *a)					\
{ return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); }		\
static inline void pfx##_set(v *a, t i)					\
{ __atomic_store_n(&a->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_add(t i, v *a)					\
{ __atomic_fetch_add(&a->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_sub(t i, v *a)					\
{ __atomic_fetch_sub(&a->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_inc(v *a) { pfx##_add(1, a); }		\
static inline void pfx##_dec(v *a) { pfx##_sub(1, a); }		\
static inline t pfx##_add_return(t i, v *a)				\
{ return __atomic_add_fetch(&a->counter, i, __ATOMIC_SEQ_CST); }	\
static inline t pfx##_inc_return(v *a) { return pfx##_add_return(1, a); } \
static inline t pfx##_dec_return(v *a) { return pfx##_add_return(-1, a); } \
static inline bool pfx##_dec_and_test(v *a)				\
{ return pfx##_dec_return(a) == 0; }					\
static inline t pfx##_xchg(v *a, t i)					\
{ return __atomic_exchange_n(&a->counter, i, __ATOMIC_SEQ_CST); }	\
static inline t pfx##_cmpxchg(v *a, t old, t new)			\
{									\
	__atomic_compare_exchange_n(&a->counter, &old, new, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return old;							\
}

/* cmpxchg() on a plain word: returns the value found, fully ordered. */
#define cmpxchg(ptr, o, n) ({						\
	__typeof__(*(ptr)) __shim_old = (o);				\
	__atomic_compare_exchange_n((ptr), &__shim_old, (n), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__shim_old;							\
})

__shim_atomic_ops(atomic, int, atomic_t)
__shim_atomic_ops(atomic_long, long, atomic_long_t)
__shim_atomic_ops(atomic64, s64, atomic64_t)

#endif
