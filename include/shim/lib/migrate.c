// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test world's migration path: the part of mm/migrate.c around the
 * offload hook, so that the tests and the benchmark copy every folio, and
 * count who copied it.
 */
#include <linux/bitmap.h>
#include <linux/migrate.h>
#include <linux/migrate_copy_offload.h>

unsigned long shim_move_copies;
unsigned long shim_move_failures;

unsigned int shim_migrate_batch(struct list_head *dst, struct list_head *src,
				unsigned int nr, enum migrate_reason reason,
				unsigned long *copied)
{
	struct migrate_offload_batch batch = {
		.src = src,
		.dst = dst,
		.nr_folios = nr,
		.reason = reason,
		.copied = copied,
	};
	struct folio *s, *d;
	unsigned int i = 0, offloaded = 0;

	if (migrate_offload_wants(reason)) {
		list_for_each_entry(s, src, lru)
			batch.nr_pages += folio_nr_pages(s);
		offloaded = migrate_offload_copy_batch(&batch);
	}
	/* As the hook: the bitmap means something only if the core wrote it. */
	if (!offloaded)
		bitmap_zero(copied, nr);
	/* The move stage: __migrate_folio() copies what is not copied. */
	d = list_first_entry(dst, struct folio, lru);
	list_for_each_entry(s, src, lru) {
		if (!test_bit(i++, copied)) {
			if (folio_mc_copy(d, s))
				__atomic_add_fetch(&shim_move_failures, 1,
						   __ATOMIC_RELAXED);
			else
				__atomic_add_fetch(&shim_move_copies, 1,
						   __ATOMIC_RELAXED);
		}
		d = list_next_entry(d, lru);
	}
	return offloaded;
}
