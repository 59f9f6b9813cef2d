// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's memory: folios of real memory, the machine-check-safe copy with
 * declared poison, mm/util.c's folio copies, mm/debug.c's reason names and
 * lib/percpu_counter.c.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <linux/highmem.h>
#include <linux/migrate.h>
#include <linux/percpu_counter.h>
#include <linux/sched.h>
#include <linux/shim_copy.h>

/* The strings of MIGRATE_REASON in include/trace/events/migrate.h. */
const char *migrate_reason_names[MR_TYPES] = {
	"compaction",
	"memory_failure",
	"memory_hotplug",
	"syscall_or_cpuset",
	"mempolicy_mbind",
	"numa_misplaced",
	"contig_range",
	"longterm_pin",
	"demotion",
	"damon",
};

#define SHIM_MAX_POISON	16

static pthread_mutex_t shim_poison_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	uintptr_t start, end;
} shim_poison[SHIM_MAX_POISON];
static int shim_nr_poison;	/* read locklessly: 0 is the fast path */
unsigned long shim_memory_failure_queued;
unsigned long shim_poison_reads;

int fail_copy_mc_poison(const void *addr, size_t len)
{
	int ret = -ENOSPC;

	pthread_mutex_lock(&shim_poison_lock);
	if (shim_nr_poison < SHIM_MAX_POISON) {
		shim_poison[shim_nr_poison].start = (uintptr_t)addr;
		shim_poison[shim_nr_poison].end = (uintptr_t)addr + len;
		__atomic_store_n(&shim_nr_poison, shim_nr_poison + 1,
				 __ATOMIC_RELEASE);
		ret = 0;
	}
	pthread_mutex_unlock(&shim_poison_lock);
	return ret;
}

void fail_copy_mc_clear(void)
{
	pthread_mutex_lock(&shim_poison_lock);
	__atomic_store_n(&shim_nr_poison, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&shim_poison_lock);
}

/* Bytes of [src, src + len) before the first poisoned byte. */
static size_t shim_clean_prefix(const void *src, size_t len)
{
	uintptr_t s = (uintptr_t)src, e = s + len, first = e;
	int i;

	pthread_mutex_lock(&shim_poison_lock);
	for (i = 0; i < shim_nr_poison; i++)
		if (shim_poison[i].start < e && shim_poison[i].end > s)
			first = min(first, max(s, shim_poison[i].start));
	pthread_mutex_unlock(&shim_poison_lock);
	return first - s;
}

/*
 * As x86's copy_mc_to_kernel(): rep movsb on an ERMS/FSRM CPU, memcpy()
 * elsewhere.  The declared poison is looked up first; the clean prefix is
 * copied with the same instruction, as the real one copies up to the
 * machine check.
 */
unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned int len)
{
	enum shim_copy_primitive prim = shim_copy_mc_primitive();
	size_t ok = len;

	if (__atomic_load_n(&shim_nr_poison, __ATOMIC_ACQUIRE))
		ok = shim_clean_prefix(src, len);
	if (prim == SHIM_COPY_REP_MOVSB)
		shim_rep_movsb(dst, src, ok);
	else
		memcpy(dst, src, ok);
	shim_copies[prim]++;
	if (ok < len)
		__atomic_add_fetch(&shim_poison_reads, 1, __ATOMIC_RELAXED);
	return len - ok;
}

void memory_failure_queue(unsigned long pfn, int flags)
{
	__atomic_add_fetch(&shim_memory_failure_queued, 1, __ATOMIC_RELAXED);
}

/* mm/util.c */
int folio_mc_copy(struct folio *dst, struct folio *src)
{
	long nr = folio_nr_pages(src);
	long i = 0;

	for (;;) {
		if (copy_mc_highpage(folio_page(dst, i), folio_page(src, i)))
			return -EHWPOISON;
		if (++i == nr)
			break;
		cond_resched();
	}
	return 0;
}

void folio_copy(struct folio *dst, struct folio *src)
{
	memcpy(folio_address(dst), folio_address(src), folio_size(src));
}

void shim_folio_init(struct folio *folio, void *addr, unsigned int order)
{
	INIT_LIST_HEAD(&folio->lru);
	folio->virtual = addr;
	folio->order = order;
	folio->private = 0;
}

struct folio *shim_folio_alloc(unsigned int order)
{
	size_t size = PAGE_SIZE << order;
	struct folio *folio;
	void *mem;

	folio = calloc(1, sizeof(*folio));
	if (!folio)
		return NULL;
	if (posix_memalign(&mem, size, size)) {
		free(folio);
		return NULL;
	}
	if (order >= HPAGE_PMD_ORDER)
		madvise(mem, size, MADV_HUGEPAGE);
	shim_folio_init(folio, mem, order);
	return folio;
}

void shim_folio_free(struct folio *folio)
{
	if (!folio)
		return;
	free(folio->virtual);
	free(folio);
}

/* lib/percpu_counter.c: one slot per possible CPU, summed on read. */
int percpu_counter_init_many(struct percpu_counter *fbc, s64 amount,
			     gfp_t gfp, u32 nr_counters)
{
	unsigned int cpus = num_online_cpus();
	s64 *slots;
	u32 i;

	slots = kcalloc((size_t)cpus * nr_counters, sizeof(*slots), gfp);
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < nr_counters; i++) {
		fbc[i].counters = slots + (size_t)i * cpus;
		fbc[i].counters[0] = amount;
	}
	return 0;
}

void percpu_counter_destroy_many(struct percpu_counter *fbc, u32 nr_counters)
{
	u32 i;

	kfree(fbc[0].counters);
	for (i = 0; i < nr_counters; i++)
		fbc[i].counters = NULL;
}

void percpu_counter_add(struct percpu_counter *fbc, s64 amount)
{
	__atomic_fetch_add(&fbc->counters[smp_processor_id()], amount,
			   __ATOMIC_RELAXED);
}

s64 percpu_counter_sum(struct percpu_counter *fbc)
{
	unsigned int cpu, cpus = num_online_cpus();
	s64 sum = 0;

	for (cpu = 0; cpu < cpus; cpu++)
		sum += __atomic_load_n(&fbc->counters[cpu], __ATOMIC_RELAXED);
	return sum;
}

void percpu_counter_set(struct percpu_counter *fbc, s64 amount)
{
	unsigned int cpu, cpus = num_online_cpus();

	for (cpu = 0; cpu < cpus; cpu++)
		__atomic_store_n(&fbc->counters[cpu], cpu ? 0 : amount,
				 __ATOMIC_RELAXED);
}
