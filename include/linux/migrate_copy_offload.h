/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Batch copy offload for page migration: what the migration path uses.
 *
 * After migrate_pages_batch() has unmapped a batch of folios, their data can
 * be copied in one go by a backend (a DMA engine, several CPU threads, ...)
 * instead of folio by folio in migrate_folio_move().  The migration path
 * asks migrate_offload_wants() whether a batch of a given reason goes to a
 * backend, builds a struct migrate_offload_batch of the folios it admits and
 * hands it to migrate_offload_copy_batch().  The core does not copy: every
 * folio the backend did not mark copied is copied by __migrate_folio(),
 * exactly once, as without offload.
 *
 * Backends include <linux/migrator.h>.  The sysfs interface is documented in
 * Documentation/ABI/testing/sysfs-kernel-mm-migrate_offload.
 */
#ifndef _LINUX_MIGRATE_COPY_OFFLOAD_H
#define _LINUX_MIGRATE_COPY_OFFLOAD_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/migrate_mode.h>
#include <linux/types.h>

/**
 * struct migrate_offload_batch - a batch of unmapped folios to copy
 * @src: the source folios, linked by ->lru
 * @dst: the destination folios, linked by ->lru, paired in order with @src
 * @nr_folios: the number of folios on each list
 * @nr_pages: the number of base pages of the sources
 * @reason: why the folios migrate
 * @copied: @nr_folios bits, cleared before the backend is called; the
 *	backend sets bit i when it has copied all the data of folio i
 *
 * Built once by the migration path while it admits folios, and passed as is
 * to the backend's ->copy().  Every folio is locked and unmapped, is not
 * hugetlb, not movable_ops and not hwpoisoned, and no one but migration
 * holds a reference to it.  The backend must not touch the folios' ->lru,
 * flags or ->private.
 */
struct migrate_offload_batch {
	struct list_head *src;
	struct list_head *dst;
	unsigned int nr_folios;
	unsigned long nr_pages;
	enum migrate_reason reason;
	unsigned long *copied;
};

#ifdef CONFIG_MIGRATION_COPY_OFFLOAD
DECLARE_STATIC_KEY_FALSE(migrate_offload_key);
extern unsigned long migrate_offload_reasons;
extern unsigned int migrate_offload_max_pages;

/**
 * migrate_offload_wants - whether batches of a reason go to a backend
 * @reason: why the folios migrate
 *
 * One static branch while no backend is selected; otherwise a test of the
 * reasons the administrator offloads.  Call it before admitting folios to a
 * batch, so that other migrations pay nothing more.
 *
 * Return: true when a backend is selected and @reason is offloaded.
 */
static inline bool migrate_offload_wants(enum migrate_reason reason)
{
	return static_branch_unlikely(&migrate_offload_key) &&
	       (unsigned int)reason < MR_TYPES &&
	       (READ_ONCE(migrate_offload_reasons) & BIT(reason));
}

unsigned int migrate_offload_copy_batch(struct migrate_offload_batch *batch);

/**
 * migrate_offload_max_batch - the batch cap of migrate_pages()
 * @reason: why the folios migrate
 *
 * Inline, so that with no backend selected it is the static branch of
 * migrate_offload_wants() and nothing more.
 *
 * Return: the most base pages that migrate_pages() should unmap and copy
 * as one batch for @reason (the max_batch knob) when a backend is selected
 * and @reason is offloaded; 0 otherwise, and migrate_pages() keeps its own
 * cap.
 */
static inline unsigned int migrate_offload_max_batch(enum migrate_reason reason)
{
	if (!migrate_offload_wants(reason))
		return 0;
	return READ_ONCE(migrate_offload_max_pages);
}
#else
static inline bool migrate_offload_wants(enum migrate_reason reason)
{
	return false;
}

static inline unsigned int
migrate_offload_copy_batch(struct migrate_offload_batch *batch)
{
	return 0;
}

static inline unsigned int migrate_offload_max_batch(enum migrate_reason reason)
{
	return 0;
}
#endif /* CONFIG_MIGRATION_COPY_OFFLOAD */

#ifdef CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG
bool migrate_offload_debug_retry(void);
#else
static inline bool migrate_offload_debug_retry(void)
{
	return false;
}
#endif

#endif /* _LINUX_MIGRATE_COPY_OFFLOAD_H */
