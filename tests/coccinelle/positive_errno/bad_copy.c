// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: the copy and enable callbacks return positive errnos. */
#include <linux/migrate_copy_offload.h>
#include <linux/module.h>

static bool acme_ready;

static int acme_copy(struct list_head *dst_list, struct list_head *src_list,
		     unsigned int nr_folios, unsigned long *copied)
{
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
