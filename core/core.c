// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batch copy offload for page migration: backend registry, runtime
 * selection (loading a backend's module on demand), batch dispatch, and
 * statistics.  The core never copies: what a backend leaves undone is
 * copied by the migration path itself.
 *
 * The same source builds into the kernel (mm/migrate_offload/) and, against
 * include/shim/, into the userspace tests and benchmark.
 */
#define pr_fmt(fmt) "migrate_offload: " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/migrate.h>
#include <linux/highmem.h>
#include <linux/kmod.h>
#include <linux/ktime.h>
#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu_counter.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/srcu.h>
#include <linux/string.h>

#include "internal.h"

#define CREATE_TRACE_POINTS
#include <trace/events/migrate_offload.h>

/*
 * Locking.
 *
 * migrate_offload_lock serializes registration, unregistration, backend
 * selection and the stores of the core's knobs.  It protects
 * migrate_offload_list and migrate_offload_ready, orders every write of
 * migrate_offload_active and of the knobs, and is held across a backend's
 * enable() and disable().
 *
 * The copy path takes no lock.  It reads migrate_offload_active inside an
 * SRCU read-side section of migrate_offload_srcu; a writer unpublishes a
 * backend, then synchronize_srcu() waits for every copy that may still run
 * in it before disable() is called or the backend's module may go.  The
 * active backend's module is not pinned: its exit function unregisters it.
 *
 * The knobs (reasons, min_batch, max_batch) are single words read with
 * READ_ONCE() on the copy path and written with WRITE_ONCE().
 */
static DEFINE_MUTEX(migrate_offload_lock);
static LIST_HEAD(migrate_offload_list);
static bool migrate_offload_ready;
static struct migrator __rcu *migrate_offload_active;
DEFINE_STATIC_SRCU(migrate_offload_srcu);
DEFINE_STATIC_KEY_FALSE(migrate_offload_key);

unsigned long migrate_offload_reasons;
static unsigned int migrate_offload_min_pages = 1;
unsigned int migrate_offload_max_pages = MIGRATE_OFFLOAD_BATCH_DEFAULT;

static struct percpu_counter migrate_offload_stats[MIGRATE_OFFLOAD_NR_STATS];
static struct percpu_counter
	migrate_offload_reason_stats[MR_TYPES][MIGRATE_OFFLOAD_R_NR_STATS];

/* migrate_offload.backend= on the command line; used once, at register. */
static char migrate_offload_boot_backend[MIGRATE_OFFLOAD_NAME_MAX + 1];

/* Backend directories share the sysfs directory with these names. */
static const char * const migrate_offload_reserved[] = {
	"none", "backend", "reasons", "min_batch", "max_batch", "stats",
};

static bool migrate_offload_name_valid(const char *name)
{
	size_t len, i;

	if (!name)
		return false;
	len = strnlen(name, MIGRATE_OFFLOAD_NAME_MAX + 1);
	if (!len || len > MIGRATE_OFFLOAD_NAME_MAX)
		return false;
	if (name[0] < 'a' || name[0] > 'z')
		return false;
	for (i = 1; i < len; i++) {
		char c = name[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		    c != '_')
			return false;
	}
	for (i = 0; i < ARRAY_SIZE(migrate_offload_reserved); i++)
		if (!strcmp(name, migrate_offload_reserved[i]))
			return false;
	return true;
}

static struct migrator *migrate_offload_active_locked(void)
{
	return rcu_dereference_protected(migrate_offload_active,
					 lockdep_is_held(&migrate_offload_lock));
}

static struct migrator *migrate_offload_find(const char *name)
{
	struct migrator *m;

	lockdep_assert_held(&migrate_offload_lock);
	list_for_each_entry(m, &migrate_offload_list, list)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/*
 * Find a backend by name and pin its module for the duration of a switch,
 * as elevator_find_get() does: a module that is going away is refused.
 */
static struct migrator *migrate_offload_find_get(const char *name)
{
	struct migrator *m = migrate_offload_find(name);

	if (!m)
		return ERR_PTR(-EINVAL);
	if (!try_module_get(m->owner))
		return ERR_PTR(-ENODEV);
	return m;
}

/*
 * Make @new (NULL for none) the active backend.  On an enable() error
 * nothing changes.  Otherwise the old backend is unpublished, every copy
 * running in it is waited for, and only then is it disabled.
 */
static int migrate_offload_switch(struct migrator *new)
{
	struct migrator *old = migrate_offload_active_locked();
	int ret;

	lockdep_assert_held(&migrate_offload_lock);
	if (new == old)
		return 0;
	if (new && new->enable) {
		ret = new->enable();
		if (ret) {
			pr_warn("cannot enable backend %s: %d\n", new->name, ret);
			return ret;
		}
	}
	if (!new)
		static_branch_disable(&migrate_offload_key);
	rcu_assign_pointer(migrate_offload_active, new);
	WRITE_ONCE(migrate_offload_reasons, new ? new->default_reasons : 0);
	/* A backend's min_batch no batch can reach (64 KiB pages) is capped. */
	WRITE_ONCE(migrate_offload_min_pages,
		   new && new->min_batch ?
		   min(new->min_batch, migrate_offload_max_pages) : 1);
	synchronize_srcu(&migrate_offload_srcu);
	if (old && old->disable)
		old->disable();
	if (new)
		static_branch_enable(&migrate_offload_key);
	pr_info("backend %s -> %s\n", old ? old->name : "none",
		new ? new->name : "none");
	trace_migrate_offload_switch(old ? old->name : "none",
				     new ? new->name : "none");
	return 0;
}

/* Find and pin @name, loading its module when it is not registered. */
static struct migrator *migrate_offload_find_load(const char *name)
{
	struct migrator *m = migrate_offload_find_get(name);

	if (!IS_ERR(m) || PTR_ERR(m) != -EINVAL)
		return m;
	/* As elevator_find_get(): the module registers from its init. */
	mutex_unlock(&migrate_offload_lock);
	request_module("migrate-offload-%s", name);
	mutex_lock(&migrate_offload_lock);
	return migrate_offload_find_get(name);
}

/**
 * migrate_offload_select - make a backend the active one
 * @name: the backend's name, or "none" to stop offloading
 *
 * A known backend whose module is not loaded is loaded first (its module
 * carries MODULE_ALIAS_MIGRATOR()).  Waits for the copies running in the
 * previous backend.  On any error the previous backend stays active.
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL for a name that no backend registers; -ENODEV when the
 * backend's module is going away; the error of the backend's enable().
 */
int migrate_offload_select(const char *name)
{
	struct migrator *m = NULL;
	int ret;

	if (strcmp(name, "none") && !migrate_offload_name_valid(name))
		return -EINVAL;
	mutex_lock(&migrate_offload_lock);
	if (strcmp(name, "none")) {
		m = migrate_offload_find_load(name);
		if (IS_ERR(m)) {
			ret = PTR_ERR(m);
			goto unlock;
		}
	}
	ret = migrate_offload_switch(m);
	if (m)
		module_put(m->owner);
unlock:
	mutex_unlock(&migrate_offload_lock);
	return ret;
}

/**
 * __migrate_offload_register - register a batch copy backend
 * @m: the backend; must stay allocated until migrate_offload_unregister()
 * @owner: the module providing @m
 *
 * Use migrate_offload_register(), which passes THIS_MODULE as @owner.  The
 * backend becomes selectable, and gets its tunables directory; it becomes
 * active at once if the command line named it (migrate_offload.backend=).
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL for a missing or malformed name (``[a-z][a-z0-9_]*``,
 * at most 15 characters, not a reserved word), a missing copy callback or
 * default reasons that may not be offloaded; -EEXIST when the name is
 * taken; -ENODEV when the core failed to start; -ENOMEM.
 */
int __migrate_offload_register(struct migrator *m, struct module *owner)
{
	int ret;

	if (!m || !m->copy || !migrate_offload_name_valid(m->name) ||
	    (m->default_reasons & ~MIGRATE_OFFLOAD_REASONS_ALLOWED)) {
		pr_err("invalid backend %s\n", m && m->name ? m->name : "(null)");
		return -EINVAL;
	}
	m->owner = owner;
	mutex_lock(&migrate_offload_lock);
	if (!migrate_offload_ready) {
		ret = -ENODEV;
		goto unlock;
	}
	if (migrate_offload_find(m->name)) {
		ret = -EEXIST;
		goto unlock;
	}
	ret = migrate_offload_sysfs_add(m);
	if (ret)
		goto unlock;
	list_add_tail(&m->list, &migrate_offload_list);
	if (!strcmp(migrate_offload_boot_backend, m->name)) {
		migrate_offload_boot_backend[0] = '\0';
		if (!migrate_offload_active_locked())
			migrate_offload_switch(m);
	}
unlock:
	mutex_unlock(&migrate_offload_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(__migrate_offload_register);

/**
 * migrate_offload_unregister - unregister a batch copy backend
 * @m: a backend registered with migrate_offload_register()
 *
 * If @m is active, switches to none and waits for every copy running in
 * @m, then removes @m and its tunables directory.  On return no copy runs
 * in @m and none will start: its module may go.  Call it from the module's
 * exit function.
 *
 * Context: process context, may sleep.
 */
void migrate_offload_unregister(struct migrator *m)
{
	struct kobject *kobj;

	mutex_lock(&migrate_offload_lock);
	if (migrate_offload_active_locked() == m)
		migrate_offload_switch(NULL);
	list_del(&m->list);
	kobj = m->kobj;
	m->kobj = NULL;
	mutex_unlock(&migrate_offload_lock);
	/*
	 * Outside the lock: removal waits for the backend's own show/store
	 * calls, which may take the lock.
	 */
	migrate_offload_sysfs_remove(kobj, m->attr_group);
}
EXPORT_SYMBOL_GPL(migrate_offload_unregister);

/**
 * migrate_offload_retire - deselect a backend that stopped working
 * @m: a registered backend
 * @still_dead: optional; called under the core's lock, so that no switch
 *	runs meanwhile: whether the reason to retire @m still holds.  Between
 *	the backend's decision and this call, an administrator may have
 *	deselected it and selected it again with fresh hardware.
 *
 * When @m is the active backend (and @still_dead says so), switch to none,
 * wait for every copy still running in @m and call its disable(), as a
 * write of "none" to the backend file would.  For a backend whose hardware
 * stopped working (every DMA channel dead, say).  Call it from a work item
 * of the backend, never from ->copy(), which runs inside the SRCU read side
 * the switch waits for; the backend's exit function must flush that work
 * item after migrate_offload_unregister().
 *
 * Context: process context, may sleep.
 */
void migrate_offload_retire(struct migrator *m, bool (*still_dead)(void))
{
	mutex_lock(&migrate_offload_lock);
	if (migrate_offload_active_locked() == m &&
	    (!still_dead || still_dead())) {
		pr_warn("backend %s stopped working: deselected\n", m->name);
		migrate_offload_switch(NULL);
	}
	mutex_unlock(&migrate_offload_lock);
}
EXPORT_SYMBOL_GPL(migrate_offload_retire);

/* Count a batch the backend returned from; return the folios it copied. */
static unsigned int
migrate_offload_account(const struct migrate_offload_batch *batch, int ret)
{
	struct percpu_counter *rs = migrate_offload_reason_stats[batch->reason];
	unsigned int i = 0, copied = 0;
	struct folio *src;
	u64 bytes = 0;

	list_for_each_entry(src, batch->src, lru) {
		if (test_bit(i++, batch->copied)) {
			copied++;
			bytes += folio_size(src);
		}
	}
	percpu_counter_add(&rs[MIGRATE_OFFLOAD_R_BATCHES], 1);
	percpu_counter_add(&rs[MIGRATE_OFFLOAD_R_FOLIOS], copied);
	percpu_counter_add(&rs[MIGRATE_OFFLOAD_R_BYTES], bytes);
	percpu_counter_add(&rs[MIGRATE_OFFLOAD_R_FALLBACKS],
			   batch->nr_folios - copied);
	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_BATCHES], 1);
	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FOLIOS],
			   copied);
	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_BYTES], bytes);
	if (copied < batch->nr_folios)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FALLBACKS],
				   batch->nr_folios - copied);
	if (ret)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FAILURES],
				   1);
	if (ret == -ETIMEDOUT)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_TIMEOUTS],
				   1);
	return copied;
}

/**
 * migrate_offload_copy_batch - copy a batch through the active backend
 * @batch: the folios, as admitted by the migration path
 *
 * Call it only after migrate_offload_wants() said yes for @batch->reason.
 * Hands @batch to the active backend when it holds at least min_batch base
 * pages.  The core copies nothing itself: the caller copies every folio
 * whose bit in @batch->copied is clear, as it would without offload.
 *
 * Context: process context, may sleep; the folios are unmapped and locked.
 * Return: the number of folios the backend copied.  0 when the batch was
 * not offloaded (no backend, fewer than min_batch base pages), and
 * @batch->copied was then not written; otherwise the bitmap says which.
 */
unsigned int migrate_offload_copy_batch(struct migrate_offload_batch *batch)
{
	unsigned int noreclaim, copied;
	struct migrator *m;
	int idx, ret;
	u64 start = 0;

	if (!batch->nr_folios ||
	    batch->nr_pages < READ_ONCE(migrate_offload_min_pages))
		return 0;

	idx = srcu_read_lock(&migrate_offload_srcu);
	m = srcu_dereference(migrate_offload_active, &migrate_offload_srcu);
	if (!m) {
		srcu_read_unlock(&migrate_offload_srcu, idx);
		return 0;
	}
	bitmap_zero(batch->copied, batch->nr_folios);
	if (trace_migrate_offload_batch_enabled())
		start = ktime_get_ns();
	/* Migration runs from reclaim: a backend must not recurse into it. */
	noreclaim = memalloc_noreclaim_save();
	ret = m->copy(batch);
	memalloc_noreclaim_restore(noreclaim);

	copied = migrate_offload_account(batch, ret);
	if (trace_migrate_offload_batch_enabled())
		trace_migrate_offload_batch(m->name,
					    migrate_reason_names[batch->reason],
					    batch->nr_folios, batch->nr_pages,
					    copied, ret, ktime_get_ns() - start);
	srcu_read_unlock(&migrate_offload_srcu, idx);
	return copied;
}

/**
 * migrate_offload_copy_folio - copy one folio for a backend, poison-safe
 * @dst: the destination folio
 * @src: the source folio, of the same size
 *
 * A machine-check-safe CPU copy for backends that copy on the CPU (or fall
 * back to it): a poisoned source page fails the copy without reporting the
 * poison, which the migration path's own copy of the folio reports once.
 * Reschedules between pages of a large folio.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EHWPOISON when a source page is poisoned.
 */
int migrate_offload_copy_folio(struct folio *dst, struct folio *src)
{
	long i, nr = folio_nr_pages(src);

	for (i = 0; i < nr; i++) {
		void *d = kmap_local_folio(dst, i * PAGE_SIZE);
		void *s = kmap_local_folio(src, i * PAGE_SIZE);
		unsigned long left = copy_mc_to_kernel(d, s, PAGE_SIZE);

		kunmap_local(s);
		kunmap_local(d);
		if (left)
			return -EHWPOISON;
		if (i + 1 < nr)
			cond_resched();
	}
	return 0;
}
EXPORT_SYMBOL_GPL(migrate_offload_copy_folio);

/* A statistics counter's total over all CPUs since boot or its reset. */
u64 migrate_offload_stat_read(enum migrate_offload_stat item)
{
	if (WARN_ON_ONCE(item >= MIGRATE_OFFLOAD_NR_STATS))
		return 0;
	return percpu_counter_sum(&migrate_offload_stats[item]);
}

/* The counter @item of migrations for @reason, summed over all CPUs. */
u64 migrate_offload_reason_stat_read(enum migrate_reason reason,
				     enum migrate_offload_reason_stat item)
{
	if (WARN_ON_ONCE(reason >= MR_TYPES ||
			 item >= MIGRATE_OFFLOAD_R_NR_STATS))
		return 0;
	return percpu_counter_sum(&migrate_offload_reason_stats[reason][item]);
}

void migrate_offload_reason_stat_reset(enum migrate_reason reason,
				       enum migrate_offload_reason_stat item)
{
	if (WARN_ON_ONCE(reason >= MR_TYPES ||
			 item >= MIGRATE_OFFLOAD_R_NR_STATS))
		return;
	percpu_counter_set(&migrate_offload_reason_stats[reason][item], 0);
}

/* Set a statistics counter to zero. */
void migrate_offload_stat_reset(enum migrate_offload_stat item)
{
	if (WARN_ON_ONCE(item >= MIGRATE_OFFLOAD_NR_STATS))
		return;
	percpu_counter_set(&migrate_offload_stats[item], 0);
}

unsigned int migrate_offload_get_max_batch(void)
{
	return READ_ONCE(migrate_offload_max_pages);
}

/* The backend file: every choice, the active one bracketed. */
ssize_t migrate_offload_backend_show_list(char *buf)
{
	struct migrator *active, *m;
	int len;

	mutex_lock(&migrate_offload_lock);
	active = migrate_offload_active_locked();
	len = sysfs_emit(buf, active ? "none" : "[none]");
	list_for_each_entry(m, &migrate_offload_list, list)
		len += sysfs_emit_at(buf, len, m == active ? " [%s]" : " %s",
				     m->name);
	mutex_unlock(&migrate_offload_lock);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

/* Whether backend @name's copy is machine-check safe: 0, 1 or -ENODEV. */
int migrate_offload_mc_safe(const char *name)
{
	struct migrator *m;
	int ret;

	mutex_lock(&migrate_offload_lock);
	m = migrate_offload_find(name);
	ret = m ? READ_ONCE(m->mc_safe) : -ENODEV;
	mutex_unlock(&migrate_offload_lock);
	return ret;
}

unsigned long migrate_offload_get_reasons(void)
{
	return READ_ONCE(migrate_offload_reasons);
}

int migrate_offload_set_reasons(unsigned long reasons)
{
	if (reasons & ~MIGRATE_OFFLOAD_REASONS_ALLOWED)
		return -EINVAL;
	mutex_lock(&migrate_offload_lock);
	WRITE_ONCE(migrate_offload_reasons, reasons);
	mutex_unlock(&migrate_offload_lock);
	return 0;
}

unsigned int migrate_offload_get_min_batch(void)
{
	return READ_ONCE(migrate_offload_min_pages);
}

/*
 * A batch never holds more base pages than max_batch (or 512, when
 * migrate_pages() keeps its own cap), so a larger min_batch could never be
 * met: refuse it, and refuse a max_batch below min_batch.
 */
int migrate_offload_set_min_batch(unsigned int pages)
{
	int ret = 0;

	mutex_lock(&migrate_offload_lock);
	if (!pages || pages > migrate_offload_max_pages)
		ret = -EINVAL;
	else
		WRITE_ONCE(migrate_offload_min_pages, pages);
	mutex_unlock(&migrate_offload_lock);
	return ret;
}

int migrate_offload_set_max_batch(unsigned int pages)
{
	int ret = 0;

	mutex_lock(&migrate_offload_lock);
	if (pages < MIGRATE_OFFLOAD_BATCH_DEFAULT ||
	    pages > MIGRATE_OFFLOAD_BATCH_LIMIT ||
	    pages < migrate_offload_min_pages)
		ret = -EINVAL;
	else
		WRITE_ONCE(migrate_offload_max_pages, pages);
	mutex_unlock(&migrate_offload_lock);
	return ret;
}

#ifdef CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG
/*
 * /sys/kernel/debug/migrate_offload/: the backends' fault injection, and
 * retry_after_copy, the number of batch-copied folios whose move is made
 * to fail with -EAGAIN, as if a reference had been taken after the copy.
 */
static struct dentry *migrate_offload_debugfs;
static u32 migrate_offload_retry_after_copy;

/**
 * migrate_offload_debugfs_dir - a backend's fault injection directory
 * @name: the backend's name
 *
 * Return: /sys/kernel/debug/migrate_offload/@name/, which the backend
 * removes with debugfs_remove() when its module goes.
 */
struct dentry *migrate_offload_debugfs_dir(const char *name)
{
	return debugfs_create_dir(name, migrate_offload_debugfs);
}
EXPORT_SYMBOL_GPL(migrate_offload_debugfs_dir);

/*
 * Whether the move of a batch-copied folio should retry: consumes one of
 * retry_after_copy.  Called by mm/migrate.c only.
 */
bool migrate_offload_debug_retry(void)
{
	u32 left = READ_ONCE(migrate_offload_retry_after_copy);

	while (left) {
		u32 seen = cmpxchg(&migrate_offload_retry_after_copy, left,
				   left - 1);

		if (seen == left)
			return true;
		left = seen;
	}
	return false;
}

static void __init migrate_offload_debugfs_init(void)
{
	migrate_offload_debugfs = debugfs_create_dir("migrate_offload", NULL);
	debugfs_create_u32("retry_after_copy", 0600, migrate_offload_debugfs,
			   &migrate_offload_retry_after_copy);
}
#else
static inline void migrate_offload_debugfs_init(void)
{
}
#endif

static int __init migrate_offload_setup(char *str)
{
	if (strscpy(migrate_offload_boot_backend, str,
		    sizeof(migrate_offload_boot_backend)) < 0) {
		migrate_offload_boot_backend[0] = '\0';
		pr_warn("backend name too long: %s\n", str);
	}
	return 1;
}
__setup("migrate_offload.backend=", migrate_offload_setup);

static int __init migrate_offload_init(void)
{
	int ret;

	ret = percpu_counter_init_many(migrate_offload_stats, 0, GFP_KERNEL,
				       MIGRATE_OFFLOAD_NR_STATS);
	if (ret)
		return ret;
	ret = percpu_counter_init_many(&migrate_offload_reason_stats[0][0], 0,
				       GFP_KERNEL,
				       MR_TYPES * MIGRATE_OFFLOAD_R_NR_STATS);
	if (ret)
		goto destroy;
	ret = migrate_offload_sysfs_init();
	if (ret)
		goto destroy_reasons;
	migrate_offload_debugfs_init();
	mutex_lock(&migrate_offload_lock);
	migrate_offload_ready = true;
	mutex_unlock(&migrate_offload_lock);
	return 0;

destroy_reasons:
	percpu_counter_destroy_many(&migrate_offload_reason_stats[0][0],
				    MR_TYPES * MIGRATE_OFFLOAD_R_NR_STATS);
destroy:
	percpu_counter_destroy_many(migrate_offload_stats,
				    MIGRATE_OFFLOAD_NR_STATS);
	return ret;
}
subsys_initcall(migrate_offload_init);
