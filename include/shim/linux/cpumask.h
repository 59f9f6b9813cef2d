/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/cpumask.h>: a cpumask is a bitmap of
 * NR_CPUS bits; the online CPUs are 0 .. num_online_cpus() - 1, the CPUs of
 * this machine.  Only the operations the backends use are here, with the
 * kernel's semantics (cpumask_next() returns nr_cpu_ids or more when no CPU
 * is left).
 */
#ifndef _SHIM_LINUX_CPUMASK_H
#define _SHIM_LINUX_CPUMASK_H

#include <linux/bitmap.h>
#include <linux/sched.h>

#define NR_CPUS		512

struct cpumask {
	DECLARE_BITMAP(bits, NR_CPUS);
};

#define cpumask_bits(maskp)	((maskp)->bits)

extern const struct cpumask *shim_cpu_online_mask(void);
#define cpu_online_mask		shim_cpu_online_mask()

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *mask)
{
	return (unsigned int)cpu < NR_CPUS && test_bit(cpu, mask->bits);
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *mask)
{
	__set_bit(cpu, mask->bits);
}

static inline void cpumask_clear_cpu(int cpu, struct cpumask *mask)
{
	__clear_bit(cpu, mask->bits);
}

static inline void cpumask_clear(struct cpumask *mask)
{
	bitmap_zero(mask->bits, NR_CPUS);
}

static inline void cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	*dst = *src;
}

/* *dst = *a & *b; whether any bit is left. */
static inline bool cpumask_and(struct cpumask *dst, const struct cpumask *a,
			       const struct cpumask *b)
{
	unsigned long any = 0;
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(NR_CPUS); i++)
		any |= dst->bits[i] = a->bits[i] & b->bits[i];
	return any;
}

static inline void cpumask_or(struct cpumask *dst, const struct cpumask *a,
			      const struct cpumask *b)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(NR_CPUS); i++)
		dst->bits[i] = a->bits[i] | b->bits[i];
}

/* As the kernel's: whether any CPU is left in @dst. */
static inline bool cpumask_andnot(struct cpumask *dst,
				  const struct cpumask *a,
				  const struct cpumask *b)
{
	unsigned int i;
	bool any = false;

	for (i = 0; i < BITS_TO_LONGS(NR_CPUS); i++) {
		dst->bits[i] = a->bits[i] & ~b->bits[i];
		any |= !!dst->bits[i];
	}
	return any;
}

static inline unsigned int cpumask_weight(const struct cpumask *mask)
{
	return bitmap_weight(mask->bits, nr_cpu_ids);
}

/* The next CPU of @mask after @n (-1: the first); nr_cpu_ids when none. */
static inline unsigned int cpumask_next(int n, const struct cpumask *mask)
{
	return find_next_bit(mask->bits, nr_cpu_ids, n + 1);
}

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = -1; (cpu) = cpumask_next((cpu), (mask)),		\
	     (unsigned int)(cpu) < nr_cpu_ids;)

/* Every CPU of @mask once, from @start upward, wrapping around. */
#define for_each_cpu_wrap(cpu, mask, start)				\
	for (unsigned int __i = 0, __s = (unsigned int)(start) % nr_cpu_ids; \
	     __i < nr_cpu_ids; __i++)					\
		if ((cpu) = (__s + __i) % nr_cpu_ids,			\
		    !cpumask_test_cpu((cpu), (mask)))			\
			;						\
		else

#define for_each_online_cpu(cpu)	for_each_cpu((cpu), cpu_online_mask)
#define cpu_online(cpu)		((unsigned int)(cpu) < num_online_cpus())

#endif
