/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shim's copy primitives are the kernel's instruction sequences on
 * x86-64, so that a userspace benchmark measures what the kernel would run:
 *
 *   copy_mc_to_kernel()  rep movsb where the CPU has ERMS or FSRM, as
 *                        copy_mc_enhanced_fast_string(); memcpy() elsewhere
 *   memcpy_flushcache()  movnti, as __memcpy_flushcache()
 *
 * Spy counters: how many copies each primitive made on the calling thread
 * (thread-local, so that counting costs nothing on the copy path).
 */
#ifndef _SHIM_LINUX_SHIM_COPY_H
#define _SHIM_LINUX_SHIM_COPY_H

#include <linux/types.h>

enum shim_copy_primitive {
	SHIM_COPY_MEMCPY,
	SHIM_COPY_REP_MOVSB,
	SHIM_COPY_MOVNTI,
	SHIM_NR_COPY_PRIMITIVES,
};

extern const char * const shim_copy_names[SHIM_NR_COPY_PRIMITIVES];
extern __thread unsigned long shim_copies[SHIM_NR_COPY_PRIMITIVES];

/* What copy_mc_to_kernel() copies with on this CPU. */
enum shim_copy_primitive shim_copy_mc_primitive(void);

/* Copy @len bytes with rep movsb (x86-64 only; memcpy() elsewhere). */
void shim_rep_movsb(void *dst, const void *src, size_t len);

#endif
