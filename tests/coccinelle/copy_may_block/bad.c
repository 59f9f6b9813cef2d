// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: the copy callback allocates with GFP_KERNEL, and a helper it
 * calls with GFP_NOIO.
 */
#include <linux/migrator.h>
#include <linux/slab.h>

struct acme_desc {
	unsigned int nr;
};

static void *acme_ring(unsigned int nr)
{
	return kmalloc(nr * 64, GFP_NOIO);
}

static int acme_copy(const struct migrate_offload_batch *batch)
{
	unsigned int nr_folios = batch->nr_folios;
	struct acme_desc *d;
	void *ring;

	d = kcalloc(nr_folios, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	ring = acme_ring(nr_folios);
	kfree(d);
	kfree(ring);
	return -EIO;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};
