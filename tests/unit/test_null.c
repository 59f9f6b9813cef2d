// SPDX-License-Identifier: GPL-2.0-only
/*
 * The null backend: a CPU copy through the offload path, and its fault
 * injection knobs, which exercise the migration path's own copy of what a
 * backend leaves undone.
 */
#include <errno.h>
#include <string.h>
#include <linux/kmod.h>
#include <linux/module.h>

#include "unit.h"

#define NULL_FILE(f)	MO_SYSFS "/null/" f
#define NULL_DEBUG(f)	"/sys/kernel/debug/migrate_offload/null/" f

static void null_setup(void)
{
	unit_reset_core();
	CU_ASSERT_FATAL(unit_write(NULL_FILE("fail_every"), "0") > 0);
	CU_ASSERT_FATAL(unit_write(NULL_FILE("fail_copy_first"), "0") > 0);
	CU_ASSERT_FATAL(unit_write(NULL_DEBUG("skip_copy"), "0") > 0);
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "null") > 0);
}

static void null_teardown(void)
{
	unit_reset_core();
	unit_write(NULL_FILE("fail_every"), "0");
	unit_write(NULL_FILE("fail_copy_first"), "0");
	unit_write(NULL_DEBUG("skip_copy"), "0");
}

/* 4 KiB, 64 KiB and 2 MiB folios, mixed. */
static const unsigned int mixed_orders[] = { 0, 4, 9, 0, 0, 4, 9, 0, 4, 0 };
#define NR_MIXED	ARRAY_SIZE(mixed_orders)

static void test_null_copies_every_byte_of_mixed_folio_sizes(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);

	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_MIXED);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	CU_ASSERT_EQUAL(bitmap_weight(b->copied, b->nr), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("bytes"), unit_batch_bytes(b));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	unit_batch_free(b);
}

static void test_null_default_reasons_are_the_bulk_movers(void)
{
	static const char expected[] =
		"syscall_or_cpuset mempolicy_mbind numa_misplaced demotion damon";

	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), expected);
}

static void test_null_full_failure_falls_back_on_cpu(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);

	CU_ASSERT(unit_write(NULL_FILE("fail_every"), "1") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), NR_MIXED);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), 0);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 0);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	unit_batch_free(b);
}

static void test_null_partial_failure_falls_back_for_the_rest(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);
	size_t first3 = 0;
	unsigned int i;

	for (i = 0; i < 3; i++)
		first3 += folio_size(b->srcs[i]);
	CU_ASSERT(unit_write(NULL_FILE("fail_every"), "1") > 0);
	CU_ASSERT(unit_write(NULL_FILE("fail_copy_first"), "3") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 3);
	CU_ASSERT_EQUAL(unit_move_copies(), NR_MIXED - 3);
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED);
	CU_ASSERT_EQUAL(unit_stat("folios"), 3);
	CU_ASSERT_EQUAL(unit_stat("bytes"), first3);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), NR_MIXED - 3);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	unit_batch_free(b);
}

static void test_null_fail_every_nth_batch_fails_only_those(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 8);
	unsigned int i;

	CU_ASSERT(unit_write(NULL_FILE("fail_every"), "3") > 0);
	/* Counting starts when the backend is selected. */
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "null") > 0);
	for (i = 0; i < 7; i++) {
		unit_batch_fill(b, i);
		CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL),
				i % 3 == 2 ? 0 : 8);
		CU_ASSERT_EQUAL(unit_batch_equal(b), 8);
	}
	CU_ASSERT_EQUAL(unit_move_copies(), 2 * 8);
	CU_ASSERT_EQUAL(unit_stat("batches"), 7);
	CU_ASSERT_EQUAL(unit_stat("failures"), 2);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 16);
	CU_ASSERT_EQUAL(unit_stat("folios"), 5 * 8);
	unit_batch_free(b);
}

static void test_null_copy_first_beyond_batch_copies_all_then_fails(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);

	CU_ASSERT(unit_write(NULL_FILE("fail_every"), "1") > 0);
	CU_ASSERT(unit_write(NULL_FILE("fail_copy_first"), "100") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 4);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(unit_stat("folios"), 4);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	unit_batch_free(b);
}

/*
 * F3: a poisoned source is read at most once by the backend (which does
 * not report it) and once by the migration path's own copy, which reports
 * it, once.
 */
static void test_null_poison_read_once_and_reported_once(void)
{
	struct unit_batch *b = unit_batch_alloc(mixed_orders, NR_MIXED);
	unsigned long queued = shim_memory_failure_queued;

	/* Poison the last page of the first 2 MiB folio (index 2). */
	CU_ASSERT_EQUAL(fail_copy_mc_poison((char *)folio_address(b->srcs[2]) +
					    (511 * PAGE_SIZE), 8), 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), NR_MIXED - 1);
	CU_ASSERT_FALSE(test_bit(2, b->copied));
	CU_ASSERT_EQUAL(unit_batch_equal(b), NR_MIXED - 1);
	CU_ASSERT_FALSE(unit_folio_equal(b, 2));
	CU_ASSERT_EQUAL(unit_stat("folios"), NR_MIXED - 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 1);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	/* One read by null, one by the move stage's folio_mc_copy(). */
	CU_ASSERT_EQUAL(shim_poison_reads, 2);
	CU_ASSERT_EQUAL(shim_move_failures, 1);
	CU_ASSERT_EQUAL(shim_memory_failure_queued, queued + 1);
	fail_copy_mc_clear();
	unit_batch_free(b);
}

static void test_null_declares_mc_safe_copy(void)
{
	CU_ASSERT_STRING_EQUAL(unit_read(NULL_FILE("mc_safe")), "1");
	CU_ASSERT(unit_write(NULL_FILE("mc_safe"), "0") < 0);
}

static void test_null_fail_skip_copy_reports_copied_without_copying(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);

	CU_ASSERT(unit_write(NULL_DEBUG("skip_copy"), "1") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 4);
	/* The bits are trusted: nothing was copied behind the backend. */
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 0);
	CU_ASSERT_EQUAL(unit_stat("folios"), 4);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	unit_batch_free(b);
}

static void test_null_knobs_reject_bad_input(void)
{
	static const char * const files[] = {
		NULL_FILE("fail_every"), NULL_FILE("fail_copy_first"),
	};
	static const char * const bad[] = {
		"", "-1", "abc", "1 2", "4294967296", "0x", "1.5",
	};
	unsigned int f, i;

	for (f = 0; f < ARRAY_SIZE(files); f++) {
		CU_ASSERT(unit_write(files[f], "7") > 0);
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			CU_ASSERT(unit_write(files[f], bad[i]) < 0);
		CU_ASSERT_STRING_EQUAL(unit_read(files[f]), "7");
	}
	CU_ASSERT_EQUAL(unit_write(NULL_DEBUG("skip_copy"), "maybe"),
			-EINVAL);
	CU_ASSERT_EQUAL(unit_write(NULL_DEBUG("skip_copy"), ""), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(NULL_DEBUG("skip_copy")), "N");
	unit_write(NULL_FILE("fail_every"), "0");
	unit_write(NULL_FILE("fail_copy_first"), "0");
}

/* Writing the name of a backend whose module is not loaded loads it. */
static void test_null_select_autoloads_its_module(void)
{
	struct module *mod = shim_find_module("mco_null");
	unsigned long calls = shim_request_module_calls;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mod);
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT_FALSE(unit_backend_listed("null"));
	CU_ASSERT(unit_write(MO_FILE("backend"), "null") > 0);
	CU_ASSERT(unit_backend_active("null"));
	CU_ASSERT_EQUAL(shim_request_module_calls, calls + 1);
	/* Unknown names still fail, after one modprobe. */
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "nosuch"), -EINVAL);
	CU_ASSERT_EQUAL(shim_request_module_calls, calls + 2);
	/* Malformed names never reach modprobe. */
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "../x"), -EINVAL);
	CU_ASSERT_EQUAL(shim_request_module_calls, calls + 2);
	CU_ASSERT(unit_backend_active("null"));
}

static void test_null_rmmod_while_active_switches_to_none(void)
{
	struct module *mod = shim_find_module("mco_null");
	struct unit_batch *b = unit_batch_alloc_uniform(0, 2);

	CU_ASSERT_PTR_NOT_NULL_FATAL(mod);
	CU_ASSERT(unit_backend_active("null"));
	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT(unit_backend_active("none"));
	CU_ASSERT_FALSE(unit_backend_listed("null"));
	CU_ASSERT(unit_read(NULL_FILE("fail_every"))[0] == '<');
	CU_ASSERT(unit_read(NULL_DEBUG("skip_copy"))[0] == '<');
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
	CU_ASSERT(unit_backend_listed("null"));
	CU_ASSERT_FALSE(unit_backend_active("null"));
	unit_batch_free(b);
}

UNIT_SUITE(null, null_setup, null_teardown,
	UNIT_TEST(test_null_copies_every_byte_of_mixed_folio_sizes),
	UNIT_TEST(test_null_default_reasons_are_the_bulk_movers),
	UNIT_TEST(test_null_full_failure_falls_back_on_cpu),
	UNIT_TEST(test_null_partial_failure_falls_back_for_the_rest),
	UNIT_TEST(test_null_fail_every_nth_batch_fails_only_those),
	UNIT_TEST(test_null_copy_first_beyond_batch_copies_all_then_fails),
	UNIT_TEST(test_null_poison_read_once_and_reported_once),
	UNIT_TEST(test_null_declares_mc_safe_copy),
	UNIT_TEST(test_null_fail_skip_copy_reports_copied_without_copying),
	UNIT_TEST(test_null_knobs_reject_bad_input),
	UNIT_TEST(test_null_select_autoloads_its_module),
	UNIT_TEST(test_null_rmmod_while_active_switches_to_none))
