// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: a helper of the copy callback uses vmalloc(), which may
 * always reclaim.  (Patch mode cannot fix this one.)
 */
#include <linux/migrate_copy_offload.h>
#include <linux/vmalloc.h>

static void *acme_ring(unsigned int nr)
{
	return vzalloc(nr * 64);
}

static int acme_copy(struct list_head *dst_list, struct list_head *src_list,
		     unsigned int nr_folios, unsigned long *copied)
{
	void *ring = acme_ring(nr_folios);

	vfree(ring);
	return -EIO;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};
