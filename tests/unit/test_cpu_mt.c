// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cpu_mt backend: its tunables, copies of mixed folio sizes in both
 * copy modes, the split of large folios over threads, the small-batch rule,
 * fallback of exactly the folios whose chunk failed, poison, the workers'
 * CPU time, and concurrent batches (run under TSan by make check-user).
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/isolation.h>
#include <linux/shim_copy.h>
#include <linux/workqueue.h>

#include "unit.h"

#define CPU_MT_FILE(f)	MO_SYSFS "/cpu_mt/" f
#define CPU_MT_DEBUGFS	"/sys/kernel/debug/migrate_offload/cpu_mt/"
#define CPU_MT_FLIP_BYTE CPU_MT_DEBUGFS "fail_flip_byte"

static const char * const cpu_mt_counters[] = {
	"worker_ns", "worker_chunks", "caller_chunks", "parallel_batches",
	"cancelled_works", "slept_waits", "start_under_8us", "start_under_32us",
	"start_under_128us", "start_under_512us", "start_under_2ms",
	"start_slower",
};

static char online[16];

static u64 cpu_mt_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), MO_SYSFS "/cpu_mt/%s", name);
	return strtoull(unit_read(path), NULL, 10);
}

/* Work items cpu_mt ran on @cpu, from its per-CPU debugfs counter. */
static u64 cpu_mt_works(unsigned int cpu)
{
	char path[128];

	snprintf(path, sizeof(path), CPU_MT_DEBUGFS "works_cpu%u", cpu);
	return strtoull(unit_read(path), NULL, 10);
}

/* Workers whose queue-to-start delay was counted. */
static u64 cpu_mt_started(void)
{
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpu_mt_counters); i++)
		if (!strncmp(cpu_mt_counters[i], "start_", 6))
			n += cpu_mt_stat(cpu_mt_counters[i]);
	return n;
}

static void cpu_mt_defaults(void)
{
	char path[128];
	unsigned int i;

	snprintf(online, sizeof(online), "%u", num_online_cpus());
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("threads"), online) > 0);
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("chunk_kb"), "64") > 0);
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("copy_mode"), "mc") > 0);
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("fail_chunk_every"), "0") > 0);
	CU_ASSERT_FATAL(unit_write(CPU_MT_FLIP_BYTE, "0") > 0);
	for (i = 0; i < ARRAY_SIZE(cpu_mt_counters); i++) {
		snprintf(path, sizeof(path), MO_SYSFS "/cpu_mt/%s",
			 cpu_mt_counters[i]);
		CU_ASSERT_FATAL(unit_write(path, "0") > 0);
	}
}

static void cpu_mt_setup(void)
{
	unit_reset_core();
	cpu_mt_defaults();
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "cpu_mt") > 0);
}

static void cpu_mt_teardown(void)
{
	cpu_mt_defaults();
	unit_reset_core();
}

/* Tunables */

static void test_threads_zero_returns_einval_and_keeps_value(void)
{
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), "1"), 1);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), "0"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("threads")), "1");
}

static void test_threads_above_online_cpus_returns_einval(void)
{
	char more[16];

	snprintf(more, sizeof(more), "%u", num_online_cpus() + 1);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), more), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("threads")), online);
}

static void test_threads_default_is_four_or_the_cpus_there_are(void)
{
	struct module *mod = shim_find_module("mco_cpu_mt");
	char want[16];

	CU_ASSERT_FATAL(mod != NULL);
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_FATAL(!shim_module_unload(mod));
	CU_ASSERT_FATAL(!shim_module_load(mod));
	snprintf(want, sizeof(want), "%u", min(4U, num_online_cpus()));
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("threads")), want);
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "cpu_mt") > 0);
}

static void test_threads_garbage_returns_einval(void)
{
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), "two"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), "-1"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), ""), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("threads")), online);
}

static void test_threads_accepts_every_online_count(void)
{
	unsigned int n;
	char v[16];

	for (n = 1; n <= num_online_cpus(); n++) {
		snprintf(v, sizeof(v), "%u\n", n);
		CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("threads"), v),
				(ssize_t)strlen(v));
		v[strlen(v) - 1] = '\0';
		CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("threads")), v);
	}
}

static void test_chunk_kb_bad_values_return_einval_and_keep_value(void)
{
	static const char * const bad[] = {
		"0", "2", "3", "48", "100", "4096", "1024k", "-64", "",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("chunk_kb"), bad[i]),
				-EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("chunk_kb")), "64");
}

static void test_chunk_kb_accepts_powers_of_two_4_to_2048(void)
{
	unsigned int kb;
	char v[16];

	for (kb = 4; kb <= 2048; kb *= 2) {
		snprintf(v, sizeof(v), "%u", kb);
		CU_ASSERT(unit_write(CPU_MT_FILE("chunk_kb"), v) > 0);
		CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("chunk_kb")), v);
	}
}

static void test_copy_mode_lists_modes_with_active_bracketed(void)
{
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("copy_mode")), "[mc] nt");
	CU_ASSERT(unit_write(CPU_MT_FILE("copy_mode"), "nt\n") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("copy_mode")), "mc [nt]");
}

static void test_copy_mode_unknown_word_returns_einval(void)
{
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("copy_mode"), "avx"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("copy_mode"), ""), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("copy_mode")), "[mc] nt");
}

static void test_counter_write_nonzero_returns_einval(void)
{
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("worker_ns"), "5"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(CPU_MT_FILE("worker_ns"), "0"), 1);
}

/* Copies */

static const unsigned int mixed_orders[] = {
	0, 4, 9, 0, 0, 2, 9, 4, 0, 1, 3, 0, 9, 0, 4, 0,
};

static void copy_mixed_and_check(const char *mode, const char *chunk_kb)
{
	unsigned int nr = ARRAY_SIZE(mixed_orders);
	struct unit_batch *b = unit_batch_alloc(mixed_orders, nr);

	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("copy_mode"), mode) > 0);
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("chunk_kb"), chunk_kb) > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), nr);
	CU_ASSERT_EQUAL(unit_batch_equal(b), nr);
	CU_ASSERT(bitmap_full(b->copied, nr));
	CU_ASSERT_EQUAL(unit_stat("folios"), nr);
	CU_ASSERT_EQUAL(unit_stat("bytes"), unit_batch_bytes(b));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	unit_batch_free(b);
}

static void test_mc_mixed_folio_sizes_every_byte_equal(void)
{
	copy_mixed_and_check("mc", "64");
}

static void test_nt_mixed_folio_sizes_every_byte_equal(void)
{
	copy_mixed_and_check("nt", "64");
}

static void test_smallest_chunks_every_byte_equal(void)
{
	copy_mixed_and_check("mc", "4");
}

static void test_largest_chunks_every_byte_equal(void)
{
	copy_mixed_and_check("nt", "2048");
}

static void test_one_thread_copies_every_byte_alone(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 2);

	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("threads"), "1") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 2);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 2);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(cpu_mt_stat("parallel_batches"), 0);
	CU_ASSERT_EQUAL(cpu_mt_stat("caller_chunks"), 0);
	CU_ASSERT_EQUAL(cpu_mt_stat("worker_chunks"), 0);
	unit_batch_free(b);
}

/*
 * Copy @b until a batch goes parallel (for at most 20 s: a CPU that stays
 * busy is tried again after 8 s at the latest).  The counters are reset
 * before each try, so that they describe the last batch alone.
 */
static void wait_for_parallel_batch(struct unit_batch *b, unsigned int nr)
{
	unsigned int tries;

	for (tries = 0; tries < 200; tries++) {
		cpu_mt_defaults();
		unit_reset_core();
		CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "cpu_mt") > 0);
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), nr);
		if (cpu_mt_stat("parallel_batches"))
			return;
		usleep(100 * 1000);
	}
}

static void test_one_thp_is_split_into_chunks_across_threads(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);

	if (num_online_cpus() < 2) {
		unit_batch_free(b);
		return;
	}
	/* A CPU found busy by an earlier test is left alone for a while. */
	wait_for_parallel_batch(b, 1);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 1);
	CU_ASSERT_EQUAL(cpu_mt_stat("parallel_batches"), 1);
	/* 2 MiB in 64 KiB chunks, whoever copied them. */
	CU_ASSERT_EQUAL(cpu_mt_stat("caller_chunks") +
			cpu_mt_stat("worker_chunks"), 32);
	/* The migrating thread always takes a share. */
	CU_ASSERT(cpu_mt_stat("caller_chunks") > 0);
	unit_batch_free(b);
}

static void test_batch_below_min_batch_is_left_to_the_migration_path(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 15);

	/* One 64 KiB chunk: 16 base pages of 4 KiB. */
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("min_batch")), "16");
	unit_move_copies();
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 15);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 15);
	CU_ASSERT_EQUAL(unit_stat("batches"), 0);
	unit_batch_free(b);
}

static void test_small_batch_is_copied_by_the_caller_alone(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 16);

	/* 64 KiB: less than two shares of 128 KiB. */
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 16);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 16);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(cpu_mt_stat("parallel_batches"), 0);
	CU_ASSERT_EQUAL(cpu_mt_stat("worker_chunks"), 0);
	unit_batch_free(b);
}

static void test_worker_time_is_counted(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 8);
	unsigned int round;

	if (num_online_cpus() < 2) {
		unit_batch_free(b);
		return;
	}
	/* A worker on a busy CPU may be cancelled: try until one copied. */
	for (round = 0; round < 20 && !cpu_mt_stat("worker_chunks"); round++)
		wait_for_parallel_batch(b, 8);
	CU_ASSERT(cpu_mt_stat("worker_chunks") > 0);
	CU_ASSERT(cpu_mt_stat("worker_ns") > 0);
	/* Each worker that started counted its queue-to-start delay. */
	CU_ASSERT(cpu_mt_started() > 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 8);
	unit_batch_free(b);
}

/* Which CPUs: isolation, cpusets, slow wake-ups */

static void test_worker_never_runs_outside_the_callers_cpus(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 4);
	unsigned int n = num_online_cpus(), cpu, i;
	u64 before[NR_CPUS];
	cpu_set_t all, some;

	if (n < 2 || sched_getaffinity(0, sizeof(all), &all)) {
		unit_batch_free(b);
		return;
	}
	/* As a cpuset would: every CPU but the last (CPU 0 alone of 2). */
	CPU_ZERO(&some);
	for (cpu = 0; cpu < n - 1; cpu++)
		CPU_SET(cpu, &some);
	CU_ASSERT_FATAL(!sched_setaffinity(0, sizeof(some), &some));
	for (cpu = 0; cpu < n; cpu++)
		before[cpu] = cpu_mt_works(cpu);
	for (i = 0; i < 20; i++)
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 4);
	sched_setaffinity(0, sizeof(all), &all);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(cpu_mt_works(n - 1), before[n - 1]);
	/* Of 2 CPUs, the caller's one is left: no worker at all. */
	if (n == 2)
		CU_ASSERT_EQUAL(cpu_mt_stat("parallel_batches"), 0);
	unit_batch_free(b);
}

static void test_isolated_cpu_never_runs_a_worker(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 4);
	unsigned int n = num_online_cpus(), i;
	u64 before;

	if (n < 2) {
		unit_batch_free(b);
		return;
	}
	/* isolcpus= (or nohz_full=) of the last CPU. */
	shim_isolate_cpu(n - 1, true);
	CU_ASSERT_FALSE(housekeeping_test_cpu(n - 1, HK_TYPE_WQ));
	before = cpu_mt_works(n - 1);
	for (i = 0; i < 20; i++)
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 4);
	shim_isolate_cpu(n - 1, false);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(cpu_mt_works(n - 1), before);
	unit_batch_free(b);
}

static void test_slow_cpu_is_left_to_batches_that_afford_it(void)
{
	struct unit_batch *small = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);
	struct unit_batch *big = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 4);
	unsigned int n = num_online_cpus(), i;
	u64 parallel = 0, t0;

	if (n < 2)
		goto out;
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("threads"), "2") > 0);
	/* Every CPU wakes 200 ms late: each worker is cancelled. */
	__atomic_store_n(&shim_wq_wake_delay_us, 200000, __ATOMIC_RELAXED);
	/* A CPU found busy by an earlier test is left alone for a while. */
	for (i = 0; i < 200 && !parallel; i++) {
		CU_ASSERT_EQUAL(unit_batch_copy(small, MR_DEMOTION), 1);
		parallel = cpu_mt_stat("parallel_batches");
		if (!parallel)
			usleep(100 * 1000);
	}
	CU_ASSERT(parallel == 1);
	/*
	 * That CPU now counts as 2 MiB late, more than the 1 MiB share of a
	 * 2 MiB batch: for a second, each CPU gets such a batch once at most.
	 */
	t0 = ktime_get_ns();
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(unit_batch_copy(small, MR_DEMOTION), 1);
	/* Nobody waited for a worker that had not started. */
	CU_ASSERT(ktime_get_ns() - t0 < 150 * NSEC_PER_MSEC);
	parallel = cpu_mt_stat("parallel_batches");
	CU_ASSERT(parallel <= n);
	CU_ASSERT_EQUAL(cpu_mt_stat("cancelled_works"), parallel);
	CU_ASSERT_EQUAL(cpu_mt_stat("worker_chunks"), 0);
	/* An 8 MiB batch, a 4 MiB share, affords such a CPU. */
	for (i = 0; i < 10 && cpu_mt_stat("parallel_batches") == parallel; i++)
		CU_ASSERT_EQUAL(unit_batch_copy(big, MR_DEMOTION), 4);
	CU_ASSERT(cpu_mt_stat("parallel_batches") > parallel);
	CU_ASSERT_EQUAL(unit_batch_equal(small), 1);
	CU_ASSERT_EQUAL(unit_batch_equal(big), 4);
out:
	__atomic_store_n(&shim_wq_wake_delay_us, 0, __ATOMIC_RELAXED);
	unit_batch_free(small);
	unit_batch_free(big);
}

/* The copy primitives: the kernel's instruction sequences */

/* Does /proc/cpuinfo list @flag for this CPU? */
static bool cpu_has_flag(const char *flag)
{
	char line[8192], word[64];
	bool found = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	snprintf(word, sizeof(word), " %s", flag);
	while (!found && fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, "flags", 5))
			continue;
		for (p = strstr(line, word); p && !found; p = strstr(p + 1, word))
			found = p[strlen(word)] == ' ' || p[strlen(word)] == '\n';
		break;
	}
	fclose(f);
	return found;
}

static void test_copy_mc_is_rep_movsb_on_erms_cpus(void)
{
	static char src[PAGE_SIZE], dst[PAGE_SIZE];
	bool erms = cpu_has_flag("erms") || cpu_has_flag("fsrm");
	enum shim_copy_primitive want;
	unsigned long before[SHIM_NR_COPY_PRIMITIVES];

#if defined(__x86_64__)
	want = erms ? SHIM_COPY_REP_MOVSB : SHIM_COPY_MEMCPY;
#else
	want = SHIM_COPY_MEMCPY;
#endif
	memset(src, 0x5a, sizeof(src));
	memcpy(before, shim_copies, sizeof(before));
	CU_ASSERT_EQUAL(copy_mc_to_kernel(dst, src, sizeof(src)), 0);
	CU_ASSERT_EQUAL(shim_copy_mc_primitive(), want);
	CU_ASSERT_EQUAL(shim_copies[want] - before[want], 1);
	CU_ASSERT(!memcmp(dst, src, sizeof(src)));
	printf("(copy_mc_to_kernel: %s) ", shim_copy_names[want]);
}

static void test_mc_copies_with_copy_mc_and_nt_with_movnti(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 2);
	enum shim_copy_primitive mc = shim_copy_mc_primitive();
	unsigned long before[SHIM_NR_COPY_PRIMITIVES];

	/* One thread, this one: 2 THPs in 64 KiB chunks, 64 copies. */
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("threads"), "1") > 0);
	memcpy(before, shim_copies, sizeof(before));
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 2);
	CU_ASSERT_EQUAL(shim_copies[mc] - before[mc], 64);
	CU_ASSERT_EQUAL(shim_copies[SHIM_COPY_MOVNTI] - before[SHIM_COPY_MOVNTI],
			0);
#if defined(__x86_64__)
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("copy_mode"), "nt") > 0);
	memcpy(before, shim_copies, sizeof(before));
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 2);
	CU_ASSERT_EQUAL(shim_copies[SHIM_COPY_MOVNTI] - before[SHIM_COPY_MOVNTI],
			64);
	CU_ASSERT_EQUAL(shim_copies[mc] - before[mc], 0);
#endif
	CU_ASSERT_EQUAL(unit_batch_equal(b), 2);
	unit_batch_free(b);
}

/* Failures */

static void test_failed_worker_chunks_fall_back_for_just_their_folios(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 64);

	/* 64 one-chunk folios: exactly every 8th chunk copy fails. */
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("fail_chunk_every"), "8") > 0);
	unit_move_copies();
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 56);
	/* The move stage copied the 8 others, and nothing else. */
	CU_ASSERT_EQUAL(unit_move_copies(), 8);
	CU_ASSERT_EQUAL(bitmap_weight(b->copied, 64), 56);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 64);
	CU_ASSERT_EQUAL(unit_stat("folios"), 56);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 8);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 56 * PAGE_SIZE);
	unit_batch_free(b);
}

static void test_failed_thp_chunk_falls_back_for_that_folio_only(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 4);

	/* 4 THPs in 64 KiB chunks are 128 chunk copies: one fails. */
	CU_ASSERT_FATAL(unit_write(CPU_MT_FILE("fail_chunk_every"), "128") > 0);
	unit_move_copies();
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 3);
	CU_ASSERT_EQUAL(unit_move_copies(), 1);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(unit_stat("folios"), 3);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 1);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 3 * (PAGE_SIZE << HPAGE_PMD_ORDER));
	unit_batch_free(b);
}

static void test_poisoned_source_fails_only_its_folio(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(4, 16);
	unsigned long queued = shim_memory_failure_queued;
	unsigned long reads = shim_poison_reads;
	unsigned long failures = shim_move_failures;
	unsigned int i;

	/* A bad byte in the third page of folio 5. */
	CU_ASSERT_FATAL(fail_copy_mc_poison((char *)folio_address(b->srcs[5]) +
					    2 * PAGE_SIZE + 100, 1) == 0);
	unit_move_copies();
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 15);
	for (i = 0; i < 16; i++) {
		CU_ASSERT_EQUAL(test_bit(i, b->copied), i != 5);
		CU_ASSERT_EQUAL(unit_folio_equal(b, i), i != 5);
	}
	CU_ASSERT_EQUAL(unit_stat("folios"), 15);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 1);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	/* The move stage tried folio 5 alone, and failed it. */
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(shim_move_failures - failures, 1);
	/* Read by cpu_mt, then by the move stage, which alone reports it. */
	CU_ASSERT_EQUAL(shim_poison_reads - reads, 2);
	CU_ASSERT_EQUAL(shim_memory_failure_queued - queued, 1);
	fail_copy_mc_clear();
	unit_batch_free(b);
}

static void test_mc_safe_follows_copy_mode(void)
{
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("mc_safe")), "1");
	CU_ASSERT(unit_write(CPU_MT_FILE("copy_mode"), "nt") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("mc_safe")), "0");
	CU_ASSERT(unit_write(CPU_MT_FILE("copy_mode"), "mc") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FILE("mc_safe")), "1");
}

static void test_flip_byte_is_in_debugfs_not_sysfs(void)
{
	CU_ASSERT(unit_write(CPU_MT_FILE("fail_flip_byte"), "1") < 0);
	CU_ASSERT_STRING_EQUAL(unit_read(CPU_MT_FLIP_BYTE), "N");
}

static void test_flip_byte_corrupts_one_byte_of_first_folio(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 16);

	CU_ASSERT_FATAL(unit_write(CPU_MT_FLIP_BYTE, "1") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 16);
	CU_ASSERT_FALSE(unit_folio_equal(b, 0));
	CU_ASSERT_EQUAL(unit_batch_equal(b), 15);
	unit_batch_free(b);
}

/* Concurrency */

#define CONCURRENT_THREADS	4
#define CONCURRENT_ROUNDS	12

static void *concurrent_copier(void *arg)
{
	static const unsigned int orders[] = { 9, 0, 4, 9, 2, 0, 0, 9 };
	unsigned long ok = 0, seed = (unsigned long)arg;
	struct unit_batch *b;
	unsigned int r;

	b = unit_batch_alloc(orders, ARRAY_SIZE(orders));
	for (r = 0; r < CONCURRENT_ROUNDS; r++) {
		unit_batch_fill(b, seed * 100 + r);
		if (unit_batch_copy(b, MR_DEMOTION) == ARRAY_SIZE(orders) &&
		    unit_batch_equal(b) == ARRAY_SIZE(orders))
			ok++;
	}
	unit_batch_free(b);
	return (void *)ok;
}

static void test_concurrent_batches_every_byte_equal(void)
{
	pthread_t t[CONCURRENT_THREADS];
	unsigned long i;
	void *ok;

	for (i = 0; i < CONCURRENT_THREADS; i++)
		CU_ASSERT_FATAL(!pthread_create(&t[i], NULL, concurrent_copier,
						(void *)i));
	for (i = 0; i < CONCURRENT_THREADS; i++) {
		pthread_join(t[i], &ok);
		CU_ASSERT_EQUAL((unsigned long)ok, CONCURRENT_ROUNDS);
	}
	CU_ASSERT_EQUAL(unit_stat("batches"),
			CONCURRENT_THREADS * CONCURRENT_ROUNDS);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT(cpu_mt_stat("parallel_batches") <=
		  CONCURRENT_THREADS * CONCURRENT_ROUNDS);
}

static void test_concurrent_tuning_while_copying_every_byte_equal(void)
{
	static const char * const chunks[] = { "4", "64", "2048", "16" };
	pthread_t t[2];
	unsigned long i;
	void *ok;

	for (i = 0; i < 2; i++)
		CU_ASSERT_FATAL(!pthread_create(&t[i], NULL, concurrent_copier,
						(void *)i));
	for (i = 0; i < 40; i++) {
		unit_write(CPU_MT_FILE("chunk_kb"), chunks[i % 4]);
		unit_write(CPU_MT_FILE("copy_mode"), i & 1 ? "nt" : "mc");
		unit_write(CPU_MT_FILE("threads"), i & 2 ? "1" : online);
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], &ok);
		CU_ASSERT_EQUAL((unsigned long)ok, CONCURRENT_ROUNDS);
	}
}

UNIT_SUITE(cpu_mt, cpu_mt_setup, cpu_mt_teardown,
	   UNIT_TEST(test_threads_zero_returns_einval_and_keeps_value),
	   UNIT_TEST(test_threads_above_online_cpus_returns_einval),
	   UNIT_TEST(test_threads_default_is_four_or_the_cpus_there_are),
	   UNIT_TEST(test_threads_garbage_returns_einval),
	   UNIT_TEST(test_threads_accepts_every_online_count),
	   UNIT_TEST(test_chunk_kb_bad_values_return_einval_and_keep_value),
	   UNIT_TEST(test_chunk_kb_accepts_powers_of_two_4_to_2048),
	   UNIT_TEST(test_copy_mode_lists_modes_with_active_bracketed),
	   UNIT_TEST(test_copy_mode_unknown_word_returns_einval),
	   UNIT_TEST(test_counter_write_nonzero_returns_einval),
	   UNIT_TEST(test_mc_mixed_folio_sizes_every_byte_equal),
	   UNIT_TEST(test_nt_mixed_folio_sizes_every_byte_equal),
	   UNIT_TEST(test_smallest_chunks_every_byte_equal),
	   UNIT_TEST(test_largest_chunks_every_byte_equal),
	   UNIT_TEST(test_one_thread_copies_every_byte_alone),
	   UNIT_TEST(test_one_thp_is_split_into_chunks_across_threads),
	   UNIT_TEST(test_batch_below_min_batch_is_left_to_the_migration_path),
	   UNIT_TEST(test_small_batch_is_copied_by_the_caller_alone),
	   UNIT_TEST(test_worker_time_is_counted),
	   UNIT_TEST(test_worker_never_runs_outside_the_callers_cpus),
	   UNIT_TEST(test_isolated_cpu_never_runs_a_worker),
	   UNIT_TEST(test_slow_cpu_is_left_to_batches_that_afford_it),
	   UNIT_TEST(test_copy_mc_is_rep_movsb_on_erms_cpus),
	   UNIT_TEST(test_mc_copies_with_copy_mc_and_nt_with_movnti),
	   UNIT_TEST(test_failed_worker_chunks_fall_back_for_just_their_folios),
	   UNIT_TEST(test_failed_thp_chunk_falls_back_for_that_folio_only),
	   UNIT_TEST(test_poisoned_source_fails_only_its_folio),
	   UNIT_TEST(test_mc_safe_follows_copy_mode),
	   UNIT_TEST(test_flip_byte_is_in_debugfs_not_sysfs),
	   UNIT_TEST(test_flip_byte_corrupts_one_byte_of_first_folio),
	   UNIT_TEST(test_concurrent_batches_every_byte_equal),
	   UNIT_TEST(test_concurrent_tuning_while_copying_every_byte_equal));
