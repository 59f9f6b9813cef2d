// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: enable() preallocates with GFP_KERNEL; the copy path
 * allocates with GFP_NOWAIT and falls back.
 */
#include <linux/migrator.h>
#include <linux/slab.h>

static void *acme_pool;

static int acme_copy(const struct migrate_offload_batch *batch)
{
	void *extra = kmalloc(64, GFP_NOWAIT | __GFP_NOWARN);

	if (!extra)
		return -ENOMEM;
	kfree(extra);
	return -EIO;
}

static int acme_enable(void)
{
	acme_pool = kzalloc(1 << 20, GFP_KERNEL);
	return acme_pool ? 0 : -ENOMEM;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
	.enable = acme_enable,
};
