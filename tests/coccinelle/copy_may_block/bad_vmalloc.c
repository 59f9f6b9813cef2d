// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: a helper of the copy callback uses vmalloc(), which may
 * always reclaim.  (Patch mode cannot fix this one.)
 */
#include <linux/migrator.h>
#include <linux/vmalloc.h>

static void *acme_ring(unsigned int nr)
{
	return vzalloc(nr * 64);
}

static int acme_copy(const struct migrate_offload_batch *batch)
{
	unsigned int nr_folios = batch->nr_folios;
	void *ring = acme_ring(nr_folios);

	vfree(ring);
	return -EIO;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};
