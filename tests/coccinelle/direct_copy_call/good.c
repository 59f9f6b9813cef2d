// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: the core's dispatch calls the callback; the migration path
 * goes through migrate_offload_copy_batch(); other ops' copy members are
 * not ours.
 */
#include <linux/migrate_copy_offload.h>
#include <linux/migrator.h>

struct acme_ops {
	int (*copy)(void *dst, const void *src, size_t len);
};

unsigned int migrate_offload_copy_batch(struct migrate_offload_batch *batch)
{
	struct migrator *m = acme_active();
	int ret;

	ret = m->copy(batch);
	return ret ? 0 : batch->nr_folios;
}

static int acme_helper(struct acme_ops *ops, void *d, const void *s)
{
	return ops->copy(d, s, 64);
}

static unsigned int acme_move(struct migrate_offload_batch *batch)
{
	if (!migrate_offload_wants(batch->reason))
		return 0;
	return migrate_offload_copy_batch(batch);
}
