// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs every userspace test suite with CUnit in verbose mode; the exit
 * status is non-zero when any assertion failed.  An argument limits the run
 * to the suites whose names it names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <linux/init.h>

#include "unit.h"

#define UNIT_MAX_SUITES	32

static const struct unit_suite *unit_suites[UNIT_MAX_SUITES];
static int unit_nr_suites;

void unit_register_suite(const struct unit_suite *suite)
{
	if (unit_nr_suites == UNIT_MAX_SUITES) {
		fprintf(stderr, "too many suites\n");
		exit(2);
	}
	unit_suites[unit_nr_suites++] = suite;
}

static int unit_cmp_suite(const void *a, const void *b)
{
	const struct unit_suite *x = *(const struct unit_suite * const *)a;
	const struct unit_suite *y = *(const struct unit_suite * const *)b;

	return strcmp(x->name, y->name);
}

static bool unit_wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned int failures;
	int i;

	shim_printk_quiet = getenv("UNIT_VERBOSE") ? 0 : 1;
	shim_init();
	if (unit_load_modules()) {
		fprintf(stderr, "unit: a backend module failed to load\n");
		return 2;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	qsort(unit_suites, unit_nr_suites, sizeof(unit_suites[0]),
	      unit_cmp_suite);
	for (i = 0; i < unit_nr_suites; i++) {
		const struct unit_suite *s = unit_suites[i];
		const struct unit_test *t;
		CU_pSuite cs;

		if (!unit_wanted(s->name, argc, argv))
			continue;
		cs = CU_add_suite_with_setup_and_teardown(s->name, NULL, NULL,
							  s->setup,
							  s->teardown);
		if (!cs)
			return 2;
		for (t = s->tests; t->name; t++)
			if (!CU_add_test(cs, t->name, t->fn))
				return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	if (!failures && CU_get_number_of_tests_run() == 0)
		failures = 1;
	CU_cleanup_registry();
	if (shim_warn_count) {
		fprintf(stderr, "unit: %d kernel WARNING(s) were printed\n",
			shim_warn_count);
		failures++;
	}
	return failures ? 1 : 0;
}
