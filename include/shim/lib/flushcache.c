// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's memcpy_flushcache(): on x86-64 the loop of the kernel's
 * __memcpy_flushcache() (arch/x86/lib/usercopy_64.c), movnti stores of
 * 8 bytes, 32 bytes a round, that leave the destination out of the cache;
 * elsewhere a memcpy().  Like the kernel's, it does not fence: the caller
 * orders the stores with wmb().  Also the rep movsb of the shim's
 * copy_mc_to_kernel(), and the spy counters of <linux/shim_copy.h>.
 */
#include <linux/kernel.h>
#include <linux/shim_copy.h>
#include <linux/string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

/*
 * The sanitizers do not see the accesses of inline assembly: tell them, so
 * that ASan still catches an overflowing copy and TSan a racing one.
 */
#if defined(__SANITIZE_ADDRESS__)
void __asan_loadN(void *addr, long size);
void __asan_storeN(void *addr, long size);
static void shim_copy_check(void *dst, const void *src, size_t len)
{
	__asan_loadN((void *)src, len);
	__asan_storeN(dst, len);
}
#elif defined(__SANITIZE_THREAD__)
void __tsan_read_range(void *addr, long size);
void __tsan_write_range(void *addr, long size);
static void shim_copy_check(void *dst, const void *src, size_t len)
{
	__tsan_read_range((void *)src, len);
	__tsan_write_range(dst, len);
}
#else
static inline void shim_copy_check(void *dst, const void *src, size_t len)
{
}
#endif

const char * const shim_copy_names[SHIM_NR_COPY_PRIMITIVES] = {
	[SHIM_COPY_MEMCPY] = "memcpy",
	[SHIM_COPY_REP_MOVSB] = "rep movsb",
	[SHIM_COPY_MOVNTI] = "movnti",
};

__thread unsigned long shim_copies[SHIM_NR_COPY_PRIMITIVES];

/*
 * x86's copy_mc_to_kernel() takes copy_mc_enhanced_fast_string(), a rep
 * movsb, when the CPU has ERMS (FSRM makes short ones fast too); the shim
 * reads the same CPUID bits: leaf 7, EBX bit 9 (ERMS) and EDX bit 4 (FSRM).
 */
enum shim_copy_primitive shim_copy_mc_primitive(void)
{
	static int prim = -1;
	int p = __atomic_load_n(&prim, __ATOMIC_RELAXED);
#if defined(__x86_64__)
	unsigned int a, b, c, d;
#endif

	if (p >= 0)
		return p;
	p = SHIM_COPY_MEMCPY;
#if defined(__x86_64__)
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) &&
	    ((b & (1U << 9)) || (d & (1U << 4))))
		p = SHIM_COPY_REP_MOVSB;
#endif
	__atomic_store_n(&prim, p, __ATOMIC_RELAXED);
	return p;
}

void shim_rep_movsb(void *dst, const void *src, size_t len)
{
#if defined(__x86_64__)
	shim_copy_check(dst, src, len);
	__asm__ __volatile__("rep movsb"
			     : "+D" (dst), "+S" (src), "+c" (len)
			     : : "memory");
#else
	memcpy(dst, src, len);
#endif
}

void memcpy_flushcache(void *dst, const void *src, size_t size)
{
#if defined(__x86_64__)
	unsigned long d = (unsigned long)dst, s = (unsigned long)src;

	shim_copies[SHIM_COPY_MOVNTI]++;
	shim_copy_check(dst, src, size);

	if (!IS_ALIGNED(d, 8)) {
		size_t len = min_t(size_t, size, ALIGN(d, 8) - d);

		memcpy((void *)d, (void *)s, len);
		d += len;
		s += len;
		size -= len;
	}
	while (size >= 32) {
		__asm__("movq    (%0), %%r8\n"
			"movq   8(%0), %%r9\n"
			"movq  16(%0), %%r10\n"
			"movq  24(%0), %%r11\n"
			"movnti  %%r8,   (%1)\n"
			"movnti  %%r9,  8(%1)\n"
			"movnti %%r10, 16(%1)\n"
			"movnti %%r11, 24(%1)\n"
			:: "r" (s), "r" (d)
			: "memory", "r8", "r9", "r10", "r11");
		d += 32;
		s += 32;
		size -= 32;
	}
	dst = (void *)d;
	src = (const void *)s;
#endif
	memcpy(dst, src, size);
}
