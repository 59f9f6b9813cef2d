/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interface between the parts of the migration copy offload core:
 * core.c (registry, selection, dispatch, statistics) and sysfs.c.
 */
#ifndef _MIGRATE_OFFLOAD_INTERNAL_H
#define _MIGRATE_OFFLOAD_INTERNAL_H

#include <linux/migrate_copy_offload.h>

/* core.c */
ssize_t migrate_offload_backend_show_list(char *buf);
unsigned long migrate_offload_get_reasons(void);
int migrate_offload_set_reasons(unsigned long reasons);
unsigned int migrate_offload_get_min_batch(void);
int migrate_offload_set_min_batch(unsigned int pages);
int migrate_offload_set_max_batch(unsigned int pages);

/* sysfs.c */
int migrate_offload_sysfs_init(void);
int migrate_offload_sysfs_add(struct migrator *m);
void migrate_offload_sysfs_remove(struct kobject *kobj,
				  const struct attribute_group *grp);

#endif /* _MIGRATE_OFFLOAD_INTERNAL_H */
