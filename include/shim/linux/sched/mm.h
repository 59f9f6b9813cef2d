/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the memalloc scopes of <linux/sched/mm.h>: the
 * calling thread's PF_MEMALLOC, which tests can read.
 */
#ifndef _SHIM_LINUX_SCHED_MM_H
#define _SHIM_LINUX_SCHED_MM_H

#define PF_MEMALLOC	0x00000800

/* The bits of current->flags the shim models. */
extern __thread unsigned int shim_current_flags;

static inline unsigned int memalloc_noreclaim_save(void)
{
	unsigned int flags = shim_current_flags & PF_MEMALLOC;

	shim_current_flags |= PF_MEMALLOC;
	return flags;
}

static inline void memalloc_noreclaim_restore(unsigned int flags)
{
	shim_current_flags = (shim_current_flags & ~PF_MEMALLOC) | flags;
}

#endif
