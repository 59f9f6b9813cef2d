// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: the core's dispatch calls the callback; everyone else goes
 * through migrate_offload_copy_batch(); other ops' copy members are not
 * ours.
 */
#include <linux/migrate_copy_offload.h>

struct acme_ops {
	int (*copy)(void *dst, const void *src, size_t len);
};

unsigned int __migrate_offload_copy_batch(struct list_head *dst_list,
					  struct list_head *src_list,
					  unsigned int nr_folios,
					  enum migrate_reason reason,
					  unsigned long *copied)
{
	struct migrator *m = acme_active();
	int ret;

	ret = m->copy(dst_list, src_list, nr_folios, copied);
	return ret ? 0 : nr_folios;
}

static int acme_helper(struct acme_ops *ops, void *d, const void *s)
{
	return ops->copy(d, s, 64);
}

static unsigned int acme_move(struct list_head *dst, struct list_head *src,
			      unsigned int nr, unsigned long *copied)
{
	return migrate_offload_copy_batch(dst, src, nr, MR_DEMOTION, copied);
}
