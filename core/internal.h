/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interface between the parts of the migration copy offload core:
 * core.c (registry, selection, dispatch, statistics) and sysfs.c.
 */
#ifndef _MIGRATE_OFFLOAD_INTERNAL_H
#define _MIGRATE_OFFLOAD_INTERNAL_H

#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>

/*
 * Bounds of the max_batch and min_batch knobs, in base pages of any size.
 * max_batch never goes below 512, what migrate_pages() batches with 4 KiB
 * pages (it keeps its own cap, NR_MAX_BATCHED_MIGRATION, when that is
 * larger).  The upper bound keeps at most 128 MiB unmapped at once, so that
 * a task touching a folio of the batch never waits for more than that much
 * copying: 32768 pages of 4 KiB, 2048 of 64 KiB.
 */
#define MIGRATE_OFFLOAD_BATCH_DEFAULT	512
#define MIGRATE_OFFLOAD_BATCH_LIMIT					\
	max(MIGRATE_OFFLOAD_BATCH_DEFAULT, 1 << (27 - PAGE_SHIFT))

/*
 * Every reason may be offloaded but MR_MEMORY_FAILURE: soft offline moves
 * data off a page that is going bad, where a backend whose copy is not
 * machine-check safe would consume the poison.
 */
#define MIGRATE_OFFLOAD_REASONS_ALLOWED					\
	((BIT(MR_TYPES) - 1) & ~BIT(MR_MEMORY_FAILURE))

/**
 * enum migrate_offload_stat - counters kept by the core for all backends
 * @MIGRATE_OFFLOAD_BATCHES: batches handed to a backend
 * @MIGRATE_OFFLOAD_FOLIOS: folios the backend reported copied
 * @MIGRATE_OFFLOAD_BYTES: bytes of those folios
 * @MIGRATE_OFFLOAD_FALLBACKS: folios of offloaded batches that the backend
 *	did not copy, left to the migration path's own copy
 * @MIGRATE_OFFLOAD_FAILURES: backend calls that returned an error
 * @MIGRATE_OFFLOAD_TIMEOUTS: backend calls that returned -ETIMEDOUT
 * @MIGRATE_OFFLOAD_NR_STATS: number of counters
 */
enum migrate_offload_stat {
	MIGRATE_OFFLOAD_BATCHES,
	MIGRATE_OFFLOAD_FOLIOS,
	MIGRATE_OFFLOAD_BYTES,
	MIGRATE_OFFLOAD_FALLBACKS,
	MIGRATE_OFFLOAD_FAILURES,
	MIGRATE_OFFLOAD_TIMEOUTS,
	MIGRATE_OFFLOAD_NR_STATS,
};

/**
 * enum migrate_offload_reason_stat - counters kept for each migrate reason
 * @MIGRATE_OFFLOAD_R_BATCHES: batches of that reason handed to a backend
 * @MIGRATE_OFFLOAD_R_FOLIOS: folios of them the backend copied
 * @MIGRATE_OFFLOAD_R_BYTES: bytes of those folios
 * @MIGRATE_OFFLOAD_R_FALLBACKS: folios of them left to migration's copy
 * @MIGRATE_OFFLOAD_R_NR_STATS: number of counters per reason
 */
enum migrate_offload_reason_stat {
	MIGRATE_OFFLOAD_R_BATCHES,
	MIGRATE_OFFLOAD_R_FOLIOS,
	MIGRATE_OFFLOAD_R_BYTES,
	MIGRATE_OFFLOAD_R_FALLBACKS,
	MIGRATE_OFFLOAD_R_NR_STATS,
};

/* core.c */
int migrate_offload_select(const char *name);
ssize_t migrate_offload_backend_show_list(char *buf);
unsigned long migrate_offload_get_reasons(void);
int migrate_offload_set_reasons(unsigned long reasons);
unsigned int migrate_offload_get_min_batch(void);
int migrate_offload_set_min_batch(unsigned int pages);
unsigned int migrate_offload_get_max_batch(void);
int migrate_offload_set_max_batch(unsigned int pages);
u64 migrate_offload_stat_read(enum migrate_offload_stat item);
void migrate_offload_stat_reset(enum migrate_offload_stat item);
u64 migrate_offload_reason_stat_read(enum migrate_reason reason,
				     enum migrate_offload_reason_stat item);
void migrate_offload_reason_stat_reset(enum migrate_reason reason,
				       enum migrate_offload_reason_stat item);
int migrate_offload_mc_safe(const char *name);

/* sysfs.c */
int migrate_offload_sysfs_init(void);
int migrate_offload_sysfs_add(struct migrator *m);
void migrate_offload_sysfs_remove(struct kobject *kobj,
				  const struct attribute_group *grp);

#endif /* _MIGRATE_OFFLOAD_INTERNAL_H */
