// SPDX-License-Identifier: GPL-2.0-only
/*
 * dcbm, the DMAEngine batch copy backend, over mco_soft_dma, the software
 * DMA memcpy provider (tests/soft_dma/, the same source as the kernel
 * module), with each of the provider's faults.  Every test compares every
 * byte of every folio, counts exactly, and ends with no channel held and
 * no DMA mapping left (ASan checks the memory).
 *
 * dcbm takes channels in order, so run i of a batch is channel i of the
 * provider (fail_chan=i), and a batch of NR_PAIRS 4 KiB folios over four
 * channels puts folios 2i and 2i+1 on channel i.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "unit.h"

#define DCBM_FILE(f)	MO_SYSFS "/dcbm/" f
#define SOFT_DMA_PARAM(p)	"/sys/module/mco_soft_dma/parameters/" p

#define NR_CHANS	4
#define NR_PAIRS	8	/* two 4 KiB folios per channel */

static const char * const soft_dma_faults[] = {
	"fail_prep", "fail_submit", "fail_result", "fail_hang",
	"fail_partial",
};

static struct module *soft_dma_mod(void)
{
	struct module *mod = shim_find_module("mco_soft_dma");

	CU_ASSERT_PTR_NOT_NULL_FATAL(mod);
	return mod;
}

static void soft_dma_reset_faults(void)
{
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(soft_dma_faults); i++) {
		snprintf(path, sizeof(path), SOFT_DMA_PARAM("%s"),
			 soft_dma_faults[i]);
		CU_ASSERT_FATAL(unit_write(path, "0") > 0);
	}
	CU_ASSERT_FATAL(unit_write(SOFT_DMA_PARAM("fail_reorder"), "0") > 0);
	CU_ASSERT_FATAL(unit_write(SOFT_DMA_PARAM("fail_chan"), "-1") > 0);
	CU_ASSERT_FATAL(unit_write(SOFT_DMA_PARAM("fail_dead"), "0") > 0);
}

static void soft_dma_load(void)
{
	struct module *mod = soft_dma_mod();

	if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) != MODULE_STATE_LIVE)
		CU_ASSERT_FATAL(shim_module_load(mod) == 0);
}

static u64 dcbm_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), DCBM_FILE("%s"), name);
	return strtoull(unit_read(path), NULL, 10);
}

static void dcbm_reset_stats(void)
{
	static const char * const stats[] = {
		"batches", "bytes", "dma_errors", "timeouts", "resets",
		"busy_fallbacks",
	};
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stats); i++) {
		snprintf(path, sizeof(path), DCBM_FILE("%s"), stats[i]);
		CU_ASSERT_FATAL(unit_write(path, "0") > 0);
	}
}

static void dcbm_setup(void)
{
	CU_ASSERT_FATAL(unit_load_modules() == 0);
	soft_dma_load();
	unit_reset_core();
	soft_dma_reset_faults();
	dcbm_reset_stats();
	CU_ASSERT_FATAL(unit_write(DCBM_FILE("timeout_ms"), "1000") > 0);
	CU_ASSERT_FATAL(unit_write(DCBM_FILE("nr_dma_chan"), "4") > 0);
	/* A channel per 4 KiB: a batch of NR_PAIRS pages takes all four. */
	CU_ASSERT_FATAL(unit_write(DCBM_FILE("kb_per_chan"), "4") > 0);
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "dcbm") > 0);
	/* Selection set min_batch to one THP; these tests copy less. */
	CU_ASSERT_FATAL(unit_write(MO_FILE("min_batch"), "1") > 0);
	CU_ASSERT_FATAL(shim_dma_chans_in_use() == NR_CHANS);
	fail_kmalloc_nth = 0;
	fail_dma_map_nth = 0;
}

static void dcbm_teardown(void)
{
	unit_reset_core();
	soft_dma_reset_faults();
	fail_kmalloc_nth = 0;
	fail_dma_map_nth = 0;
	/* Deselecting released every channel; nothing stays mapped. */
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	soft_dma_load();
}

/* 4 KiB, 64 KiB and 2 MiB folios, mixed. */
static const unsigned int mixed_orders[] = { 0, 4, 9, 0, 0, 4, 9, 0, 4, 0 };
#define NR_MIXED	ARRAY_SIZE(mixed_orders)

/* Line @i of the channels file: "<name> batches=.. bytes=.. ...". */
static const char *channel_line(unsigned int i)
{
	static char line[256];
	const char *p = unit_read(DCBM_FILE("channels"));
	size_t len;

	while (i-- && p)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	if (!p)
		return "";
	len = strcspn(p, "\n");
	snprintf(line, sizeof(line), "%.*s", (int)len, p);
	return line;
}

/* Does channel @i's line end with @counters? */
static bool channel_counters_are(unsigned int i, const char *counters)
{
	const char *line = channel_line(i);
	const char *space = strchr(line, ' ');

	return space && !strcmp(space + 1, counters);
}

/* Wait, boundedly, for the reset work to have reset @n channels. */
static bool wait_for_resets(u64 n)
{
	unsigned int i;

	for (i = 0; i < 5000 && dcbm_stat("resets") < n; i++)
		usleep(1000);
	return dcbm_stat("resets") == n;
}

/*
 * One batch of NR_PAIRS 4 KiB folios with a fault that fails channel
 * @chan's share: every byte ends equal, dcbm copied all but the two
 * folios of that channel, the move stage copied those two, and the
 * counters say so exactly.  A fault of the engine (@reset: a timeout or
 * an error result) quarantines the channel, and the reset work gives it
 * a new DMA channel; a fault while setting up does not.
 */
static void expect_one_channel_fell_back(struct unit_batch *b,
					 unsigned int chan, bool timeout,
					 bool reset)
{
	unsigned int i;

	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS - 2);
	CU_ASSERT_EQUAL(unit_move_copies(), 2);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(bitmap_weight(b->copied, b->nr), NR_PAIRS - 2);
	CU_ASSERT(!test_bit(2 * chan, b->copied));
	CU_ASSERT(!test_bit(2 * chan + 1, b->copied));
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_PAIRS - 2);
	CU_ASSERT_EQUAL(unit_stat("bytes"), (NR_PAIRS - 2) * PAGE_SIZE);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 2);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), timeout ? 1 : 0);
	CU_ASSERT_EQUAL(dcbm_stat("batches"), NR_CHANS);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), (NR_PAIRS - 2) * PAGE_SIZE);
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), timeout ? 0 : 1);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), timeout ? 1 : 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	CU_ASSERT(wait_for_resets(reset));
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
	for (i = 0; i < NR_CHANS; i++) {
		char want[128];

		if (i != chan)
			snprintf(want, sizeof(want),
				 "state=ok batches=1 bytes=%lu errors=0 timeouts=0 resets=0",
				 2 * PAGE_SIZE);
		else
			snprintf(want, sizeof(want),
				 "state=ok batches=1 bytes=0 errors=%d timeouts=%d resets=%d",
				 !timeout, timeout, reset);
		CU_ASSERT(channel_counters_are(i, want));
	}
}

static void test_dcbm_copies_every_byte_of_mixed_folio_sizes(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);

	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_MIXED);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	CU_ASSERT_EQUAL(bitmap_weight(b->copied, b->nr), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("bytes"), unit_batch_bytes(b));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("batches"), NR_CHANS);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), unit_batch_bytes(b));
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(b);
}

static void test_dcbm_splits_one_thp_over_every_channel(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);
	char want[128];
	unsigned int i;

	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 1);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	snprintf(want, sizeof(want),
		 "state=ok batches=1 bytes=%lu errors=0 timeouts=0 resets=0",
		 (unsigned long)(HPAGE_PMD_NR / NR_CHANS * PAGE_SIZE));
	for (i = 0; i < NR_CHANS; i++)
		CU_ASSERT(channel_counters_are(i, want));
	CU_ASSERT_EQUAL(dcbm_stat("batches"), NR_CHANS);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(b);
}

static void test_dcbm_fail_prep_falls_back_for_that_channel_only(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* Descriptors are prepared channel by channel: 3rd = channel 1's. */
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_prep"), "3") > 0);
	expect_one_channel_fell_back(b, 1, false, false);
	unit_batch_free(b);
}

static void test_dcbm_fail_submit_falls_back_for_that_channel_only(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* The 5th submit is channel 2's first descriptor. */
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_submit"), "5") > 0);
	expect_one_channel_fell_back(b, 2, false, false);
	unit_batch_free(b);
}

static void test_dcbm_error_result_falls_back_for_that_channel_only(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* Channel 3's second descriptor copies half, then reports an error. */
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_chan"), "3") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_result"), "2") > 0);
	expect_one_channel_fell_back(b, 3, false, true);
	unit_batch_free(b);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_dcbm_hung_channel_times_out_and_falls_back(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	double start, ms;

	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "200") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_chan"), "1") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_hang"), "1") > 0);
	start = now_ms();
	expect_one_channel_fell_back(b, 1, true, true);
	ms = now_ms() - start;
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "dcbm: timeout_ms=200, batch returned in %.1f ms\n",
			ms);
	/* The channel was reset: it copies the next batch again. */
	unit_reset_core();
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "1") > 0);
	unit_batch_fill(b, 7);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	unit_batch_free(b);
}

static void test_dcbm_lost_completion_is_not_taken_for_done(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* Channel 0 loses its first descriptor and completes its last. */
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "200") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_chan"), "0") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_partial"), "1") > 0);
	expect_one_channel_fell_back(b, 0, true, true);
	unit_batch_free(b);
}

static void test_dcbm_out_of_order_completions_copy_everything(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);
	unsigned int round;

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_reorder"), "1") > 0);
	for (round = 0; round < 4; round++) {
		unit_batch_fill(b, round);
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_MIXED);
		CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	}
	CU_ASSERT_EQUAL(unit_stat("batches"), 4);
	CU_ASSERT_EQUAL(unit_stat("folios"), 4 * NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), 4 * unit_batch_bytes(b));
	unit_batch_free(b);
}

static void test_dcbm_mapping_failure_falls_back_and_unmaps_the_rest(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* Two mappings per descriptor: the 7th is channel 1's 2nd source. */
	fail_dma_map_nth = 7;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS - 2);
	CU_ASSERT_EQUAL(unit_move_copies(), 2);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_PAIRS - 2);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 2);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), 1);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(b);
}

static void test_dcbm_default_batch_allocates_nothing_in_dcbm(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	unsigned long calls, nowait;

	calls = shim_kmalloc_calls;
	nowait = shim_kmalloc_nowait_calls;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	/* Only the provider allocates: one GFP_NOWAIT descriptor each. */
	CU_ASSERT_EQUAL(shim_kmalloc_calls - calls, NR_PAIRS);
	CU_ASSERT_EQUAL(shim_kmalloc_nowait_calls - nowait, NR_PAIRS);
	unit_batch_free(b);
}

static void test_dcbm_provider_allocation_failure_falls_back(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	/* The first allocation is channel 0's first descriptor. */
	fail_kmalloc_nth = 1;
	expect_one_channel_fell_back(b, 0, false, false);
	unit_batch_free(b);
}

/* More descriptors on one channel than it preallocated (512). */
#define NR_BIG	600

static void test_dcbm_oversized_batch_allocates_without_blocking(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_BIG);
	unsigned long calls, nowait;

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "1") > 0);
	calls = shim_kmalloc_calls;
	nowait = shim_kmalloc_nowait_calls;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_BIG);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_BIG);
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_BIG);
	/* dcbm's array and the provider's descriptors, all GFP_NOWAIT. */
	CU_ASSERT_EQUAL(shim_kmalloc_calls - calls, NR_BIG + 1);
	CU_ASSERT_EQUAL(shim_kmalloc_nowait_calls - nowait, NR_BIG + 1);
	unit_batch_free(b);
}

static void test_dcbm_oversized_batch_allocation_failure_falls_back(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_BIG);

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "1") > 0);
	fail_kmalloc_nth = 1;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), NR_BIG);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_BIG);
	CU_ASSERT_EQUAL(unit_stat("folios"), 0);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), NR_BIG);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	/* Nothing reached the engine. */
	CU_ASSERT_EQUAL(dcbm_stat("batches"), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(b);
}

static void test_dcbm_select_without_dma_channel_returns_enodev(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "null") > 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_EQUAL(shim_module_unload(soft_dma_mod()), 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "dcbm"), -ENODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")),
				      "[null]"));
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("channels")), "");
	soft_dma_load();
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
}

static void test_dcbm_select_with_every_channel_taken_returns_enodev(void)
{
	dma_cap_mask_t mask;
	struct dma_chan *chans[NR_CHANS];
	unsigned int i;

	CU_ASSERT(unit_write(MO_FILE("backend"), "null") > 0);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	for (i = 0; i < NR_CHANS; i++) {
		chans[i] = dma_request_chan_by_mask(&mask);
		CU_ASSERT_FATAL(!IS_ERR(chans[i]));
	}
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "dcbm"), -ENODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")),
				      "[null]"));
	for (i = 0; i < NR_CHANS; i++)
		dma_release_channel(chans[i]);
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = *s ? 1 : 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_dcbm_fewer_channels_than_asked_show_in_channels(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "16") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("nr_dma_chan")), "16");
	CU_ASSERT_EQUAL(count_lines(unit_read(DCBM_FILE("channels"))),
			NR_CHANS);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_MIXED);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "2") > 0);
	CU_ASSERT_EQUAL(count_lines(unit_read(DCBM_FILE("channels"))), 2);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 2);
	unit_batch_free(b);
}

static void test_dcbm_knobs_reject_bad_input_and_keep_state(void)
{
	static const char * const bad_chan[] = {
		"0", "17", "-1", "4x", "", "99999999999",
	};
	static const char * const bad_timeout[] = {
		"0", "9", "5001", "-5", "ms", "",
	};
	static const char * const bad_kb[] = {
		"0", "3", "65537", "x", "",
	};
	char before[4096];
	unsigned int i;

	snprintf(before, sizeof(before), "%s", unit_read(DCBM_FILE("channels")));
	for (i = 0; i < ARRAY_SIZE(bad_chan); i++) {
		ssize_t ret = unit_write(DCBM_FILE("nr_dma_chan"), bad_chan[i]);

		CU_ASSERT(ret == -EINVAL || ret == -ERANGE);
		CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("nr_dma_chan")), "4");
	}
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("channels")), before);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
	for (i = 0; i < ARRAY_SIZE(bad_timeout); i++) {
		ssize_t ret = unit_write(DCBM_FILE("timeout_ms"),
					 bad_timeout[i]);

		CU_ASSERT(ret == -EINVAL || ret == -ERANGE);
		CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("timeout_ms")),
				       "1000");
	}
	for (i = 0; i < ARRAY_SIZE(bad_kb); i++) {
		CU_ASSERT_EQUAL(unit_write(DCBM_FILE("kb_per_chan"), bad_kb[i]),
				-EINVAL);
		CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("kb_per_chan")), "4");
	}
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "10") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "5000") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("timeout_ms")), "5000");
	CU_ASSERT(unit_write(DCBM_FILE("kb_per_chan"), "65536") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "1") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "16") > 0);
	CU_ASSERT_EQUAL(unit_write(DCBM_FILE("channels"), "1"), -EACCES);
	CU_ASSERT_EQUAL(unit_write(DCBM_FILE("batches"), "5"), -EINVAL);
}

static void test_dcbm_deselect_and_rmmod_release_every_channel(void)
{
	struct module *mod = shim_find_module("mco_dcbm");

	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("channels")), "");
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
	/* The provider is pinned while dcbm holds its channels. */
	CU_ASSERT_EQUAL(shim_module_unload(soft_dma_mod()), -EWOULDBLOCK);
	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")),
				      "[none]"));
	CU_ASSERT_PTR_NULL(strstr(unit_read(MO_FILE("backend")), "dcbm"));
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
}

/* Copiers race nr_dma_chan changes; every batch must end byte-equal. */
struct dcbm_racer {
	pthread_t thread;
	unsigned int rounds;
	unsigned int bad;
	unsigned int seed;
};

static int dcbm_race_stop;	/* atomic */

static void *dcbm_racer_fn(void *arg)
{
	struct dcbm_racer *r = arg;
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);

	while (!__atomic_load_n(&dcbm_race_stop, __ATOMIC_ACQUIRE)) {
		unit_batch_fill(b, r->seed + r->bad +
				__atomic_load_n(&r->rounds, __ATOMIC_RELAXED));
		unit_batch_copy(b, MR_SYSCALL);
		if (unit_batch_equal(b) != NR_MIXED)
			r->bad++;
		__atomic_add_fetch(&r->rounds, 1, __ATOMIC_RELEASE);
	}
	unit_batch_free(b);
	return NULL;
}

static void test_dcbm_nr_dma_chan_changes_during_copies_lose_nothing(void)
{
	static const char * const widths[] = { "1", "3", "16", "2", "4" };
	struct dcbm_racer racers[2] = { { .seed = 11 }, { .seed = 97 } };
	unsigned int i, step;
	u64 total = 0;

	__atomic_store_n(&dcbm_race_stop, 0, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(racers); i++)
		CU_ASSERT_FATAL(pthread_create(&racers[i].thread, NULL,
					       dcbm_racer_fn, &racers[i]) == 0);
	/* Each change waits for a copy of each racer to finish after it. */
	for (step = 0; step < 20; step++) {
		unsigned int seen[ARRAY_SIZE(racers)];

		for (i = 0; i < ARRAY_SIZE(racers); i++)
			seen[i] = __atomic_load_n(&racers[i].rounds,
						  __ATOMIC_ACQUIRE);
		CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"),
				     widths[step % ARRAY_SIZE(widths)]) > 0);
		for (i = 0; i < ARRAY_SIZE(racers); i++)
			while (__atomic_load_n(&racers[i].rounds,
					       __ATOMIC_ACQUIRE) == seen[i])
				sched_yield();
	}
	__atomic_store_n(&dcbm_race_stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(racers); i++) {
		pthread_join(racers[i].thread, NULL);
		CU_ASSERT_EQUAL(racers[i].bad, 0);
		CU_ASSERT(racers[i].rounds > 0);
		total += racers[i].rounds;
	}
	CU_ASSERT_EQUAL(unit_stat("batches"), total);
	/* A batch that found no free channel left all to the CPU at once. */
	CU_ASSERT_EQUAL(unit_stat("fallbacks"),
			dcbm_stat("busy_fallbacks") * NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("failures"), dcbm_stat("busy_fallbacks"));
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
}

/*
 * A channel hangs under one of two concurrent copiers: that batch times
 * out and terminates the channel it owns, which no other batch shares, so
 * every other batch completes and nothing is lost or used after free.
 * A batch that finds every channel owned leaves its folios to the CPU.
 */
static void test_dcbm_timeout_among_concurrent_copies_loses_nothing(void)
{
	struct dcbm_racer racers[2] = { { .seed = 5 }, { .seed = 50 } };
	unsigned int i, rounds;
	u64 total = 0;

	/* Long enough that only the hung channel times out, even on TSan. */
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "300") > 0);
	__atomic_store_n(&dcbm_race_stop, 0, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(racers); i++)
		CU_ASSERT_FATAL(pthread_create(&racers[i].thread, NULL,
					       dcbm_racer_fn, &racers[i]) == 0);
	while (!__atomic_load_n(&racers[0].rounds, __ATOMIC_ACQUIRE) ||
	       !__atomic_load_n(&racers[1].rounds, __ATOMIC_ACQUIRE))
		sched_yield();
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_hang"), "1") > 0);
	for (rounds = 0; rounds < 1000 && !unit_stat("timeouts"); rounds++)
		usleep(1000);
	/* Some more batches after the timeout. */
	rounds = __atomic_load_n(&racers[0].rounds, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&racers[0].rounds, __ATOMIC_ACQUIRE) < rounds + 3)
		sched_yield();
	__atomic_store_n(&dcbm_race_stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(racers); i++) {
		pthread_join(racers[i].thread, NULL);
		CU_ASSERT_EQUAL(racers[i].bad, 0);
		total += racers[i].rounds;
	}
	CU_ASSERT_EQUAL(unit_stat("batches"), total);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 1);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1 + dcbm_stat("busy_fallbacks"));
	CU_ASSERT(unit_stat("fallbacks") >= 1);
	CU_ASSERT_EQUAL(unit_stat("folios") + unit_stat("fallbacks"),
			total * NR_MIXED);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 1);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	/* The hung channel was quarantined, then given a new DMA channel. */
	CU_ASSERT(wait_for_resets(1));
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), NR_CHANS);
}

static void test_dcbm_stats_reset_on_zero_write(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);

	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), NR_PAIRS * PAGE_SIZE);
	CU_ASSERT(unit_write(DCBM_FILE("bytes"), "0") > 0);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("batches"), NR_CHANS);
	unit_batch_free(b);
}

static void test_dcbm_select_sets_thp_min_batch_and_bulk_reasons(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	struct unit_batch *thp = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);
	char want[16];

	unit_reset_core();
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	snprintf(want, sizeof(want), "%u", HPAGE_PMD_NR);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("min_batch")), want);
	CU_ASSERT_PTR_NULL(strstr(unit_read(MO_FILE("reasons")),
				  "numa_misplaced"));
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("reasons")),
				      "demotion"));
	/* A DMA engine's read of poison is not recoverable. */
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("mc_safe")), "0");
	/* Eight base pages stay on the CPU; one THP goes to the engine. */
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_copy(thp, MR_SYSCALL), 1);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(thp), 1);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	unit_batch_free(thp);
	unit_batch_free(b);
}

static void test_dcbm_batch_takes_one_channel_per_kb_per_chan(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	char want[128];
	unsigned int i;

	/* 32 KiB at 16 KiB a channel: two channels, two folios each. */
	CU_ASSERT(unit_write(DCBM_FILE("kb_per_chan"), "16") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(dcbm_stat("batches"), 2);
	for (i = 0; i < NR_CHANS; i++) {
		snprintf(want, sizeof(want),
			 "state=ok batches=%u bytes=%lu errors=0 timeouts=0 resets=0",
			 i < 2, i < 2 ? 4 * PAGE_SIZE : 0);
		CU_ASSERT(channel_counters_are(i, want));
	}
	/* The default, 256 KiB a channel: a few base pages take one. */
	CU_ASSERT(unit_write(DCBM_FILE("kb_per_chan"), "256") > 0);
	unit_batch_fill(b, 3);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(dcbm_stat("batches"), 3);
	CU_ASSERT_EQUAL(dcbm_stat("busy_fallbacks"), 0);
	unit_batch_free(b);
}

/* A migrating thread of its own: one batch, and whether it returned. */
struct dcbm_copier {
	pthread_t thread;
	struct unit_batch *b;
	unsigned int copied;
	int done;		/* atomic */
};

static void *dcbm_copier_fn(void *arg)
{
	struct dcbm_copier *c = arg;

	c->copied = unit_batch_copy(c->b, MR_SYSCALL);
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Start a copier whose batch hangs on the first channel it takes (one
 * 4 KiB folio: one channel), and return once its descriptor hangs.
 */
static void dcbm_copier_hang(struct dcbm_copier *c)
{
	unsigned int i;

	c->b = unit_batch_alloc_uniform(0, 1);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_hang"), "1") > 0);
	CU_ASSERT_FATAL(pthread_create(&c->thread, NULL, dcbm_copier_fn,
				       c) == 0);
	/* The countdown reads 0 once the engine took the descriptor. */
	for (i = 0; i < 5000; i++) {
		if (!strcmp(unit_read(SOFT_DMA_PARAM("fail_hang")), "0"))
			break;
		usleep(1000);
	}
	CU_ASSERT_STRING_EQUAL(unit_read(SOFT_DMA_PARAM("fail_hang")), "0");
}

static void test_dcbm_no_free_channel_falls_back_at_once_counted_busy(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	struct dcbm_copier hung = { 0 };
	unsigned int copied;

	/* One channel, held by a batch that waits for its timeout. */
	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "1") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "3000") > 0);
	dcbm_copier_hang(&hung);
	copied = unit_batch_copy(b, MR_SYSCALL);
	/* Meaningful only if the hung batch was still in flight. */
	if (!__atomic_load_n(&hung.done, __ATOMIC_ACQUIRE)) {
		CU_ASSERT_EQUAL(copied, 0);
		CU_ASSERT_EQUAL(unit_move_copies(), NR_PAIRS);
		CU_ASSERT_EQUAL(dcbm_stat("busy_fallbacks"), 1);
		/* Nothing of it reached the engine. */
		CU_ASSERT_EQUAL(dcbm_stat("batches"), 1);
	} else if (getenv("UNIT_VERBOSE")) {
		fprintf(stderr, "dcbm: hung batch returned first: not checked\n");
	}
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	pthread_join(hung.thread, NULL);
	CU_ASSERT_EQUAL(hung.copied, 0);
	CU_ASSERT_EQUAL(unit_batch_equal(hung.b), 1);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 1);
	CU_ASSERT(wait_for_resets(1));
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(hung.b);
	unit_batch_free(b);
}

/*
 * A batch hangs on one of two channels: a concurrent batch copies on the
 * other meanwhile, without waiting.  The hung channel times out once, is
 * quarantined and reset, and later batches use both channels again.
 */
static void test_dcbm_hung_channel_blocks_no_batch_on_the_other(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 2);
	struct dcbm_copier hung = { 0 };
	unsigned int copied, round;

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "2") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "3000") > 0);
	dcbm_copier_hang(&hung);
	/* Two 4 KiB folios would take two channels: one is free. */
	copied = unit_batch_copy(b, MR_SYSCALL);
	if (!__atomic_load_n(&hung.done, __ATOMIC_ACQUIRE)) {
		CU_ASSERT_EQUAL(copied, 2);
		CU_ASSERT_EQUAL(unit_move_copies(), 0);
		CU_ASSERT_EQUAL(dcbm_stat("busy_fallbacks"), 0);
		CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 0);
	} else if (getenv("UNIT_VERBOSE")) {
		fprintf(stderr, "dcbm: hung batch returned first: not checked\n");
	}
	CU_ASSERT_EQUAL(unit_batch_equal(b), 2);
	pthread_join(hung.thread, NULL);
	CU_ASSERT_EQUAL(hung.copied, 0);
	CU_ASSERT_EQUAL(unit_batch_equal(hung.b), 1);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 1);
	CU_ASSERT(wait_for_resets(1));
	CU_ASSERT_PTR_NOT_NULL(strstr(channel_line(0),
				      "state=ok batches=1 bytes=0 errors=0 timeouts=1 resets=1"));
	unit_move_copies();
	for (round = 0; round < 4; round++) {
		unit_batch_fill(b, round);
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 2);
		CU_ASSERT_EQUAL(unit_batch_equal(b), 2);
	}
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 1);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 2);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(hung.b);
	unit_batch_free(b);
}

/*
 * Channel 0 never completes anything, even after a reset: it costs one
 * timeout, is reset, costs a second one and is given up.  Every batch
 * ends with every byte equal, and later ones copy on channel 1 alone.
 */
static void test_dcbm_dead_channel_is_given_up_and_others_go_on(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	unsigned int round;

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "2") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "50") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_dead"), "1") > 0);
	for (round = 0; round < 200; round++) {
		if (strstr(channel_line(0), "state=dead"))
			break;
		unit_batch_fill(b, round);
		unit_batch_copy(b, MR_SYSCALL);
		CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
		usleep(1000);
	}
	CU_ASSERT_STRING_EQUAL(channel_line(0),
			       "- state=dead batches=2 bytes=0 errors=0 "
			       "timeouts=2 resets=2");
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 2);
	CU_ASSERT(wait_for_resets(2));
	CU_ASSERT(unit_backend_active("dcbm"));
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 1);
	/* The healthy channel copies what it can take, nothing waits. */
	unit_move_copies();
	unit_batch_fill(b, 99);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 2);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	unit_batch_free(b);
}

/* With every channel dead, dcbm deselects itself: offload is none. */
static void test_dcbm_every_channel_dead_deselects_dcbm(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, NR_PAIRS);
	unsigned int round;

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "2") > 0);
	CU_ASSERT(unit_write(DCBM_FILE("timeout_ms"), "50") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_dead"), "0xffffffff") > 0);
	for (round = 0; round < 200 && unit_backend_active("dcbm"); round++) {
		unit_batch_fill(b, round);
		unit_batch_copy(b, MR_SYSCALL);
		CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
		usleep(1000);
	}
	for (round = 0; round < 5000 && !unit_backend_active("none"); round++)
		usleep(1000);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")),
				      "[none]"));
	/* Each channel: a timeout, a reset, a timeout, given up. */
	CU_ASSERT_EQUAL(dcbm_stat("timeouts"), 4);
	CU_ASSERT_EQUAL(dcbm_stat("resets"), 4);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	CU_ASSERT_STRING_EQUAL(unit_read(DCBM_FILE("channels")), "");
	/* The engine is back: selecting dcbm requests fresh channels. */
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_dead"), "0") > 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "1") > 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 2);
	unit_batch_fill(b, 5);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_PAIRS);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_PAIRS);
	unit_batch_free(b);
}

#define NR_THREADS	8
#define THREAD_ROUNDS	6

static void *dcbm_thread_fn(void *arg)
{
	struct dcbm_racer *r = arg;
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);
	unsigned int i;

	for (i = 0; i < THREAD_ROUNDS; i++) {
		unit_batch_fill(b, r->seed + i);
		unit_batch_copy(b, MR_SYSCALL);
		if (unit_batch_equal(b) != NR_MIXED)
			r->bad++;
		r->rounds++;
	}
	unit_batch_free(b);
	return NULL;
}

/*
 * Eight threads migrate at once through two channels: all finish, every
 * byte is equal, and each batch was either copied by the engines or
 * refused at once because both channels were taken.
 */
static void test_dcbm_eight_threads_on_two_channels_all_finish(void)
{
	struct dcbm_racer racers[NR_THREADS] = { 0 };
	unsigned int i;
	u64 total = 0;

	CU_ASSERT(unit_write(DCBM_FILE("nr_dma_chan"), "2") > 0);
	for (i = 0; i < NR_THREADS; i++) {
		racers[i].seed = 100 * i;
		CU_ASSERT_FATAL(pthread_create(&racers[i].thread, NULL,
					       dcbm_thread_fn, &racers[i]) == 0);
	}
	for (i = 0; i < NR_THREADS; i++) {
		pthread_join(racers[i].thread, NULL);
		CU_ASSERT_EQUAL(racers[i].bad, 0);
		total += racers[i].rounds;
	}
	CU_ASSERT_EQUAL(total, NR_THREADS * THREAD_ROUNDS);
	CU_ASSERT_EQUAL(unit_stat("batches"), total);
	CU_ASSERT_EQUAL(unit_stat("folios") + unit_stat("fallbacks"),
			total * NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"),
			dcbm_stat("busy_fallbacks") * NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("failures"), dcbm_stat("busy_fallbacks"));
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), unit_stat("bytes"));
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), 0);
	CU_ASSERT(unit_stat("folios") > 0);
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "dcbm: %llu of %llu batches refused busy\n",
			(unsigned long long)dcbm_stat("busy_fallbacks"),
			(unsigned long long)total);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 2);
}

/* Reload the provider with max_xfer=@bytes; dcbm must be deselected. */
static void soft_dma_reload_max_xfer(const char *bytes)
{
	struct module *mod = soft_dma_mod();

	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_FATAL(shim_module_unload(mod) == 0);
	CU_ASSERT_FATAL(shim_module_param_set(mod, "max_xfer", bytes) == 0);
	CU_ASSERT_FATAL(shim_module_load(mod) == 0);
}

/* A THP in descriptors of at most 64 KiB: 32 of them, none failing. */
static void test_dcbm_thp_split_at_engine_limit_copies_without_fallback(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);
	unsigned long calls;

	soft_dma_reload_max_xfer("65536");
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "1") > 0);
	calls = shim_kmalloc_calls;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 1);
	/* The provider allocates one descriptor per prep. */
	CU_ASSERT_EQUAL(shim_kmalloc_calls - calls, HPAGE_PMD_NR * PAGE_SIZE /
			65536);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("bytes"), HPAGE_PMD_NR * PAGE_SIZE);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	soft_dma_reload_max_xfer("0");
	unit_batch_free(b);
}

/* A swiotlb-like 256 KiB mapping limit: a THP maps in eight pieces. */
static void test_dcbm_thp_split_at_mapping_limit_copies_without_fallback(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(HPAGE_PMD_ORDER, 1);
	unsigned long calls;

	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	shim_dma_max_mapping = 256 << 10;
	CU_ASSERT(unit_write(MO_FILE("backend"), "dcbm") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "1") > 0);
	calls = shim_kmalloc_calls;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 1);
	CU_ASSERT_EQUAL(shim_kmalloc_calls - calls, 8);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(dcbm_stat("dma_errors"), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
	shim_dma_max_mapping = 0;
	unit_batch_free(b);
}

UNIT_SUITE(dcbm, dcbm_setup, dcbm_teardown,
	UNIT_TEST(test_dcbm_copies_every_byte_of_mixed_folio_sizes),
	UNIT_TEST(test_dcbm_splits_one_thp_over_every_channel),
	UNIT_TEST(test_dcbm_fail_prep_falls_back_for_that_channel_only),
	UNIT_TEST(test_dcbm_fail_submit_falls_back_for_that_channel_only),
	UNIT_TEST(test_dcbm_error_result_falls_back_for_that_channel_only),
	UNIT_TEST(test_dcbm_hung_channel_times_out_and_falls_back),
	UNIT_TEST(test_dcbm_lost_completion_is_not_taken_for_done),
	UNIT_TEST(test_dcbm_out_of_order_completions_copy_everything),
	UNIT_TEST(test_dcbm_mapping_failure_falls_back_and_unmaps_the_rest),
	UNIT_TEST(test_dcbm_default_batch_allocates_nothing_in_dcbm),
	UNIT_TEST(test_dcbm_provider_allocation_failure_falls_back),
	UNIT_TEST(test_dcbm_oversized_batch_allocates_without_blocking),
	UNIT_TEST(test_dcbm_oversized_batch_allocation_failure_falls_back),
	UNIT_TEST(test_dcbm_select_without_dma_channel_returns_enodev),
	UNIT_TEST(test_dcbm_select_with_every_channel_taken_returns_enodev),
	UNIT_TEST(test_dcbm_fewer_channels_than_asked_show_in_channels),
	UNIT_TEST(test_dcbm_knobs_reject_bad_input_and_keep_state),
	UNIT_TEST(test_dcbm_deselect_and_rmmod_release_every_channel),
	UNIT_TEST(test_dcbm_nr_dma_chan_changes_during_copies_lose_nothing),
	UNIT_TEST(test_dcbm_timeout_among_concurrent_copies_loses_nothing),
	UNIT_TEST(test_dcbm_stats_reset_on_zero_write),
	UNIT_TEST(test_dcbm_select_sets_thp_min_batch_and_bulk_reasons),
	UNIT_TEST(test_dcbm_batch_takes_one_channel_per_kb_per_chan),
	UNIT_TEST(test_dcbm_no_free_channel_falls_back_at_once_counted_busy),
	UNIT_TEST(test_dcbm_hung_channel_blocks_no_batch_on_the_other),
	UNIT_TEST(test_dcbm_dead_channel_is_given_up_and_others_go_on),
	UNIT_TEST(test_dcbm_every_channel_dead_deselects_dcbm),
	UNIT_TEST(test_dcbm_eight_threads_on_two_channels_all_finish),
	UNIT_TEST(test_dcbm_thp_split_at_engine_limit_copies_without_fallback),
	UNIT_TEST(test_dcbm_thp_split_at_mapping_limit_copies_without_fallback))
