// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: the copy and enable callbacks return positive errnos. */
#include <linux/migrator.h>
#include <linux/module.h>

static bool acme_ready;

static int acme_copy(const struct migrate_offload_batch *batch)
{
	unsigned int nr_folios = batch->nr_folios;
	int ret = 0;

	if (!acme_ready)
		return ENODEV;
	if (nr_folios > 64)
		ret = E2BIG;
	return ret;
}

static int acme_enable(void)
{
	return EBUSY;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.enable = acme_enable,
	.copy = acme_copy,
};
