// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lifetime under concurrency: switching and unregistering wait for the
 * copies in flight, rmmod of the active backend works, and copies racing
 * with switches never lose data.  Run under TSan by make check-user.
 *
 * The "gate" backend blocks inside its copy until the test opens the gate,
 * so each test knows that a copy is in flight while it acts.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <linux/module.h>

#include "unit.h"

static struct {
	int in_copy;		/* a copy is blocked at the gate */
	int gate_open;
	int copies_done;
	int freed;		/* the backend was "freed" by the test */
	int copy_saw_freed;
	int done_at_disable;
	int actor_returned;	/* the switch/unregister/rmmod returned */
} gate;

static int gate_copy(const struct migrate_offload_batch *batch)
{
	struct folio *src, *dst;
	unsigned int i = 0;

	__atomic_store_n(&gate.in_copy, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&gate.gate_open, __ATOMIC_SEQ_CST))
		usleep(1000);
	dst = list_first_entry(batch->dst, struct folio, lru);
	list_for_each_entry(src, batch->src, lru) {
		folio_copy(dst, src);
		__set_bit(i++, batch->copied);
		dst = list_next_entry(dst, lru);
	}
	if (__atomic_load_n(&gate.freed, __ATOMIC_SEQ_CST))
		__atomic_store_n(&gate.copy_saw_freed, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&gate.copies_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void gate_disable(void)
{
	gate.done_at_disable = __atomic_load_n(&gate.copies_done,
					       __ATOMIC_SEQ_CST);
}

static struct migrator gate_migrator = {
	.name = "gate",
	.copy = gate_copy,
	.disable = gate_disable,
	.default_reasons = BIT(MR_SYSCALL),
};

static int gate_mod_init(void)
{
	return migrate_offload_register(&gate_migrator);
}

static void gate_mod_exit(void)
{
	migrate_offload_unregister(&gate_migrator);
}

static void (*const gate_mod_exitp)(void) = gate_mod_exit;

static struct module gate_mod = {
	.name = "unit_gate",
	.init = gate_mod_init,
	.exitp = &gate_mod_exitp,
};

static void lifetime_setup(void)
{
	memset(&gate, 0, sizeof(gate));
	unit_reset_core();
	CU_ASSERT_FATAL(shim_module_load(&gate_mod) == 0);
	/* The registration above ran in the test, not in gate_mod. */
	gate_migrator.owner = &gate_mod;
}

static void lifetime_teardown(void)
{
	__atomic_store_n(&gate.gate_open, 1, __ATOMIC_SEQ_CST);
	unit_reset_core();
	if (__atomic_load_n(&gate_mod.state, __ATOMIC_SEQ_CST) ==
	    MODULE_STATE_LIVE)
		shim_module_unload(&gate_mod);
}

static void *copier(void *arg)
{
	struct unit_batch *b = arg;

	unit_batch_copy(b, MR_SYSCALL);
	return NULL;
}

static void *switch_to_none(void *arg)
{
	migrate_offload_select("none");
	__atomic_store_n(&gate.actor_returned, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *unregister_and_free(void *arg)
{
	migrate_offload_unregister(&gate_migrator);
	__atomic_store_n(&gate.freed, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&gate.actor_returned, 1, __ATOMIC_SEQ_CST);
	/* Register again so that the module's exit finds it. */
	migrate_offload_register(&gate_migrator);
	return NULL;
}

static void *rmmod(void *arg)
{
	*(int *)arg = shim_module_unload(&gate_mod);
	__atomic_store_n(&gate.actor_returned, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * Start a copy that blocks at the gate, run @actor in another thread, check
 * that the actor has not returned while the copy is in flight, open the
 * gate and wait for both.
 */
static void run_against_inflight_copy(void *(*actor)(void *), void *arg)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 4);
	pthread_t c, a;

	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "gate") > 0);
	CU_ASSERT_FATAL(pthread_create(&c, NULL, copier, b) == 0);
	while (!__atomic_load_n(&gate.in_copy, __ATOMIC_SEQ_CST))
		usleep(1000);
	CU_ASSERT_FATAL(pthread_create(&a, NULL, actor, arg) == 0);
	usleep(50 * 1000);
	CU_ASSERT_EQUAL(__atomic_load_n(&gate.actor_returned, __ATOMIC_SEQ_CST),
			0);
	__atomic_store_n(&gate.gate_open, 1, __ATOMIC_SEQ_CST);
	pthread_join(c, NULL);
	pthread_join(a, NULL);
	CU_ASSERT_EQUAL(gate.copies_done, 1);
	CU_ASSERT_EQUAL(unit_batch_equal(b), 4);
	CU_ASSERT_EQUAL(unit_stat("folios"), 4);
	unit_batch_free(b);
}

static void test_switch_waits_for_inflight_copies(void)
{
	run_against_inflight_copy(switch_to_none, NULL);
	CU_ASSERT_EQUAL(gate.done_at_disable, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")), "[none]"));
}

static void test_unregister_active_never_frees_under_copy(void)
{
	run_against_inflight_copy(unregister_and_free, NULL);
	CU_ASSERT_EQUAL(gate.copy_saw_freed, 0);
	CU_ASSERT_EQUAL(gate.done_at_disable, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")), "[none]"));
}

static void test_rmmod_of_active_backend_waits_and_switches_to_none(void)
{
	int ret = -1;

	run_against_inflight_copy(rmmod, &ret);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(gate.done_at_disable, 1);
	CU_ASSERT_PTR_NULL(strstr(unit_read(MO_FILE("backend")), "gate"));
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")), "[none]"));
}

static void test_module_in_use_by_a_switch_cannot_be_unloaded(void)
{
	/* try_module_get() pins the module only during a switch. */
	CU_ASSERT(try_module_get(&gate_mod));
	CU_ASSERT_EQUAL(shim_module_unload(&gate_mod), -EWOULDBLOCK);
	module_put(&gate_mod);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")), "gate"));
}

/* Copiers that do what mm/migrate.c does with the bitmap, racing a switcher. */
#define STRESS_COPIERS	2
#define STRESS_BATCHES	150
#define STRESS_SWITCHES	120

static int stress_mismatches;
static int stress_stop;

static void *stress_copier(void *arg)
{
	struct unit_batch *b = unit_batch_alloc_uniform(0, 8);
	unsigned int round, i;

	for (round = 0; round < STRESS_BATCHES; round++) {
		unit_batch_fill(b, round + (unsigned long)arg * 1000);
		if (!unit_batch_copy(b, MR_SYSCALL))
			bitmap_zero(b->copied, b->nr);
		for (i = 0; i < b->nr; i++)
			if (!test_bit(i, b->copied))
				folio_copy(b->dsts[i], b->srcs[i]);
		if (unit_batch_equal(b) != b->nr)
			__atomic_add_fetch(&stress_mismatches, 1,
					   __ATOMIC_SEQ_CST);
	}
	unit_batch_free(b);
	return NULL;
}

static void *stress_switcher(void *arg)
{
	static const char * const names[] = { "null", "none", "gate", "null" };
	unsigned int i;

	for (i = 0; i < STRESS_SWITCHES &&
	     !__atomic_load_n(&stress_stop, __ATOMIC_SEQ_CST); i++) {
		migrate_offload_select(names[i % ARRAY_SIZE(names)]);
		unit_write(MO_FILE("reasons"), "syscall_or_cpuset");
	}
	return NULL;
}

static void test_concurrent_copies_and_switches_lose_no_data(void)
{
	pthread_t c[STRESS_COPIERS], s;
	unsigned long i;

	__atomic_store_n(&gate.gate_open, 1, __ATOMIC_SEQ_CST);
	stress_mismatches = 0;
	stress_stop = 0;
	CU_ASSERT_FATAL(pthread_create(&s, NULL, stress_switcher, NULL) == 0);
	for (i = 0; i < STRESS_COPIERS; i++)
		CU_ASSERT_FATAL(pthread_create(&c[i], NULL, stress_copier,
					       (void *)i) == 0);
	for (i = 0; i < STRESS_COPIERS; i++)
		pthread_join(c[i], NULL);
	__atomic_store_n(&stress_stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(s, NULL);
	CU_ASSERT_EQUAL(stress_mismatches, 0);
	CU_ASSERT_EQUAL(unit_stat("fallbacks"), 0);
}

static void test_concurrent_copies_and_rmmod_lose_no_data(void)
{
	struct module *null_mod = shim_find_module("mco_null");
	pthread_t c[STRESS_COPIERS];
	unsigned long i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(null_mod);
	CU_ASSERT_FATAL(unit_write(MO_FILE("backend"), "null") > 0);
	stress_mismatches = 0;
	for (i = 0; i < STRESS_COPIERS; i++)
		CU_ASSERT_FATAL(pthread_create(&c[i], NULL, stress_copier,
					       (void *)i) == 0);
	usleep(2000);
	CU_ASSERT_EQUAL(shim_module_unload(null_mod), 0);
	for (i = 0; i < STRESS_COPIERS; i++)
		pthread_join(c[i], NULL);
	CU_ASSERT_EQUAL(stress_mismatches, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_read(MO_FILE("backend")), "[none]"));
	CU_ASSERT_EQUAL(shim_module_load(null_mod), 0);
}

UNIT_SUITE(lifetime, lifetime_setup, lifetime_teardown,
	UNIT_TEST(test_switch_waits_for_inflight_copies),
	UNIT_TEST(test_unregister_active_never_frees_under_copy),
	UNIT_TEST(test_rmmod_of_active_backend_waits_and_switches_to_none),
	UNIT_TEST(test_module_in_use_by_a_switch_cannot_be_unloaded),
	UNIT_TEST(test_concurrent_copies_and_switches_lose_no_data),
	UNIT_TEST(test_concurrent_copies_and_rmmod_lose_no_data))
