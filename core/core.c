// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batch copy offload for page migration: backend registry, runtime
 * selection, batch dispatch with CPU fallback, and statistics.
 *
 * The same source builds into the kernel (mm/migrate_offload/) and, against
 * include/shim/, into the userspace tests and benchmark.
 */
#define pr_fmt(fmt) "migrate_offload: " fmt

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/migrate.h>
#include <linux/migrate_copy_offload.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu_counter.h>
#include <linux/srcu.h>
#include <linux/string.h>

#include "internal.h"

/*
 * Locking.
 *
 * migrate_offload_lock serializes registration, unregistration and backend
 * selection.  It protects migrate_offload_list and migrate_offload_ready,
 * orders every write of migrate_offload_active, and is held across a
 * backend's enable() and disable().
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

static unsigned long migrate_offload_reasons;
static unsigned int migrate_offload_min_pages = 1;
static unsigned int migrate_offload_max_pages = MIGRATE_OFFLOAD_BATCH_DEFAULT;

static struct percpu_counter migrate_offload_stats[MIGRATE_OFFLOAD_NR_STATS];

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
	synchronize_srcu(&migrate_offload_srcu);
	if (old && old->disable)
		old->disable();
	if (new)
		static_branch_enable(&migrate_offload_key);
	pr_info("backend %s -> %s\n", old ? old->name : "none",
		new ? new->name : "none");
	return 0;
}

/**
 * migrate_offload_select - make a registered backend the active one
 * @name: the backend's name, or "none" to stop offloading
 *
 * Waits for the copies running in the previous backend.  On any error the
 * previous backend stays active.
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL for an unknown name; -ENODEV when the backend's module
 * is going away; the error of the backend's enable() callback.
 */
int migrate_offload_select(const char *name)
{
	struct migrator *m = NULL;
	int ret;

	mutex_lock(&migrate_offload_lock);
	if (strcmp(name, "none")) {
		m = migrate_offload_find_get(name);
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
EXPORT_SYMBOL_GPL(migrate_offload_select);

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
 * at most 15 characters, not a reserved word) or a missing copy callback;
 * -EEXIST when the name is taken; -ENODEV when the core failed to start;
 * -ENOMEM.
 */
int __migrate_offload_register(struct migrator *m, struct module *owner)
{
	int ret;

	if (!m || !m->copy || !migrate_offload_name_valid(m->name)) {
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

/*
 * Account a batch the backend has returned from, and copy on the CPU every
 * folio whose bit it left clear.  Return the number of folios copied.
 */
static unsigned int migrate_offload_finish(struct list_head *dst_list,
					   struct list_head *src_list,
					   unsigned int nr_folios,
					   unsigned long *copied, int ret)
{
	unsigned int i = 0, offloaded = 0, fallbacks = 0;
	struct folio *src, *dst;
	u64 bytes = 0;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		if (i == nr_folios)
			break;
		if (test_bit(i, copied)) {
			offloaded++;
			bytes += folio_size(src);
		} else if (!folio_mc_copy(dst, src)) {
			__set_bit(i, copied);
			fallbacks++;
		}
		dst = list_next_entry(dst, lru);
		i++;
	}

	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_BATCHES], 1);
	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FOLIOS],
			   offloaded);
	percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_BYTES], bytes);
	if (fallbacks)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FALLBACKS],
				   fallbacks);
	if (ret)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_FAILURES],
				   1);
	if (ret == -ETIMEDOUT)
		percpu_counter_add(&migrate_offload_stats[MIGRATE_OFFLOAD_TIMEOUTS],
				   1);
	return offloaded + fallbacks;
}

/**
 * __migrate_offload_copy_batch - copy a batch through the active backend
 * @dst_list: destination folios, linked by ->lru
 * @src_list: source folios, linked by ->lru, paired in order with @dst_list
 * @nr_folios: number of folios on each list
 * @reason: why the folios migrate
 * @copied: bitmap of @nr_folios bits, set for each folio copied
 *
 * The out-of-line half of migrate_offload_copy_batch(); call that instead.
 *
 * Context: process context, may sleep; the folios are unmapped and locked.
 * Return: the number of folios copied; 0 when the batch was not offloaded
 * (no backend, @reason not enabled, fewer than min_batch base pages), and
 * @copied was then not written.
 */
unsigned int __migrate_offload_copy_batch(struct list_head *dst_list,
					  struct list_head *src_list,
					  unsigned int nr_folios,
					  enum migrate_reason reason,
					  unsigned long *copied)
{
	unsigned long nr_pages = 0;
	struct migrator *m;
	struct folio *src;
	int idx, ret;

	if ((unsigned int)reason >= MR_TYPES || !nr_folios ||
	    !(READ_ONCE(migrate_offload_reasons) & BIT(reason)))
		return 0;
	list_for_each_entry(src, src_list, lru)
		nr_pages += folio_nr_pages(src);
	if (nr_pages < READ_ONCE(migrate_offload_min_pages))
		return 0;

	idx = srcu_read_lock(&migrate_offload_srcu);
	m = srcu_dereference(migrate_offload_active, &migrate_offload_srcu);
	if (!m) {
		srcu_read_unlock(&migrate_offload_srcu, idx);
		return 0;
	}
	bitmap_zero(copied, nr_folios);
	ret = m->copy(dst_list, src_list, nr_folios, copied);
	srcu_read_unlock(&migrate_offload_srcu, idx);

	return migrate_offload_finish(dst_list, src_list, nr_folios, copied,
				      ret);
}
EXPORT_SYMBOL_GPL(__migrate_offload_copy_batch);

/**
 * migrate_offload_stat_read - read a statistics counter
 * @item: which counter
 *
 * Return: the counter's total over all CPUs since boot or the last reset.
 */
u64 migrate_offload_stat_read(enum migrate_offload_stat item)
{
	if (WARN_ON_ONCE(item >= MIGRATE_OFFLOAD_NR_STATS))
		return 0;
	return percpu_counter_sum(&migrate_offload_stats[item]);
}
EXPORT_SYMBOL_GPL(migrate_offload_stat_read);

/**
 * migrate_offload_stat_reset - set a statistics counter to zero
 * @item: which counter
 */
void migrate_offload_stat_reset(enum migrate_offload_stat item)
{
	if (WARN_ON_ONCE(item >= MIGRATE_OFFLOAD_NR_STATS))
		return;
	percpu_counter_set(&migrate_offload_stats[item], 0);
}
EXPORT_SYMBOL_GPL(migrate_offload_stat_reset);

/**
 * migrate_offload_max_batch - the batch cap of migrate_pages()
 *
 * Return: the most base pages that migrate_pages() should unmap and copy
 * as one batch (the max_batch knob; 512 by default, as in Linux 6.12).
 */
unsigned int migrate_offload_max_batch(void)
{
	return READ_ONCE(migrate_offload_max_pages);
}
EXPORT_SYMBOL_GPL(migrate_offload_max_batch);

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

unsigned long migrate_offload_get_reasons(void)
{
	return READ_ONCE(migrate_offload_reasons);
}

int migrate_offload_set_reasons(unsigned long reasons)
{
	if (reasons & ~(BIT(MR_TYPES) - 1))
		return -EINVAL;
	WRITE_ONCE(migrate_offload_reasons, reasons);
	return 0;
}

unsigned int migrate_offload_get_min_batch(void)
{
	return READ_ONCE(migrate_offload_min_pages);
}

int migrate_offload_set_min_batch(unsigned int pages)
{
	if (!pages || pages > MIGRATE_OFFLOAD_BATCH_LIMIT)
		return -EINVAL;
	WRITE_ONCE(migrate_offload_min_pages, pages);
	return 0;
}

int migrate_offload_set_max_batch(unsigned int pages)
{
	if (pages < MIGRATE_OFFLOAD_BATCH_DEFAULT ||
	    pages > MIGRATE_OFFLOAD_BATCH_LIMIT)
		return -EINVAL;
	WRITE_ONCE(migrate_offload_max_pages, pages);
	return 0;
}

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
	ret = migrate_offload_sysfs_init();
	if (ret) {
		percpu_counter_destroy_many(migrate_offload_stats,
					    MIGRATE_OFFLOAD_NR_STATS);
		return ret;
	}
	mutex_lock(&migrate_offload_lock);
	migrate_offload_ready = true;
	mutex_unlock(&migrate_offload_lock);
	return 0;
}
subsys_initcall(migrate_offload_init);
