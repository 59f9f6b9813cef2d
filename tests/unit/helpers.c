// SPDX-License-Identifier: GPL-2.0-only
/* Helpers shared by the userspace test suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#include "unit.h"

struct unit_batch *unit_batch_alloc(const unsigned int *orders,
				    unsigned int nr)
{
	struct unit_batch *b = calloc(1, sizeof(*b));
	unsigned int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	INIT_LIST_HEAD(&b->src);
	INIT_LIST_HEAD(&b->dst);
	b->nr = nr;
	b->srcs = calloc(nr, sizeof(*b->srcs));
	b->dsts = calloc(nr, sizeof(*b->dsts));
	b->copied = bitmap_zalloc(nr, GFP_KERNEL);
	CU_ASSERT_FATAL(b->srcs && b->dsts && b->copied);
	for (i = 0; i < nr; i++) {
		b->srcs[i] = shim_folio_alloc(orders[i]);
		b->dsts[i] = shim_folio_alloc(orders[i]);
		CU_ASSERT_FATAL(b->srcs[i] && b->dsts[i]);
		list_add_tail(&b->srcs[i]->lru, &b->src);
		list_add_tail(&b->dsts[i]->lru, &b->dst);
	}
	unit_batch_fill(b, 1);
	return b;
}

struct unit_batch *unit_batch_alloc_uniform(unsigned int order,
					    unsigned int nr)
{
	unsigned int *orders = calloc(nr, sizeof(*orders));
	struct unit_batch *b;
	unsigned int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(orders);
	for (i = 0; i < nr; i++)
		orders[i] = order;
	b = unit_batch_alloc(orders, nr);
	free(orders);
	return b;
}

void unit_batch_free(struct unit_batch *b)
{
	unsigned int i;

	if (!b)
		return;
	for (i = 0; i < b->nr; i++) {
		shim_folio_free(b->srcs[i]);
		shim_folio_free(b->dsts[i]);
	}
	free(b->srcs);
	free(b->dsts);
	bitmap_free(b->copied);
	free(b);
}

void unit_batch_fill(struct unit_batch *b, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < b->nr; i++) {
		u64 *p = folio_address(b->srcs[i]);
		size_t n = folio_size(b->srcs[i]) / sizeof(*p), k;
		u64 x = 0x9e3779b97f4a7c15ULL * (seed + 1) + i;

		for (k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[k] = x;
		}
		memset(folio_address(b->dsts[i]), 0, folio_size(b->dsts[i]));
	}
	bitmap_zero(b->copied, b->nr);
}

bool unit_folio_equal(struct unit_batch *b, unsigned int i)
{
	return !memcmp(folio_address(b->srcs[i]), folio_address(b->dsts[i]),
		       folio_size(b->srcs[i]));
}

unsigned int unit_batch_equal(struct unit_batch *b)
{
	unsigned int i, n = 0;

	for (i = 0; i < b->nr; i++)
		n += unit_folio_equal(b, i);
	return n;
}

unsigned int unit_batch_copy(struct unit_batch *b, enum migrate_reason r)
{
	return shim_migrate_batch(&b->dst, &b->src, b->nr, r, b->copied);
}

static unsigned long unit_move_copies_seen;

unsigned long unit_move_copies(void)
{
	unsigned long now = __atomic_load_n(&shim_move_copies, __ATOMIC_RELAXED);
	unsigned long delta = now - unit_move_copies_seen;

	unit_move_copies_seen = now;
	return delta;
}

size_t unit_batch_bytes(struct unit_batch *b)
{
	size_t bytes = 0;
	unsigned int i;

	for (i = 0; i < b->nr; i++)
		bytes += folio_size(b->srcs[i]);
	return bytes;
}

const char *unit_read(const char *path)
{
	static __thread char buf[4096];
	ssize_t len = shim_sysfs_read(path, buf, sizeof(buf));

	if (len < 0) {
		snprintf(buf, sizeof(buf), "<error %zd>", len);
		return buf;
	}
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

ssize_t unit_write(const char *path, const char *s)
{
	return shim_sysfs_write_str(path, s);
}

/* Is @name a word of the backend file, bracketed (active) or not? */
static bool unit_backend_word(const char *name, bool active)
{
	char list[4096], *p = list, *word;

	snprintf(list, sizeof(list), "%s", unit_read(MO_FILE("backend")));
	while ((word = strsep(&p, " "))) {
		size_t len = strlen(word);
		bool bracketed = len > 2 && word[0] == '[' &&
				 word[len - 1] == ']';

		if (bracketed) {
			word[len - 1] = '\0';
			word++;
		}
		if (!strcmp(word, name))
			return !active || bracketed;
	}
	return false;
}

bool unit_backend_listed(const char *name)
{
	return unit_backend_word(name, false);
}

bool unit_backend_active(const char *name)
{
	return unit_backend_word(name, true);
}

u64 unit_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), MO_SYSFS "/stats/%s", name);
	return strtoull(unit_read(path), NULL, 10);
}

void unit_reset_core(void)
{
	static const char * const stats[] = {
		"batches", "folios", "bytes", "fallbacks", "failures",
		"timeouts",
	};
	char path[128];
	unsigned int i;

	CU_ASSERT_FATAL(migrate_offload_select("none") == 0);
	CU_ASSERT_FATAL(unit_write(MO_FILE("min_batch"), "1") > 0);
	CU_ASSERT_FATAL(unit_write(MO_FILE("max_batch"), "512") > 0);
	for (i = 0; i < ARRAY_SIZE(stats); i++) {
		snprintf(path, sizeof(path), MO_SYSFS "/stats/%s", stats[i]);
		CU_ASSERT_FATAL(unit_write(path, "0") > 0);
	}
	for (i = 0; i < MR_TYPES * MIGRATE_OFFLOAD_R_NR_STATS; i++)
		migrate_offload_reason_stat_reset(i / MIGRATE_OFFLOAD_R_NR_STATS,
						  i % MIGRATE_OFFLOAD_R_NR_STATS);
	fail_copy_mc_clear();
	unit_move_copies();
	shim_move_failures = 0;
	shim_poison_reads = 0;
}

int unit_load_modules(void)
{
	struct module *mod;
	int i, ret = 0;

	for (i = 0; (mod = shim_module_at(i)); i++)
		if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) !=
		    MODULE_STATE_LIVE && shim_module_load(mod))
			ret = -1;
	return ret;
}

int unit_unload_modules(void)
{
	struct module *mod;
	int i, ret = 0;

	for (i = 0; (mod = shim_module_at(i)); i++)
		if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) ==
		    MODULE_STATE_LIVE && shim_module_unload(mod))
			ret = -1;
	return ret;
}
