/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/migrate.h>: the reason names of mm/debug.c,
 * and the test world's migration path (shim_migrate_batch()).
 */
#ifndef _SHIM_LINUX_MIGRATE_H
#define _SHIM_LINUX_MIGRATE_H

#include <linux/mm.h>
#include <linux/migrate_mode.h>

extern const char *migrate_reason_names[MR_TYPES];

/*
 * What migrate_pages_batch() and migrate_folio_move() do with a batch that
 * is unmapped: when migrate_offload_wants(@reason), hand the folios on @src
 * (paired with @dst, @nr of each) to the offload core, then copy, once,
 * every folio whose bit in @copied the backend left clear, as
 * __migrate_folio() does with folio_mc_copy().  @copied holds @nr bits and
 * ends with the folios the backend copied.
 *
 * Return: the number of folios the backend copied.  The move stage's own
 * copies and its failed copies (a poisoned source) are counted in
 * shim_move_copies and shim_move_failures.
 */
unsigned int shim_migrate_batch(struct list_head *dst, struct list_head *src,
				unsigned int nr, enum migrate_reason reason,
				unsigned long *copied);
extern unsigned long shim_move_copies;
extern unsigned long shim_move_failures;

#endif
