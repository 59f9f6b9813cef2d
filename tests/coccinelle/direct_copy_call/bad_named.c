// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: a backend calls its own copy callback from another path. */
#include <linux/migrate_copy_offload.h>

static int acme_copy(struct list_head *dst_list, struct list_head *src_list,
		     unsigned int nr_folios, unsigned long *copied)
{
	return 0;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};

static void acme_selftest(struct list_head *dst, struct list_head *src)
{
	unsigned long copied = 0;

	acme_copy(dst, src, 1, &copied);
}
