/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/processor.h>: cpu_relax(). */
#ifndef _SHIM_LINUX_PROCESSOR_H
#define _SHIM_LINUX_PROCESSOR_H

static inline void cpu_relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

#endif
