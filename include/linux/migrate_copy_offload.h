/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Batch copy offload for page migration.
 *
 * After migrate_pages_batch() has unmapped a batch of folios, their data can
 * be copied in one go by a backend (a DMA engine, several CPU threads, ...)
 * instead of folio by folio on the migrating CPU.  Backends ("migrators")
 * register with the core; an administrator picks one at runtime through
 * /sys/kernel/mm/migrate_offload/backend.  The core never loses data: every
 * folio that the backend did not report as copied is copied by the CPU.
 *
 * See Documentation/ABI/testing/sysfs-kernel-mm-migrate_offload.
 */
#ifndef _LINUX_MIGRATE_COPY_OFFLOAD_H
#define _LINUX_MIGRATE_COPY_OFFLOAD_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/jump_label.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/migrate_mode.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/types.h>

struct kobject;

/* Longest backend name, without the terminating NUL. */
#define MIGRATE_OFFLOAD_NAME_MAX	15

/*
 * Bounds of the max_batch and min_batch knobs, in base pages.  The lower
 * bound of max_batch is what migrate_pages() batches today
 * (NR_MAX_BATCHED_MIGRATION); the upper bound keeps at most 64 PMD-sized
 * THPs (128 MiB with 4 KiB pages) unmapped at once, so that a task touching
 * a folio of the batch never waits for more than that much copying.
 */
#define MIGRATE_OFFLOAD_BATCH_DEFAULT	512
#define MIGRATE_OFFLOAD_BATCH_LIMIT	(64 * 512)

/*
 * Reasons a backend offloads unless told otherwise: the bulk movers that
 * migrate many folios at once and do not sit on an allocation's fast path.
 */
#define MIGRATE_OFFLOAD_REASONS_DEFAULT					\
	(BIT(MR_SYSCALL) | BIT(MR_MEMPOLICY_MBIND) |			\
	 BIT(MR_NUMA_MISPLACED) | BIT(MR_DEMOTION) | BIT(MR_DAMON))

/**
 * struct migrator - a batch copy backend for page migration
 * @name: unique name, ``[a-z][a-z0-9_]*``, at most
 *	%MIGRATE_OFFLOAD_NAME_MAX characters; shown in the ``backend`` file.
 * @copy: copy the data of @nr_folios source folios on @src_list (linked by
 *	->lru) to the destination folios at the same positions on @dst_list.
 *	For each folio i whose data is completely copied, set bit i of
 *	@copied (cleared by the core before the call).  The bits need not be a
 *	prefix.  Return 0, or a negative errno when any folio was not copied
 *	(-ETIMEDOUT for a timeout); the core copies every folio whose bit is
 *	clear on the CPU.  May sleep; must not allocate memory in a way that
 *	blocks on reclaim (migration runs from kswapd).  The folios are
 *	unmapped and locked; the callback must not touch their ->lru, flags
 *	or ->private.  Called under SRCU: the core guarantees that the
 *	backend's code and data stay alive until it returns.
 * @enable: optional; called, sleepable, when the backend is selected.  An
 *	error fails the selection and the previous backend stays active.
 * @disable: optional; called, sleepable, after the backend was deselected
 *	and every copy that was running in it has returned.
 * @default_reasons: bitmask of BIT(MR_*): the reasons offloaded right after
 *	the backend is selected (%MIGRATE_OFFLOAD_REASONS_DEFAULT if unsure).
 * @attr_group: optional tunables, shown in
 *	/sys/kernel/mm/migrate_offload/<name>/.
 * @owner: the module that provides the backend; set by
 *	migrate_offload_register().
 *
 * Lifetime: the core does not pin @owner while the backend is active, so the
 * module can be unloaded at any time.  Its exit function must call
 * migrate_offload_unregister(), which deselects the backend and waits for
 * every copy still running in it.
 */
struct migrator {
	const char *name;
	int (*copy)(struct list_head *dst_list, struct list_head *src_list,
		    unsigned int nr_folios, unsigned long *copied);
	int (*enable)(void);
	void (*disable)(void);
	unsigned long default_reasons;
	const struct attribute_group *attr_group;
	struct module *owner;

	/* private: */
	struct list_head list;
	struct kobject *kobj;
};

/**
 * enum migrate_offload_stat - counters kept by the core for all backends
 * @MIGRATE_OFFLOAD_BATCHES: batches handed to a backend
 * @MIGRATE_OFFLOAD_FOLIOS: folios the backend reported copied
 * @MIGRATE_OFFLOAD_BYTES: bytes of those folios
 * @MIGRATE_OFFLOAD_FALLBACKS: folios of offloaded batches that the core
 *	copied on the CPU because the backend did not
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
 * struct migrate_offload_counter_attr - a backend's counter in sysfs
 * @kattr: the file, to put in the backend's @attr_group
 * @counter: the counter it shows
 *
 * Backends keep counters of their own (per channel, per worker, ...) and
 * show them in their directory the way the core shows stats/: reading gives
 * the value, writing 0 resets it, any other write is -EINVAL.  Define one
 * with MIGRATE_OFFLOAD_COUNTER_ATTR() and list &var.kattr.attr.
 */
struct migrate_offload_counter_attr {
	struct kobj_attribute kattr;
	atomic64_t *counter;
};

ssize_t migrate_offload_counter_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf);
ssize_t migrate_offload_counter_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t count);

#define MIGRATE_OFFLOAD_COUNTER_ATTR(_var, _name, _counter)		\
	struct migrate_offload_counter_attr _var = {			\
		.kattr = __ATTR(_name, 0644,				\
				migrate_offload_counter_show,		\
				migrate_offload_counter_store),		\
		.counter = (_counter),					\
	}

int __migrate_offload_register(struct migrator *m, struct module *owner);

/**
 * migrate_offload_register - register a batch copy backend
 * @m: the backend; must stay allocated until migrate_offload_unregister()
 *
 * Passes the calling module as the owner, so that no backend can forget it.
 *
 * Return: 0, -EINVAL for a missing or malformed name or copy callback,
 * -EEXIST for a name already registered, -ENOMEM.
 */
#define migrate_offload_register(m) __migrate_offload_register(m, THIS_MODULE)

void migrate_offload_unregister(struct migrator *m);

int migrate_offload_select(const char *name);
u64 migrate_offload_stat_read(enum migrate_offload_stat item);
void migrate_offload_stat_reset(enum migrate_offload_stat item);
unsigned int migrate_offload_max_batch(void);

DECLARE_STATIC_KEY_FALSE(migrate_offload_key);

unsigned int __migrate_offload_copy_batch(struct list_head *dst_list,
					  struct list_head *src_list,
					  unsigned int nr_folios,
					  enum migrate_reason reason,
					  unsigned long *copied);

/**
 * migrate_offload_copy_batch - copy a batch of unmapped folios in one go
 * @dst_list: destination folios, linked by ->lru
 * @src_list: source folios, linked by ->lru, paired in order with @dst_list
 * @nr_folios: number of folios on each list; @copied holds that many bits
 * @reason: why the folios migrate
 * @copied: bitmap, one bit per folio, set for every folio whose data has
 *	been copied
 *
 * With no backend selected this is a single static branch.  Otherwise the
 * batch goes to the active backend when @reason is enabled and the batch
 * holds at least min_batch base pages; the core then copies on the CPU every
 * folio the backend did not.  The caller copies, as it always did, every
 * folio whose bit is clear (a poisoned source fails there as before).
 *
 * Return: the number of bits set in @copied; 0 when nothing was copied, in
 * which case @copied was not written.
 */
static inline unsigned int
migrate_offload_copy_batch(struct list_head *dst_list,
			   struct list_head *src_list, unsigned int nr_folios,
			   enum migrate_reason reason, unsigned long *copied)
{
	if (!static_branch_unlikely(&migrate_offload_key))
		return 0;
	return __migrate_offload_copy_batch(dst_list, src_list, nr_folios,
					    reason, copied);
}

#endif /* _LINUX_MIGRATE_COPY_OFFLOAD_H */
