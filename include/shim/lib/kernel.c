// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's stand-ins for lib/kstrtox.c, lib/string.c, lib/bitmap.c, the
 * slab allocator, the scheduler's might_sleep() check, and the CPUs: online,
 * housekeeping (isolcpus=), and current's allowed ones.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/sched/isolation.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

int shim_printk_quiet;
int shim_warn_count;
__thread int shim_atomic_depth;
__thread unsigned int shim_current_flags;
int shim_sleep_in_atomic_count;

void shim_might_sleep(const char *file, int line)
{
	if (!shim_atomic_depth)
		return;
	__atomic_add_fetch(&shim_sleep_in_atomic_count, 1, __ATOMIC_RELAXED);
	WARN(1, "BUG: sleeping function called from invalid context at %s:%d",
	     file, line);
}

static unsigned int shim_nr_cpus;

unsigned int shim_num_online_cpus(void)
{
	unsigned int n = __atomic_load_n(&shim_nr_cpus, __ATOMIC_RELAXED);

	if (!n) {
		long v = sysconf(_SC_NPROCESSORS_ONLN);

		n = v < 1 ? 1 : v > NR_CPUS ? NR_CPUS : v;
		__atomic_store_n(&shim_nr_cpus, n, __ATOMIC_RELAXED);
	}
	return n;
}

int shim_smp_processor_id(void)
{
	unsigned int cpu = sched_getcpu(), n = shim_num_online_cpus();

	/* A CPU brought online after start-up shares a slot. */
	return likely(cpu < n) ? (int)cpu : (int)(cpu % n);
}

static struct cpumask shim_online;
static struct cpumask shim_housekeeping;
static pthread_once_t shim_cpumask_once = PTHREAD_ONCE_INIT;

static void shim_cpumask_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < shim_num_online_cpus(); cpu++)
		cpumask_set_cpu(cpu, &shim_online);
	cpumask_copy(&shim_housekeeping, &shim_online);
}

/* The online CPUs, 0 .. num_online_cpus() - 1. */
const struct cpumask *shim_cpu_online_mask(void)
{
	pthread_once(&shim_cpumask_once, shim_cpumask_init);
	return &shim_online;
}

/*
 * current->cpus_ptr: the calling thread's affinity, read at each use.  A
 * CPU beyond the shim's online ones shares a slot, as in
 * shim_smp_processor_id().
 */
struct shim_task *shim_current(void)
{
	static __thread struct cpumask cpus;
	static __thread struct shim_task task;
	unsigned int cpu, n = shim_num_online_cpus();
	cpu_set_t set;

	task.cpus_ptr = &cpus;
	cpumask_clear(&cpus);
	if (sched_getaffinity(0, sizeof(set), &set)) {
		cpumask_copy(&cpus, cpu_online_mask);
		return &task;
	}
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			cpumask_set_cpu(cpu % n, &cpus);
	return &task;
}

/*
 * kernel/sched/isolation.c: the housekeeping CPUs of every type are the
 * online ones that no test isolated.  Tests isolate CPUs between copies,
 * never during one.
 */
const struct cpumask *housekeeping_cpumask(enum hk_type type)
{
	pthread_once(&shim_cpumask_once, shim_cpumask_init);
	return &shim_housekeeping;
}

bool housekeeping_test_cpu(int cpu, enum hk_type type)
{
	return cpumask_test_cpu(cpu, housekeeping_cpumask(type));
}

void shim_isolate_cpu(int cpu, bool isolated)
{
	pthread_once(&shim_cpumask_once, shim_cpumask_init);
	if (isolated)
		cpumask_clear_cpu(cpu, &shim_housekeeping);
	else if (cpumask_test_cpu(cpu, &shim_online))
		cpumask_set_cpu(cpu, &shim_housekeeping);
}

/* lib/kstrtox.c: the same acceptance rules, on top of strtoull. */
static int shim_parse_ull(const char *s, unsigned int base,
			  unsigned long long *res, bool *neg)
{
	unsigned long long v;
	const char *p = s;
	char *end;

	*neg = false;
	if (*p == '+') {
		p++;
	} else if (*p == '-') {
		*neg = true;
		p++;
	}
	/* strtoull would accept leading blanks and a second sign. */
	if (!isxdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == p)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	bool neg;
	int ret;

	ret = shim_parse_ull(s, base, &v, &neg);
	if (ret)
		return ret;
	if (neg)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	bool neg;
	int ret;

	ret = shim_parse_ull(s, base, &v, &neg);
	if (ret)
		return ret;
	if (neg) {
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = -(long long)v;
	} else {
		if (v > LLONG_MAX)
			return -ERANGE;
		*res = v;
	}
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (!ret)
		*res = v;
	return ret;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int ret = kstrtoll(s, base, &v);

	if (ret)
		return ret;
	if (v > INT_MAX || v < -(long long)INT_MAX - 1)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

char *skip_spaces(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return (char *)s;
}

char *strim(char *s)
{
	size_t len = strlen(s);
	char *end;

	if (!len)
		return s;
	end = s + len - 1;
	while (end >= s && isspace((unsigned char)*end))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

int match_string(const char * const *array, size_t n, const char *string)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!array[i])
			break;
		if (!strcmp(array[i], string))
			return i;
	}
	return -EINVAL;
}

int __sysfs_match_string(const char * const *array, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n && array[i]; i++)
		if (sysfs_streq(array[i], s))
			return i;
	return -EINVAL;
}

unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int i, w = 0;

	for (i = 0; i < nbits; i++)
		w += test_bit(i, src);
	return w;
}

bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_next_zero_bit(src, nbits, 0) >= nbits;
}

unsigned long find_next_zero_bit(const unsigned long *addr,
				 unsigned long size, unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit(offset, addr))
			return offset;
	return size;
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset)
{
	for (; offset < size; offset++)
		if (test_bit(offset, addr))
			return offset;
	return size;
}

int fail_kmalloc_nth;
unsigned long shim_kmalloc_calls;
unsigned long shim_kmalloc_nowait_calls;

static bool shim_should_fail_kmalloc(gfp_t flags)
{
	__atomic_add_fetch(&shim_kmalloc_calls, 1, __ATOMIC_RELAXED);
	if (!(flags & __GFP_RECLAIM))
		__atomic_add_fetch(&shim_kmalloc_nowait_calls, 1,
				   __ATOMIC_RELAXED);
	else
		might_sleep();
	if (__atomic_load_n(&fail_kmalloc_nth, __ATOMIC_RELAXED) <= 0)
		return false;
	return __atomic_sub_fetch(&fail_kmalloc_nth, 1, __ATOMIC_RELAXED) == 0;
}

void *kmalloc(size_t size, gfp_t flags)
{
	if (shim_should_fail_kmalloc(flags))
		return NULL;
	return flags & __GFP_ZERO ? calloc(1, size) : malloc(size);
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

char *kstrdup(const char *s, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc(len, flags);
	if (p)
		memcpy(p, s, len);
	return p;
}

void kfree(const void *p)
{
	free((void *)p);
}
