// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's memcpy_flushcache(): on x86-64 the loop of the kernel's
 * __memcpy_flushcache() (arch/x86/lib/usercopy_64.c), movnti stores of
 * 8 bytes, 32 bytes a round, that leave the destination out of the cache;
 * elsewhere a memcpy().  Like the kernel's, it does not fence: the caller
 * orders the stores with wmb().
 */
#include <linux/kernel.h>
#include <linux/string.h>

void memcpy_flushcache(void *dst, const void *src, size_t size)
{
#if defined(__x86_64__)
	unsigned long d = (unsigned long)dst, s = (unsigned long)src;

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
