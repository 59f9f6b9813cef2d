/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Batch copy offload for page migration: what a backend ("migrator") uses.
 *
 * A backend fills in a struct migrator and registers it from its module's
 * init function; an administrator selects it in
 * /sys/kernel/mm/migrate_offload/backend.  The migration path then hands it
 * batches of unmapped folios (struct migrate_offload_batch) to copy.  See
 * Documentation/mm/migrate_offload.rst and the null backend, the template.
 */
#ifndef _LINUX_MIGRATOR_H
#define _LINUX_MIGRATOR_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/migrate_copy_offload.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/types.h>

struct folio;

/* Longest backend name, without the terminating NUL. */
#define MIGRATE_OFFLOAD_NAME_MAX	15

/*
 * Reasons a backend offloads unless told otherwise: the bulk movers that
 * migrate many folios at once and do not sit on an allocation's fast path.
 * MR_MEMORY_FAILURE (soft offline) is never offloaded: its source may hold
 * poison the backend's copy would consume.
 */
#define MIGRATE_OFFLOAD_REASONS_DEFAULT					\
	(BIT(MR_SYSCALL) | BIT(MR_MEMPOLICY_MBIND) |			\
	 BIT(MR_NUMA_MISPLACED) | BIT(MR_DEMOTION) | BIT(MR_DAMON))

/**
 * struct migrator - a batch copy backend for page migration
 * @name: unique name, ``[a-z][a-z0-9_]*``, at most
 *	%MIGRATE_OFFLOAD_NAME_MAX characters; shown in the ``backend`` file.
 *	Its module should carry MODULE_ALIAS_MIGRATOR(name), so that writing
 *	the name to ``backend`` loads it.
 * @copy: copy the data of each source folio of @batch to its destination.
 *	Set bit i of @batch->copied for each folio i whose data is completely
 *	copied; the bits need not be a prefix.  Return 0, or a negative errno
 *	when any folio was not copied (-ETIMEDOUT for a timeout).  Every
 *	folio whose bit is clear is copied afterwards by the migration path
 *	itself, so a partial copy loses nothing; it must leave the bit clear.
 *	May sleep, never without bound; runs in a no-reclaim scope
 *	(memalloc_noreclaim_save()), since migration runs from kswapd and
 *	direct reclaim.  Called under SRCU: the core guarantees that the
 *	backend's code and data stay alive until it returns.
 * @enable: optional; called, sleepable, when the backend is selected.  An
 *	error fails the selection and the previous backend stays active.
 * @disable: optional; called, sleepable, after the backend was deselected
 *	and every copy that was running in it has returned.
 * @default_reasons: bitmask of BIT(MR_*): the reasons offloaded right after
 *	the backend is selected (%MIGRATE_OFFLOAD_REASONS_DEFAULT if unsure).
 *	Must not contain MR_MEMORY_FAILURE.
 * @min_batch: the smallest batch, in base pages, worth this backend's while;
 *	min_batch is reset to it when the backend is selected (0 means 1).
 * @mc_safe: whether @copy survives a machine check on a poisoned source
 *	(a copy_mc_to_kernel() copy does; a DMA engine or a non-temporal CPU
 *	copy may not).  The backend may change it with WRITE_ONCE() when a
 *	tunable changes how it copies.  Shown as ``<name>/mc_safe``.
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
	int (*copy)(const struct migrate_offload_batch *batch);
	int (*enable)(void);
	void (*disable)(void);
	unsigned long default_reasons;
	unsigned int min_batch;
	bool mc_safe;
	const struct attribute_group *attr_group;
	struct module *owner;

	/* private: */
	struct list_head list;
	struct kobject *kobj;
};

/* The module alias that lets the core load a backend by its name. */
#define MODULE_ALIAS_MIGRATOR(name)	MODULE_ALIAS("migrate-offload-" name)

int __migrate_offload_register(struct migrator *m, struct module *owner);

/**
 * migrate_offload_register - register a batch copy backend
 * @m: the backend; must stay allocated until migrate_offload_unregister()
 *
 * Passes the calling module as the owner, so that no backend can forget it.
 *
 * Return: 0, -EINVAL for a missing or malformed name or copy callback or a
 * reason that may not be offloaded, -EEXIST for a name already registered,
 * -ENOMEM.
 */
#define migrate_offload_register(m) __migrate_offload_register(m, THIS_MODULE)

void migrate_offload_unregister(struct migrator *m);
void migrate_offload_retire(struct migrator *m, bool (*still_dead)(void));

int migrate_offload_copy_folio(struct folio *dst, struct folio *src);

struct dentry;
#ifdef CONFIG_MIGRATION_COPY_OFFLOAD_DEBUG
struct dentry *migrate_offload_debugfs_dir(const char *name);
#else
static inline struct dentry *migrate_offload_debugfs_dir(const char *name)
{
	return NULL;
}
#endif

/*
 * The backend kit: sysfs files for a backend's attr_group, each defined by
 * one macro and listed as &var.kattr.attr.  Reads show the value; a write is
 * parsed and checked whole, and changes nothing on error.
 */

/**
 * struct migrate_offload_counter_attr - a backend's counter in sysfs
 * @kattr: the file
 * @counter: the counter it shows
 *
 * Reading gives the value, writing 0 resets it, any other write is
 * -EINVAL: the same as the core's stats/.  Define one with
 * MIGRATE_OFFLOAD_COUNTER_ATTR().
 */
struct migrate_offload_counter_attr {
	struct kobj_attribute kattr;
	atomic64_t *counter;
};

/**
 * struct migrate_offload_knob_attr - a backend's tunable in sysfs
 * @kattr: the file
 * @value: the tunable, read with READ_ONCE() on the copy path
 * @min: the smallest value accepted (unsigned knobs)
 * @max: the largest value accepted (unsigned knobs)
 * @choices: the names of the values 0, 1, ... (choice knobs), NULL-ended
 * @set: optional; applies a value already checked against the bounds,
 *	instead of a plain WRITE_ONCE(); returns 0 or an errno, and changes
 *	nothing on error.  Called under a mutex of the core's, so that
 *	concurrent writes of the same backend's knobs are serialized.
 *
 * Define one with MIGRATE_OFFLOAD_UINT_ATTR(), MIGRATE_OFFLOAD_BOOL_ATTR()
 * or MIGRATE_OFFLOAD_CHOICE_ATTR().  A choice file shows every name with the
 * current one bracketed (``[mc] nt``) and takes a name.
 */
struct migrate_offload_knob_attr {
	struct kobj_attribute kattr;
	unsigned int *value;
	unsigned int min;
	unsigned int max;
	const char * const *choices;
	int (*set)(unsigned int val);
};

ssize_t migrate_offload_counter_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf);
ssize_t migrate_offload_counter_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t count);
ssize_t migrate_offload_uint_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf);
ssize_t migrate_offload_uint_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t count);
ssize_t migrate_offload_bool_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf);
ssize_t migrate_offload_bool_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t count);
ssize_t migrate_offload_choice_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf);
ssize_t migrate_offload_choice_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count);

#define MIGRATE_OFFLOAD_COUNTER_ATTR(_var, _name, _counter)		\
	struct migrate_offload_counter_attr _var = {			\
		.kattr = __ATTR(_name, 0644,				\
				migrate_offload_counter_show,		\
				migrate_offload_counter_store),		\
		.counter = (_counter),					\
	}

/* An unsigned int in [_min, _max]; _set may be NULL. */
#define MIGRATE_OFFLOAD_UINT_ATTR(_var, _name, _value, _min, _max, _set) \
	struct migrate_offload_knob_attr _var = {			\
		.kattr = __ATTR(_name, 0644, migrate_offload_uint_show,	\
				migrate_offload_uint_store),		\
		.value = (_value),					\
		.min = (_min),						\
		.max = (_max),						\
		.set = (_set),						\
	}

/* 0 or 1, written as kstrtobool() parses it; _set may be NULL. */
#define MIGRATE_OFFLOAD_BOOL_ATTR(_var, _name, _value, _set)		\
	struct migrate_offload_knob_attr _var = {			\
		.kattr = __ATTR(_name, 0644, migrate_offload_bool_show,	\
				migrate_offload_bool_store),		\
		.value = (_value),					\
		.max = 1,						\
		.set = (_set),						\
	}

/* One of the names in _choices (NULL-ended); _set may be NULL. */
#define MIGRATE_OFFLOAD_CHOICE_ATTR(_var, _name, _value, _choices, _set) \
	struct migrate_offload_knob_attr _var = {			\
		.kattr = __ATTR(_name, 0644, migrate_offload_choice_show, \
				migrate_offload_choice_store),		\
		.value = (_value),					\
		.choices = (_choices),					\
		.set = (_set),						\
	}

#endif /* _LINUX_MIGRATOR_H */
