// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core: registration, selection through the backend file, the reasons,
 * min_batch and max_batch knobs, dispatch with CPU fallback, statistics.
 *
 * Two test backends, unit_a and unit_b, belong to a module of the test's
 * own, so that the tests can make it "go away".
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <linux/init.h>
#include <linux/module.h>

#include <trace/events/migrate_offload.h>

#include "unit.h"

static struct module unit_mod = {
	.name = "unit_mod",
	.state = MODULE_STATE_LIVE,
};

/* What the test backends do and saw; reset by the suite's setup. */
static struct {
	int calls;
	int enables;
	int disables;
	int enable_ret;
	int copy_ret;
	/* Copy folio i only when bit (i % 64) is set. */
	u64 copy_mask;
	unsigned int last_nr;
} unit;

static int unit_copy(const struct migrate_offload_batch *batch)
{
	struct folio *src, *dst;
	unsigned int i = 0;

	unit.calls++;
	unit.last_nr = batch->nr_folios;
	dst = list_first_entry(batch->dst, struct folio, lru);
	list_for_each_entry(src, batch->src, lru) {
		if (unit.copy_mask & BIT_ULL(i % 64)) {
			folio_copy(dst, src);
			__set_bit(i, batch->copied);
		}
		dst = list_next_entry(dst, lru);
		i++;
	}
	return unit.copy_ret;
}

static int unit_enable(void)
{
	unit.enables++;
	return unit.enable_ret;
}

static void unit_disable(void)
{
	unit.disables++;
}

static struct migrator unit_a = {
	.name = "unit_a",
	.copy = unit_copy,
	.enable = unit_enable,
	.disable = unit_disable,
	.default_reasons = BIT(MR_SYSCALL) | BIT(MR_DEMOTION),
};

static struct migrator unit_b = {
	.name = "unit_b",
	.copy = unit_copy,
	.default_reasons = BIT(MR_NUMA_MISPLACED),
};

static void core_setup(void)
{
	CU_ASSERT_FATAL(unit_unload_modules() == 0);
	memset(&unit, 0, sizeof(unit));
	unit.copy_mask = ~0ULL;
	shim_module_set_state(&unit_mod, MODULE_STATE_LIVE);
	CU_ASSERT_FATAL(__migrate_offload_register(&unit_a, &unit_mod) == 0);
	CU_ASSERT_FATAL(__migrate_offload_register(&unit_b, &unit_mod) == 0);
	unit_reset_core();
}

static void core_teardown(void)
{
	shim_module_set_state(&unit_mod, MODULE_STATE_LIVE);
	unit_reset_core();
	migrate_offload_unregister(&unit_a);
	migrate_offload_unregister(&unit_b);
	CU_ASSERT_FATAL(unit_load_modules() == 0);
}

static const char *backend(void)
{
	return unit_read(MO_FILE("backend"));
}

/* Registration */

static void test_register_without_name_returns_einval(void)
{
	struct migrator m = { .copy = unit_copy };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), -EINVAL);
}

static void test_register_without_copy_returns_einval(void)
{
	struct migrator m = { .name = "nocopy" };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), -EINVAL);
	CU_ASSERT_PTR_NULL(strstr(backend(), "nocopy"));
}

static void test_register_malformed_names_return_einval(void)
{
	static const char * const bad[] = {
		"", "Upper", "9lives", "_under", "dash-name", "sp ace",
		"dot.name", "a_name_of_16_chr", "slash/x", "new\nline",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct migrator m = { .name = bad[i], .copy = unit_copy };

		CU_ASSERT_EQUAL(migrate_offload_register(&m), -EINVAL);
	}
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
}

static void test_register_reserved_names_return_einval(void)
{
	static const char * const reserved[] = {
		"none", "backend", "reasons", "min_batch", "max_batch", "stats",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reserved); i++) {
		struct migrator m = { .name = reserved[i], .copy = unit_copy };

		CU_ASSERT_EQUAL(migrate_offload_register(&m), -EINVAL);
	}
}

static void test_register_duplicate_name_returns_eexist(void)
{
	struct migrator dup = { .name = "unit_a", .copy = unit_copy };

	CU_ASSERT_EQUAL(migrate_offload_register(&dup), -EEXIST);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
}

static void test_register_accepts_15_character_name(void)
{
	struct migrator m = { .name = "a_name_of_15_ch", .copy = unit_copy };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(backend(), " a_name_of_15_ch"));
	migrate_offload_unregister(&m);
	CU_ASSERT_PTR_NULL(strstr(backend(), "a_name_of_15_ch"));
}

static void test_register_records_the_calling_module_as_owner(void)
{
	struct migrator m = { .name = "owned", .copy = unit_copy };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	/* This file is not a module: THIS_MODULE is NULL, as built-in code. */
	CU_ASSERT_PTR_NULL(m.owner);
	migrate_offload_unregister(&m);
	CU_ASSERT_PTR_EQUAL(unit_a.owner, &unit_mod);
}

static void test_register_creates_and_unregister_removes_directory(void)
{
	struct migrator m = { .name = "dir_test", .copy = unit_copy };
	char buf[512];

	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	CU_ASSERT(shim_sysfs_list(MO_SYSFS, buf, sizeof(buf)) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "dir_test\n"));
	migrate_offload_unregister(&m);
	CU_ASSERT(shim_sysfs_list(MO_SYSFS, buf, sizeof(buf)) > 0);
	CU_ASSERT_PTR_NULL(strstr(buf, "dir_test"));
	CU_ASSERT_EQUAL(shim_sysfs_list(MO_SYSFS "/dir_test", buf, sizeof(buf)),
			-ENOENT);
}

static void test_sysfs_directory_has_the_design_files(void)
{
	char buf[512];

	CU_ASSERT(shim_sysfs_list(MO_SYSFS, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf,
			       "backend\nmax_batch\nmin_batch\nreasons\n"
			       "stats\nunit_a\nunit_b\n");
	CU_ASSERT(shim_sysfs_list(MO_SYSFS "/stats", buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "batches\nbytes\ncompaction\ncontig_range\n"
				    "damon\ndemotion\nfailures\nfallbacks\n"
				    "folios\nlongterm_pin\nmemory_hotplug\n"
				    "mempolicy_mbind\nnuma_misplaced\n"
				    "syscall_or_cpuset\ntimeouts\n");
	CU_ASSERT(shim_sysfs_list(MO_SYSFS "/stats/demotion", buf,
				  sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "batches\nbytes\nfallbacks\nfolios\n");
	CU_ASSERT(shim_sysfs_list(MO_SYSFS "/unit_a", buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "mc_safe\n");
}

/* The backend file */

static void test_backend_read_lists_none_bracketed_when_idle(void)
{
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
}

static void test_select_backend_brackets_it(void)
{
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "unit_a\n"), 7);
	CU_ASSERT_STRING_EQUAL(backend(), "none [unit_a] unit_b");
	CU_ASSERT_EQUAL(unit.enables, 1);
}

static void test_switch_between_backends_disables_the_old_one(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_b") > 0);
	CU_ASSERT_STRING_EQUAL(backend(), "none unit_a [unit_b]");
	CU_ASSERT_EQUAL(unit.enables, 1);
	CU_ASSERT_EQUAL(unit.disables, 1);
}

static void test_select_none_disables_offload(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
	CU_ASSERT_EQUAL(unit.disables, 1);
	CU_ASSERT_FALSE(static_key_enabled(&migrate_offload_key));
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit.calls, 0);
	/* The migration path copied every folio itself. */
	CU_ASSERT_EQUAL(unit_move_copies(), 4);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	unit_batch_free(b);
}

static void test_reselect_active_backend_changes_nothing(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "compaction") > 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit.enables, 1);
	CU_ASSERT_EQUAL(unit.disables, 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "compaction");
}

static void test_select_unknown_backend_returns_einval(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "dmaa"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(backend(), "none [unit_a] unit_b");
	CU_ASSERT_EQUAL(unit.disables, 0);
}

static void test_backend_store_rejects_bad_input(void)
{
	static const char * const bad[] = {
		"", "\n", "   ", "stats", "reasons", "backend", "min_batch",
		"UNIT_A", "unit_a unit_b", "unit_a_and_much_more_than_15",
		"\x01\xff", "unit_", "-1",
	};
	unsigned int i;

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_b") > 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), bad[i]), -EINVAL);
	CU_ASSERT_STRING_EQUAL(backend(), "none unit_a [unit_b]");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "numa_misplaced");
}

static void test_backend_store_of_a_page_of_garbage_returns_einval(void)
{
	char big[8192];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), big), -EINVAL);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
}

static void test_enable_failure_keeps_previous_backend(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_b") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "demotion") > 0);
	unit.enable_ret = -ENODEV;
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "unit_a"), -ENODEV);
	CU_ASSERT_STRING_EQUAL(backend(), "none unit_a [unit_b]");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "demotion");
	CU_ASSERT_EQUAL(unit.disables, 0);
}

static void test_select_module_going_away_returns_enodev(void)
{
	shim_module_set_state(&unit_mod, MODULE_STATE_GOING);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("backend"), "unit_a"), -ENODEV);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
	CU_ASSERT_EQUAL(unit.enables, 0);
	CU_ASSERT_EQUAL(shim_module_refcount(&unit_mod), 0);
}

static void test_select_does_not_pin_the_module(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(shim_module_refcount(&unit_mod), 0);
}

static void test_select_resets_reasons_to_backend_default(void)
{
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "none");
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")),
			       "syscall_or_cpuset demotion");
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_b") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "numa_misplaced");
}

static void test_unregister_active_backend_switches_to_none(void)
{
	struct migrator m = { .name = "going", .copy = unit_copy,
			      .disable = unit_disable };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "going") > 0);
	migrate_offload_unregister(&m);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
	CU_ASSERT_EQUAL(unit.disables, 1);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "none");
	CU_ASSERT_FALSE(static_key_enabled(&migrate_offload_key));
}

static void test_boot_param_selects_backend_when_it_registers(void)
{
	struct migrator m = { .name = "at_boot", .copy = unit_copy,
			      .default_reasons = BIT(MR_COMPACTION) };

	CU_ASSERT_EQUAL(shim_boot_param("migrate_offload.backend=at_boot"), 0);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b");
	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	CU_ASSERT_STRING_EQUAL(backend(), "none unit_a unit_b [at_boot]");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "compaction");
	migrate_offload_unregister(&m);
	/* Used once: registering again does not select it again. */
	CU_ASSERT_EQUAL(migrate_offload_register(&m), 0);
	CU_ASSERT_STRING_EQUAL(backend(), "[none] unit_a unit_b at_boot");
	migrate_offload_unregister(&m);
}

/* reasons */

static void test_reasons_write_replaces_the_set(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"),
			     "numa_misplaced compaction\n") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")),
			       "compaction numa_misplaced");
	CU_ASSERT(unit_write(MO_FILE("reasons"), "damon") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "damon");
}

static void test_reasons_accept_every_kernel_reason_name(void)
{
	CU_ASSERT(unit_write(MO_FILE("reasons"),
			     "compaction memory_hotplug "
			     "syscall_or_cpuset mempolicy_mbind numa_misplaced "
			     "contig_range longterm_pin demotion damon") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")),
			       "compaction memory_hotplug "
			       "syscall_or_cpuset mempolicy_mbind numa_misplaced "
			       "contig_range longterm_pin demotion damon");
}

/* F3: soft offline copies off a page going bad; never through a backend. */
static void test_reasons_refuse_memory_failure(void)
{
	CU_ASSERT(unit_write(MO_FILE("reasons"), "demotion") > 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("reasons"), "memory_failure"),
			-EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("reasons"),
				   "demotion memory_failure"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "demotion");
}

static void test_register_refuses_memory_failure_default(void)
{
	struct migrator m = { .name = "mf", .copy = unit_copy,
			      .default_reasons = BIT(MR_MEMORY_FAILURE) };

	CU_ASSERT_EQUAL(migrate_offload_register(&m), -EINVAL);
	CU_ASSERT_FALSE(unit_backend_listed("mf"));
}

static void test_reasons_none_empties_the_set(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "none") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")), "none");
}

static void test_reasons_reject_bad_input(void)
{
	static const char * const bad[] = {
		"", "\n", "  \t ", "demotion bogus", "Demotion", "none demotion",
		"demotion,compaction", "syscall", "0x3",
	};
	char big[600];
	unsigned int i;

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CU_ASSERT_EQUAL(unit_write(MO_FILE("reasons"), bad[i]), -EINVAL);
	memset(big, 0, sizeof(big));
	for (i = 0; i + 9 < sizeof(big); i += 9)
		memcpy(big + i, "demotion ", 9);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("reasons"), big), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("reasons")),
			       "syscall_or_cpuset demotion");
}

static void test_reason_filter_sends_batch_to_cpu_path(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 8);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_COMPACTION), 0);
	CU_ASSERT_EQUAL(unit.calls, 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 8);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 8);
	CU_ASSERT_EQUAL(unit_stat("batches"), 0);
	unit_batch_fill(b, 2);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 8);
	CU_ASSERT_EQUAL(unit.calls, 1);
	CU_ASSERT_EQUAL(unit_move_copies(), 0);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 8);
	unit_batch_free(b);
}

/* min_batch, max_batch */

static void test_min_batch_rejects_bad_input(void)
{
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "64") > 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), ""), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "0"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "32769"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "-1"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "12abc"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "1 2"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "99999999999"),
			-ERANGE);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("min_batch")), "64");
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "512\n") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("min_batch")), "512");
}

/* F13: a min_batch no batch can reach is refused, in either order. */
static void test_min_batch_never_above_max_batch(void)
{
	CU_ASSERT_EQUAL(unit_write(MO_FILE("min_batch"), "513"), -EINVAL);
	CU_ASSERT(unit_write(MO_FILE("max_batch"), "32768") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "32768") > 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("max_batch"), "4096"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("max_batch")), "32768");
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "1") > 0);
	CU_ASSERT(unit_write(MO_FILE("max_batch"), "512") > 0);
}

static void test_min_batch_counts_base_pages(void)
{
	unsigned int orders[] = { 9 };
	struct unit_batch *thp = unit_batch_alloc(orders, 1);
	struct unit_batch *small = unit_batch_alloc_uniform(0, 511);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("min_batch"), "512") > 0);
	/* 511 base pages: below min_batch, left to the caller's CPU copy. */
	CU_ASSERT_EQUAL(unit_batch_copy(small, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit.calls, 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 511);
	CU_ASSERT_EQUAL(unit_batch_equal(small), 511);
	/* One 2 MiB THP is 512 base pages: offloaded. */
	CU_ASSERT_EQUAL(unit_batch_copy(thp, MR_SYSCALL), 1);
	CU_ASSERT_EQUAL(unit.calls, 1);
	CU_ASSERT_EQUAL(unit_batch_equal(thp), 1);
	unit_batch_free(thp);
	unit_batch_free(small);
}

static void test_max_batch_bounds_and_getter(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "syscall_or_cpuset") > 0);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("max_batch")), "512");
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_SYSCALL), 512);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("max_batch"), "511"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("max_batch"), "32769"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("max_batch"), "lots"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("max_batch"), ""), -EINVAL);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_SYSCALL), 512);
	CU_ASSERT(unit_write(MO_FILE("max_batch"), "32768") > 0);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_SYSCALL), 32768);
}

/* F4: the knob changes nothing for reasons that are not offloaded. */
static void test_max_batch_inert_unless_backend_and_reason(void)
{
	CU_ASSERT(unit_write(MO_FILE("max_batch"), "4096") > 0);
	/* No backend: migrate_pages() keeps its own cap. */
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_COMPACTION), 0);
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "demotion") > 0);
	/* A backend, but compaction and syscalls are not offloaded. */
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_COMPACTION), 0);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_DEMOTION), 4096);
	CU_ASSERT_FALSE(migrate_offload_wants(MR_COMPACTION));
	CU_ASSERT_TRUE(migrate_offload_wants(MR_DEMOTION));
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_EQUAL(migrate_offload_max_batch(MR_DEMOTION), 0);
	CU_ASSERT_FALSE(migrate_offload_wants(MR_DEMOTION));
}

/* Dispatch and statistics */

static void test_copy_batch_with_none_selected_returns_zero(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);

	CU_ASSERT(unit_write(MO_FILE("reasons"), "syscall_or_cpuset") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 4);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(unit_stat("batches"), 0);
	unit_batch_free(b);
}

/*
 * One owner of the fallback: the core copies nothing; the migration path
 * (here the shim's move stage) copies each folio the backend left, once.
 */
static void test_fallback_copied_exactly_once_by_move_stage(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(4, 10);
	unsigned int i;

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit.copy_mask = 0xaaaaaaaaaaaaaaaaULL;	/* odd folios only */
	unit.copy_ret = -EIO;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 5);
	CU_ASSERT_EQUAL(unit_move_copies(), 5);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 10);
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(!!test_bit(i, b->copied), i & 1);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_stat("folios"), 5);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 5 * (PAGE_SIZE << 4));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 5);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 0);
	unit_batch_free(b);
}

static void test_backend_success_with_clear_bits_still_falls_back(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 3);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit.copy_mask = BIT_ULL(1);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 1);
	CU_ASSERT_EQUAL(unit_move_copies(), 2);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 3);
	CU_ASSERT_EQUAL(unit_stat("folios"), 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 2);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	unit_batch_free(b);
}

static void test_timeout_counts_timeout_failure_and_fallbacks(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 6);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit.copy_mask = 0;
	unit.copy_ret = -ETIMEDOUT;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 6);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 6);
	CU_ASSERT_EQUAL(unit_stat("timeouts"), 1);
	CU_ASSERT_EQUAL(unit_stat("failures"), 1);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 6);
	CU_ASSERT_EQUAL(unit_stat("folios"), 0);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 0);
	unit_batch_free(b);
}

static void test_poisoned_source_is_left_to_the_caller(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);
	unsigned long queued = shim_memory_failure_queued;

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit.copy_mask = 0;
	unit.copy_ret = -EIO;
	CU_ASSERT_EQUAL(fail_copy_mc_poison((char *)folio_address(b->srcs[2]) +
					    100, 1), 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 0);
	CU_ASSERT_EQUAL(unit_move_copies(), 3);
	CU_ASSERT_EQUAL(shim_move_failures, 1);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 3);
	CU_ASSERT_FALSE(unit_folio_equal(b, 2));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 4);
	/* Only the migration path's copy read the poison, and reported it. */
	CU_ASSERT_EQUAL(shim_poison_reads, 1);
	CU_ASSERT_EQUAL(shim_memory_failure_queued, queued + 1);
	fail_copy_mc_clear();
	unit_batch_free(b);
}

/* stats/<reason>/: each reason counts its own batches, and resets alone. */
static void test_stats_per_reason_count_only_their_reason(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 8);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT(unit_write(MO_FILE("reasons"), "demotion damon") > 0);
	unit.copy_mask = 0xaaaaaaaaaaaaaaaaULL;	/* odd folios only */
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 4);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 4);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DAMON), 4);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/demotion/batches")),
			       "2");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/demotion/folios")),
			       "8");
	CU_ASSERT_EQUAL(strtoull(unit_read(MO_FILE("stats/demotion/bytes")),
				 NULL, 10), 8 * PAGE_SIZE);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/demotion/fallbacks")),
			       "8");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/damon/batches")), "1");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/compaction/batches")),
			       "0");
	/* The totals are the sum of the reasons. */
	CU_ASSERT_EQUAL(unit_stat("batches"), 3);
	CU_ASSERT_EQUAL(unit_stat("folios"), 12);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 12);
	CU_ASSERT(unit_write(MO_FILE("stats/demotion/folios"), "0") > 0);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/demotion/folios"), "3"),
			-EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/demotion/folios")),
			       "0");
	CU_ASSERT_STRING_EQUAL(unit_read(MO_FILE("stats/demotion/batches")),
			       "2");
	/* memory_failure is never offloaded: no directory. */
	CU_ASSERT(unit_read(MO_FILE("stats/memory_failure/folios"))[0] == '<');
	unit_batch_free(b);
}

/* The migrate_offload_batch and _switch trace events carry the facts. */
static void test_trace_events_report_batch_and_switch(void)
{
	unsigned int orders[] = { 0, 9, 0 };
	struct unit_batch *b = unit_batch_alloc(orders, 3);
	unsigned long batches, switches;

	/* Off, nothing is recorded (the kernel: a static branch). */
	batches = shim_trace_batch.count;
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 3);
	CU_ASSERT_EQUAL(shim_trace_batch.count, batches);
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	shim_trace_on = true;
	batches = shim_trace_batch.count;
	switches = shim_trace_switch.count;
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(shim_trace_switch.count, switches + 1);
	CU_ASSERT_STRING_EQUAL(shim_trace_switch.from, "none");
	CU_ASSERT_STRING_EQUAL(shim_trace_switch.to, "unit_a");
	CU_ASSERT(unit_write(MO_FILE("reasons"), "numa_misplaced") > 0);
	unit.copy_mask = BIT_ULL(1);
	unit.copy_ret = -EIO;
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_NUMA_MISPLACED), 1);
	CU_ASSERT_EQUAL(shim_trace_batch.count, batches + 1);
	CU_ASSERT_STRING_EQUAL(shim_trace_batch.backend, "unit_a");
	CU_ASSERT_STRING_EQUAL(shim_trace_batch.reason, "numa_misplaced");
	CU_ASSERT_EQUAL(shim_trace_batch.nr_folios, 3);
	CU_ASSERT_EQUAL(shim_trace_batch.nr_pages, 514);
	CU_ASSERT_EQUAL(shim_trace_batch.copied, 1);
	CU_ASSERT_EQUAL(shim_trace_batch.err, -EIO);
	CU_ASSERT(shim_trace_batch.ns > 0);
	/* Batches not offloaded are not traced. */
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_COMPACTION), 0);
	CU_ASSERT_EQUAL(shim_trace_batch.count, batches + 1);
	CU_ASSERT(unit_write(MO_FILE("backend"), "none") > 0);
	CU_ASSERT_STRING_EQUAL(shim_trace_switch.to, "none");
	shim_trace_on = false;
	unit_batch_free(b);
}

static bool unit_dead;

static bool unit_still_dead(void)
{
	return unit_dead;
}

/*
 * A backend retires itself only if, under the core's lock, the reason
 * still holds: deselected and reselected meanwhile, it stays.
 */
static void test_retire_checks_the_reason_still_holds(void)
{
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit_dead = false;
	migrate_offload_retire(&unit_a, unit_still_dead);
	CU_ASSERT(unit_backend_active("unit_a"));
	unit_dead = true;
	migrate_offload_retire(&unit_a, unit_still_dead);
	CU_ASSERT(unit_backend_active("none"));
	CU_ASSERT_EQUAL(unit.disables, 1);
	/* Not the active one: nothing happens. */
	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_b") > 0);
	migrate_offload_retire(&unit_a, NULL);
	CU_ASSERT(unit_backend_active("unit_b"));
	migrate_offload_retire(&unit_b, NULL);
	CU_ASSERT(unit_backend_active("none"));
}

static void test_out_of_range_reason_is_never_offloaded(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 2);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_TYPES), 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, (enum migrate_reason)-1), 0);
	CU_ASSERT_EQUAL(unit.calls, 0);
	unit_batch_free(b);
}

static void test_stats_count_batches_folios_and_bytes(void)
{
	unsigned int orders[] = { 0, 4, 9, 0 };
	struct unit_batch *b = unit_batch_alloc(orders, 4);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_SYSCALL), 4);
	CU_ASSERT_EQUAL(unit_batch_copy(b, MR_DEMOTION), 4);
	CU_ASSERT_EQUAL(unit_stat("batches"), 2);
	CU_ASSERT_EQUAL(unit_stat("folios"), 8);
	CU_ASSERT_EQUAL(unit_stat("bytes"), 2 * unit_batch_bytes(b));
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
	CU_ASSERT_EQUAL(unit_stat("failures"), 0);
	CU_ASSERT_EQUAL(migrate_offload_stat_read(MIGRATE_OFFLOAD_FOLIOS), 8);
	unit_batch_free(b);
}

static void test_stats_reset_by_writing_zero(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 2);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit_batch_copy(b, MR_SYSCALL);
	CU_ASSERT_EQUAL(unit_stat("batches"), 1);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/batches"), "0\n"), 2);
	CU_ASSERT_EQUAL(unit_stat("batches"), 0);
	/* Only the file written is reset. */
	CU_ASSERT_EQUAL(unit_stat("folios"), 2);
	unit_batch_free(b);
}

static void test_stats_reject_any_write_but_zero(void)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 2);

	CU_ASSERT(unit_write(MO_FILE("backend"), "unit_a") > 0);
	unit_batch_copy(b, MR_SYSCALL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/folios"), "5"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/folios"), ""), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/folios"), "zero"), -EINVAL);
	CU_ASSERT_EQUAL(unit_write(MO_FILE("stats/folios"), "-0x"), -EINVAL);
	CU_ASSERT_EQUAL(unit_stat("folios"), 2);
	unit_batch_free(b);
}

UNIT_SUITE(core, core_setup, core_teardown,
	UNIT_TEST(test_register_without_name_returns_einval),
	UNIT_TEST(test_register_without_copy_returns_einval),
	UNIT_TEST(test_register_malformed_names_return_einval),
	UNIT_TEST(test_register_reserved_names_return_einval),
	UNIT_TEST(test_register_duplicate_name_returns_eexist),
	UNIT_TEST(test_register_accepts_15_character_name),
	UNIT_TEST(test_register_records_the_calling_module_as_owner),
	UNIT_TEST(test_register_creates_and_unregister_removes_directory),
	UNIT_TEST(test_sysfs_directory_has_the_design_files),
	UNIT_TEST(test_backend_read_lists_none_bracketed_when_idle),
	UNIT_TEST(test_select_backend_brackets_it),
	UNIT_TEST(test_switch_between_backends_disables_the_old_one),
	UNIT_TEST(test_select_none_disables_offload),
	UNIT_TEST(test_reselect_active_backend_changes_nothing),
	UNIT_TEST(test_select_unknown_backend_returns_einval),
	UNIT_TEST(test_backend_store_rejects_bad_input),
	UNIT_TEST(test_backend_store_of_a_page_of_garbage_returns_einval),
	UNIT_TEST(test_enable_failure_keeps_previous_backend),
	UNIT_TEST(test_select_module_going_away_returns_enodev),
	UNIT_TEST(test_select_does_not_pin_the_module),
	UNIT_TEST(test_select_resets_reasons_to_backend_default),
	UNIT_TEST(test_unregister_active_backend_switches_to_none),
	UNIT_TEST(test_boot_param_selects_backend_when_it_registers),
	UNIT_TEST(test_reasons_write_replaces_the_set),
	UNIT_TEST(test_reasons_accept_every_kernel_reason_name),
	UNIT_TEST(test_reasons_refuse_memory_failure),
	UNIT_TEST(test_register_refuses_memory_failure_default),
	UNIT_TEST(test_reasons_none_empties_the_set),
	UNIT_TEST(test_reasons_reject_bad_input),
	UNIT_TEST(test_reason_filter_sends_batch_to_cpu_path),
	UNIT_TEST(test_min_batch_rejects_bad_input),
	UNIT_TEST(test_min_batch_never_above_max_batch),
	UNIT_TEST(test_min_batch_counts_base_pages),
	UNIT_TEST(test_max_batch_bounds_and_getter),
	UNIT_TEST(test_max_batch_inert_unless_backend_and_reason),
	UNIT_TEST(test_copy_batch_with_none_selected_returns_zero),
	UNIT_TEST(test_fallback_copied_exactly_once_by_move_stage),
	UNIT_TEST(test_stats_per_reason_count_only_their_reason),
	UNIT_TEST(test_trace_events_report_batch_and_switch),
	UNIT_TEST(test_retire_checks_the_reason_still_holds),
	UNIT_TEST(test_backend_success_with_clear_bits_still_falls_back),
	UNIT_TEST(test_timeout_counts_timeout_failure_and_fallbacks),
	UNIT_TEST(test_poisoned_source_is_left_to_the_caller),
	UNIT_TEST(test_out_of_range_reason_is_never_offloaded),
	UNIT_TEST(test_stats_count_batches_folios_and_bytes),
	UNIT_TEST(test_stats_reset_by_writing_zero),
	UNIT_TEST(test_stats_reject_any_write_but_zero))
