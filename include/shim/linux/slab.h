/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/slab.h> and <linux/gfp.h>.  Allocations come
 * from malloc, so ASan sees every leak.  fail_kmalloc_nth, when non-zero,
 * makes the allocation with that number (counted from when it was set)
 * fail, as the kernel's failslab does.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/types.h>

#define __GFP_NOWARN	0x1u
#define __GFP_ZERO	0x2u
#define __GFP_NORETRY	0x4u
#define __GFP_RECLAIM	0x8u
#define GFP_KERNEL	(0x100u | __GFP_RECLAIM)
#define GFP_NOWAIT	0x200u
#define GFP_ATOMIC	0x400u
#define GFP_NOIO	0x800u

extern int fail_kmalloc_nth;
extern unsigned long shim_kmalloc_calls;
extern unsigned long shim_kmalloc_nowait_calls;

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
char *kstrdup(const char *s, gfp_t flags);
void kfree(const void *p);

/* No vmalloc here: the kv* variants are the k* ones. */
#define kvcalloc(n, size, flags)	kcalloc(n, size, flags)
#define kvmalloc(size, flags)		kmalloc(size, flags)
#define kvzalloc(size, flags)		kzalloc(size, flags)
#define kvfree(p)			kfree(p)

#define struct_size(p, member, n) \
	(sizeof(*(p)) + sizeof(*(p)->member) * (size_t)(n))

#endif
