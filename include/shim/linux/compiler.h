/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/compiler.h>. */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* Sparse annotations mean nothing to the userspace compilers. */
#define __rcu
#define __percpu
#define __user
#define __iomem
#define __force
#define __must_check	__attribute__((warn_unused_result))
#define __maybe_unused	__attribute__((unused))
#define __always_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __read_mostly
#define __counted_by(member)
#define __cacheline_aligned	__attribute__((aligned(64)))
#define ____cacheline_aligned	__attribute__((aligned(64)))
#define noinline	__attribute__((noinline))
#define __noreturn	__attribute__((__noreturn__))
#ifndef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#endif
#define fallthrough	__attribute__((fallthrough))

/*
 * READ_ONCE()/WRITE_ONCE() as relaxed atomics: the same single-copy
 * guarantee the kernel gives, and visible to ThreadSanitizer as atomic.
 */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define barrier()		__asm__ __volatile__("" ::: "memory")

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)

#endif
