/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CUnit harness of the userspace tests.  Each test file declares its
 * suites with UNIT_SUITE(); main.c runs them all in verbose mode.
 */
#ifndef _MCO_UNIT_H
#define _MCO_UNIT_H

#include <CUnit/CUnit.h>
#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/migrate.h>
#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

/* The core's internals: select, statistics (tests reach them directly). */
#include "../../core/internal.h"

struct unit_test {
	const char *name;
	void (*fn)(void);
};

struct unit_suite {
	const char *name;
	void (*setup)(void);
	void (*teardown)(void);
	const struct unit_test *tests;
};

void unit_register_suite(const struct unit_suite *suite);

#define UNIT_TEST(fn)	{ #fn, fn }

/* UNIT_SUITE(name, setup, teardown, UNIT_TEST(a), UNIT_TEST(b), ...) */
#define UNIT_SUITE(sname, ssetup, steardown, ...)			\
	static const struct unit_test sname##_tests[] = {		\
		__VA_ARGS__, { NULL, NULL }				\
	};								\
	static const struct unit_suite sname##_suite = {		\
		.name = #sname,						\
		.setup = ssetup,					\
		.teardown = steardown,					\
		.tests = sname##_tests,					\
	};								\
	static void __attribute__((constructor)) sname##_register(void) \
	{								\
		unit_register_suite(&sname##_suite);			\
	}

/* Paths of the sysfs files, as a shell would name them. */
#define MO_SYSFS		"/sys/kernel/mm/migrate_offload"
#define MO_FILE(f)		MO_SYSFS "/" f

/* A batch of folio pairs with real memory and a pattern in each source. */
struct unit_batch {
	struct list_head src, dst;
	struct folio **srcs, **dsts;
	unsigned int nr;
	unsigned long *copied;
};

struct unit_batch *unit_batch_alloc(const unsigned int *orders,
				    unsigned int nr);
/* Same orders for every folio. */
struct unit_batch *unit_batch_alloc_uniform(unsigned int order,
					    unsigned int nr);
void unit_batch_free(struct unit_batch *b);
/* Fill sources with a pattern that depends on @seed; clear destinations. */
void unit_batch_fill(struct unit_batch *b, unsigned int seed);
/* Number of folio pairs whose bytes are all equal. */
unsigned int unit_batch_equal(struct unit_batch *b);
bool unit_folio_equal(struct unit_batch *b, unsigned int i);
/*
 * Migrate the batch's data as the migration path does: through the offload
 * core when the reason is offloaded, then the move stage's copy of every
 * folio the backend did not copy.  Return the folios the backend copied.
 */
unsigned int unit_batch_copy(struct unit_batch *b, enum migrate_reason r);
size_t unit_batch_bytes(struct unit_batch *b);
/* Folios the move stage copied since the last call (or reset). */
unsigned long unit_move_copies(void);

/* sysfs helpers: read into a static buffer with the newline cut. */
const char *unit_read(const char *path);
ssize_t unit_write(const char *path, const char *s);
u64 unit_stat(const char *name);
/* Whether the backend file lists @name, and whether it is the active one. */
bool unit_backend_listed(const char *name);
bool unit_backend_active(const char *name);

/* Load (insmod) or unload (rmmod) every backend module linked in. */
int unit_load_modules(void);
int unit_unload_modules(void);

/* Back to a known state: none selected, knobs and stats at defaults. */
void unit_reset_core(void);

#endif
