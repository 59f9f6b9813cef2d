// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batch copy offload for page migration: /sys/kernel/mm/migrate_offload/.
 *
 *   backend    every registered backend, the active one bracketed
 *   reasons    the migrate reasons offloaded (names of MIGRATE_REASON)
 *   min_batch  fewest base pages in a batch worth offloading
 *   max_batch  the batch cap of migrate_pages(), in base pages
 *   stats/     the core's counters, totals and per reason (stats/<reason>/);
 *              writing 0 resets one
 *   <backend>/ each backend's tunables, and mc_safe
 *
 * Every store validates its whole input before it changes anything.  The
 * backend kit (migrate_offload_*_show/store) is here too: the files of a
 * backend's counters and tunables, defined by the macros of migrator.h.
 */
#define pr_fmt(fmt) "migrate_offload: " fmt

#include <linux/kobject.h>
#include <linux/migrate.h>
#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

static struct kobject *migrate_offload_kobj;
static struct kobject *migrate_offload_stats_kobj;

static ssize_t backend_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return migrate_offload_backend_show_list(buf);
}

static ssize_t backend_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	char name[MIGRATE_OFFLOAD_NAME_MAX + 2];
	int ret;

	if (strscpy(name, buf, sizeof(name)) < 0)
		return -EINVAL;
	ret = migrate_offload_select(strim(name));
	return ret ? ret : count;
}

static ssize_t reasons_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	unsigned long reasons = migrate_offload_get_reasons();
	int len = 0, i;

	if (!reasons)
		return sysfs_emit(buf, "none\n");
	for (i = 0; i < MR_TYPES; i++)
		if (reasons & BIT(i))
			len += sysfs_emit_at(buf, len, "%s%s", len ? " " : "",
					     migrate_reason_names[i]);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

/* Every reason name, separated by one space, fits with room to spare. */
#define MIGRATE_OFFLOAD_REASONS_MAX	256

static ssize_t reasons_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	char words[MIGRATE_OFFLOAD_REASONS_MAX];
	unsigned long reasons = 0;
	unsigned int nr_words = 0;
	bool none = false;
	char *p = words, *word;
	int i, ret;

	if (strscpy(words, buf, sizeof(words)) < 0)
		return -EINVAL;
	while ((word = strsep(&p, " \t\n"))) {
		if (!*word)
			continue;
		nr_words++;
		if (!strcmp(word, "none")) {
			none = true;
			continue;
		}
		i = match_string(migrate_reason_names, MR_TYPES, word);
		if (i < 0)
			return -EINVAL;
		reasons |= BIT(i);
	}
	/* Nothing, or "none" mixed with reasons, is not a set. */
	if (!nr_words || (none && nr_words > 1))
		return -EINVAL;
	ret = migrate_offload_set_reasons(reasons);
	return ret ? ret : count;
}

static ssize_t min_batch_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", migrate_offload_get_min_batch());
}

/* Parse a number of base pages and hand it to @set, which checks bounds. */
static ssize_t migrate_offload_store_pages(const char *buf, size_t count,
					   int (*set)(unsigned int pages))
{
	unsigned int pages;
	int ret;

	ret = kstrtouint(buf, 0, &pages);
	if (!ret)
		ret = set(pages);
	return ret ? ret : count;
}

static ssize_t min_batch_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	return migrate_offload_store_pages(buf, count,
					   migrate_offload_set_min_batch);
}

static ssize_t max_batch_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", migrate_offload_get_max_batch());
}

static ssize_t max_batch_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	return migrate_offload_store_pages(buf, count,
					   migrate_offload_set_max_batch);
}

static struct kobj_attribute backend_attr = __ATTR_RW(backend);
static struct kobj_attribute reasons_attr = __ATTR_RW(reasons);
static struct kobj_attribute min_batch_attr = __ATTR_RW(min_batch);
static struct kobj_attribute max_batch_attr = __ATTR_RW(max_batch);

static struct attribute *migrate_offload_attrs[] = {
	&backend_attr.attr,
	&reasons_attr.attr,
	&min_batch_attr.attr,
	&max_batch_attr.attr,
	NULL,
};

static const struct attribute_group migrate_offload_attr_group = {
	.attrs = migrate_offload_attrs,
};

struct migrate_offload_stat_attr {
	struct kobj_attribute kattr;
	enum migrate_offload_stat item;
};

static ssize_t stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct migrate_offload_stat_attr *sa;

	sa = container_of(attr, struct migrate_offload_stat_attr, kattr);
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)migrate_offload_stat_read(sa->item));
}

/* A counter file accepts one write: 0, which resets it. */
static int migrate_offload_parse_reset(const char *buf)
{
	u64 val;
	int ret;

	ret = kstrtou64(buf, 0, &val);
	if (ret)
		return ret;
	return val ? -EINVAL : 0;
}

static ssize_t stat_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	struct migrate_offload_stat_attr *sa;
	int ret;

	sa = container_of(attr, struct migrate_offload_stat_attr, kattr);
	ret = migrate_offload_parse_reset(buf);
	if (ret)
		return ret;
	migrate_offload_stat_reset(sa->item);
	return count;
}

/**
 * migrate_offload_counter_show - show a backend counter
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_counter_attr
 * @buf: the page to fill
 *
 * The show method of MIGRATE_OFFLOAD_COUNTER_ATTR().
 *
 * Return: the number of bytes written to @buf.
 */
ssize_t migrate_offload_counter_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct migrate_offload_counter_attr *ca;

	ca = container_of(attr, struct migrate_offload_counter_attr, kattr);
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)atomic64_read(ca->counter));
}
EXPORT_SYMBOL_GPL(migrate_offload_counter_show);

/**
 * migrate_offload_counter_store - reset a backend counter
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_counter_attr
 * @buf: what was written, NUL-terminated
 * @count: its length
 *
 * The store method of MIGRATE_OFFLOAD_COUNTER_ATTR(): 0 resets the counter.
 *
 * Return: @count, or -EINVAL (-ERANGE) for anything but 0.
 */
ssize_t migrate_offload_counter_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t count)
{
	struct migrate_offload_counter_attr *ca;
	int ret;

	ca = container_of(attr, struct migrate_offload_counter_attr, kattr);
	ret = migrate_offload_parse_reset(buf);
	if (ret)
		return ret;
	atomic64_set(ca->counter, 0);
	return count;
}
EXPORT_SYMBOL_GPL(migrate_offload_counter_store);

/* Serializes the stores of every backend's knobs, and their ->set(). */
static DEFINE_MUTEX(migrate_offload_knob_lock);

static struct migrate_offload_knob_attr *to_knob(struct kobj_attribute *attr)
{
	return container_of(attr, struct migrate_offload_knob_attr, kattr);
}

/* Apply a value that passed the knob's checks: ->set() or a plain store. */
static ssize_t migrate_offload_knob_apply(struct migrate_offload_knob_attr *ka,
					  unsigned int val, size_t count)
{
	int ret = 0;

	mutex_lock(&migrate_offload_knob_lock);
	if (ka->set)
		ret = ka->set(val);
	else
		WRITE_ONCE(*ka->value, val);
	mutex_unlock(&migrate_offload_knob_lock);
	return ret ? ret : count;
}

/**
 * migrate_offload_uint_show - show a backend's unsigned tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: the page to fill
 *
 * The show method of MIGRATE_OFFLOAD_UINT_ATTR() and
 * MIGRATE_OFFLOAD_BOOL_ATTR().
 *
 * Return: the number of bytes written to @buf.
 */
ssize_t migrate_offload_uint_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(*to_knob(attr)->value));
}
EXPORT_SYMBOL_GPL(migrate_offload_uint_show);

/**
 * migrate_offload_uint_store - set a backend's unsigned tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: what was written, NUL-terminated
 * @count: its length
 *
 * The store method of MIGRATE_OFFLOAD_UINT_ATTR().
 *
 * Return: @count; -EINVAL for a value that is not a number or is out of
 * the knob's bounds; the error of the knob's ->set().
 */
ssize_t migrate_offload_uint_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	struct migrate_offload_knob_attr *ka = to_knob(attr);
	unsigned int val;

	if (kstrtouint(buf, 0, &val) || val < ka->min || val > ka->max)
		return -EINVAL;
	return migrate_offload_knob_apply(ka, val, count);
}
EXPORT_SYMBOL_GPL(migrate_offload_uint_store);

/**
 * migrate_offload_bool_show - show a backend's boolean tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: the page to fill
 *
 * The show method of MIGRATE_OFFLOAD_BOOL_ATTR(): 0 or 1.
 *
 * Return: the number of bytes written to @buf.
 */
ssize_t migrate_offload_bool_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", !!READ_ONCE(*to_knob(attr)->value));
}
EXPORT_SYMBOL_GPL(migrate_offload_bool_show);

/**
 * migrate_offload_bool_store - set a backend's boolean tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: what was written: anything kstrtobool() takes
 * @count: its length
 *
 * The store method of MIGRATE_OFFLOAD_BOOL_ATTR().
 *
 * Return: @count; -EINVAL for anything kstrtobool() does not take; the
 * error of the knob's ->set().
 */
ssize_t migrate_offload_bool_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	bool val;

	if (kstrtobool(buf, &val))
		return -EINVAL;
	return migrate_offload_knob_apply(to_knob(attr), val, count);
}
EXPORT_SYMBOL_GPL(migrate_offload_bool_store);

/**
 * migrate_offload_choice_show - show a backend's choice tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: the page to fill
 *
 * The show method of MIGRATE_OFFLOAD_CHOICE_ATTR(): every choice, the
 * current one bracketed.
 *
 * Return: the number of bytes written to @buf.
 */
ssize_t migrate_offload_choice_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct migrate_offload_knob_attr *ka = to_knob(attr);
	unsigned int cur = READ_ONCE(*ka->value), i;
	int len = 0;

	for (i = 0; ka->choices[i]; i++)
		len += sysfs_emit_at(buf, len, i == cur ? "%s[%s]" : "%s%s",
				     i ? " " : "", ka->choices[i]);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
EXPORT_SYMBOL_GPL(migrate_offload_choice_show);

/**
 * migrate_offload_choice_store - set a backend's choice tunable
 * @kobj: the backend's directory
 * @attr: the kattr member of a struct migrate_offload_knob_attr
 * @buf: one of the choices' names
 * @count: its length
 *
 * The store method of MIGRATE_OFFLOAD_CHOICE_ATTR().
 *
 * Return: @count; -EINVAL for a name that is not a choice; the error of the
 * knob's ->set().
 */
ssize_t migrate_offload_choice_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	struct migrate_offload_knob_attr *ka = to_knob(attr);
	int i = __sysfs_match_string(ka->choices, -1, buf);

	if (i < 0)
		return -EINVAL;
	return migrate_offload_knob_apply(ka, i, count);
}
EXPORT_SYMBOL_GPL(migrate_offload_choice_store);

/* <backend>/mc_safe: whether the backend's copy survives a machine check. */
static ssize_t mc_safe_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	int ret = migrate_offload_mc_safe(kobject_name(kobj));

	return ret < 0 ? ret : sysfs_emit(buf, "%d\n", ret);
}

static struct kobj_attribute mc_safe_attr = __ATTR_RO(mc_safe);

static struct attribute *migrate_offload_backend_attrs[] = {
	&mc_safe_attr.attr,
	NULL,
};

static const struct attribute_group migrate_offload_backend_group = {
	.attrs = migrate_offload_backend_attrs,
};

#define MIGRATE_OFFLOAD_STAT_ATTR(_name, _item)				\
static struct migrate_offload_stat_attr stat_attr_##_name = {		\
	.kattr = __ATTR(_name, 0644, stat_show, stat_store),		\
	.item = _item,							\
}

MIGRATE_OFFLOAD_STAT_ATTR(batches, MIGRATE_OFFLOAD_BATCHES);
MIGRATE_OFFLOAD_STAT_ATTR(folios, MIGRATE_OFFLOAD_FOLIOS);
MIGRATE_OFFLOAD_STAT_ATTR(bytes, MIGRATE_OFFLOAD_BYTES);
MIGRATE_OFFLOAD_STAT_ATTR(fallbacks, MIGRATE_OFFLOAD_FALLBACKS);
MIGRATE_OFFLOAD_STAT_ATTR(failures, MIGRATE_OFFLOAD_FAILURES);
MIGRATE_OFFLOAD_STAT_ATTR(timeouts, MIGRATE_OFFLOAD_TIMEOUTS);

static struct attribute *migrate_offload_stat_attrs[] = {
	&stat_attr_batches.kattr.attr,
	&stat_attr_folios.kattr.attr,
	&stat_attr_bytes.kattr.attr,
	&stat_attr_fallbacks.kattr.attr,
	&stat_attr_failures.kattr.attr,
	&stat_attr_timeouts.kattr.attr,
	NULL,
};

static const struct attribute_group migrate_offload_stat_group = {
	.attrs = migrate_offload_stat_attrs,
};

/* stats/<reason>/{batches,folios,bytes,fallbacks}, set up at init. */
struct migrate_offload_reason_attr {
	struct kobj_attribute kattr;
	enum migrate_reason reason;
	enum migrate_offload_reason_stat item;
};

static const char * const migrate_offload_reason_stat_names[] = {
	[MIGRATE_OFFLOAD_R_BATCHES] = "batches",
	[MIGRATE_OFFLOAD_R_FOLIOS] = "folios",
	[MIGRATE_OFFLOAD_R_BYTES] = "bytes",
	[MIGRATE_OFFLOAD_R_FALLBACKS] = "fallbacks",
};

static struct migrate_offload_reason_attr
	reason_attrs[MR_TYPES][MIGRATE_OFFLOAD_R_NR_STATS];
static struct attribute *
	reason_attr_list[MR_TYPES][MIGRATE_OFFLOAD_R_NR_STATS + 1];
static struct attribute_group reason_groups[MR_TYPES];

static struct migrate_offload_reason_attr *
to_reason_attr(struct kobj_attribute *attr)
{
	return container_of(attr, struct migrate_offload_reason_attr, kattr);
}

static ssize_t reason_stat_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct migrate_offload_reason_attr *ra = to_reason_attr(attr);

	return sysfs_emit(buf, "%llu\n", (unsigned long long)
			  migrate_offload_reason_stat_read(ra->reason,
							   ra->item));
}

static ssize_t reason_stat_store(struct kobject *kobj,
				 struct kobj_attribute *attr,
				 const char *buf, size_t count)
{
	struct migrate_offload_reason_attr *ra = to_reason_attr(attr);
	int ret;

	ret = migrate_offload_parse_reset(buf);
	if (ret)
		return ret;
	migrate_offload_reason_stat_reset(ra->reason, ra->item);
	return count;
}

/* Whether @reason has a stats/ directory: every reason but the refused. */
static bool migrate_offload_reason_shown(int reason)
{
	return MIGRATE_OFFLOAD_REASONS_ALLOWED & BIT(reason);
}

static void migrate_offload_reason_groups_init(void)
{
	int r, i;

	for (r = 0; r < MR_TYPES; r++) {
		for (i = 0; i < MIGRATE_OFFLOAD_R_NR_STATS; i++) {
			struct migrate_offload_reason_attr *ra;

			ra = &reason_attrs[r][i];
			sysfs_attr_init(&ra->kattr.attr);
			ra->kattr.attr.name =
				migrate_offload_reason_stat_names[i];
			ra->kattr.attr.mode = 0644;
			ra->kattr.show = reason_stat_show;
			ra->kattr.store = reason_stat_store;
			ra->reason = r;
			ra->item = i;
			reason_attr_list[r][i] = &ra->kattr.attr;
		}
		reason_groups[r].name = migrate_reason_names[r];
		reason_groups[r].attrs = reason_attr_list[r];
	}
}

static int migrate_offload_stats_add(void)
{
	int r, ret;

	migrate_offload_stats_kobj = kobject_create_and_add("stats",
							    migrate_offload_kobj);
	if (!migrate_offload_stats_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(migrate_offload_stats_kobj,
				 &migrate_offload_stat_group);
	if (ret)
		goto put;
	migrate_offload_reason_groups_init();
	for (r = 0; r < MR_TYPES; r++) {
		if (!migrate_offload_reason_shown(r))
			continue;
		ret = sysfs_create_group(migrate_offload_stats_kobj,
					 &reason_groups[r]);
		if (ret)
			goto remove;
	}
	return 0;

remove:
	while (--r >= 0)
		if (migrate_offload_reason_shown(r))
			sysfs_remove_group(migrate_offload_stats_kobj,
					   &reason_groups[r]);
	sysfs_remove_group(migrate_offload_stats_kobj,
			   &migrate_offload_stat_group);
put:
	kobject_put(migrate_offload_stats_kobj);
	migrate_offload_stats_kobj = NULL;
	return ret;
}

int migrate_offload_sysfs_init(void)
{
	int ret;

	migrate_offload_kobj = kobject_create_and_add("migrate_offload",
						      mm_kobj);
	if (!migrate_offload_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(migrate_offload_kobj,
				 &migrate_offload_attr_group);
	if (ret)
		goto put;
	ret = migrate_offload_stats_add();
	if (ret)
		goto remove;
	return 0;

remove:
	sysfs_remove_group(migrate_offload_kobj, &migrate_offload_attr_group);
put:
	kobject_put(migrate_offload_kobj);
	migrate_offload_kobj = NULL;
	return ret;
}

/* Create /sys/kernel/mm/migrate_offload/<name>/ with the backend's tunables. */
int migrate_offload_sysfs_add(struct migrator *m)
{
	struct kobject *kobj;
	int ret;

	kobj = kobject_create_and_add(m->name, migrate_offload_kobj);
	if (!kobj)
		return -ENOMEM;
	ret = sysfs_create_group(kobj, &migrate_offload_backend_group);
	if (ret)
		goto put;
	if (m->attr_group) {
		ret = sysfs_create_group(kobj, m->attr_group);
		if (ret)
			goto remove;
	}
	m->kobj = kobj;
	return 0;

remove:
	sysfs_remove_group(kobj, &migrate_offload_backend_group);
put:
	kobject_put(kobj);
	return ret;
}

void migrate_offload_sysfs_remove(struct kobject *kobj,
				  const struct attribute_group *grp)
{
	if (!kobj)
		return;
	if (grp)
		sysfs_remove_group(kobj, grp);
	sysfs_remove_group(kobj, &migrate_offload_backend_group);
	kobject_put(kobj);
}
