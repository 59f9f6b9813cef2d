/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <asm/barrier.h>: the write barrier. */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

#include <linux/compiler.h>

/* x86-64: sfence, which also orders non-temporal stores. */
static inline void wmb(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__("sfence" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

#endif
