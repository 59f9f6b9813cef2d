// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: a backend calls its own copy callback from another path. */
#include <linux/migrator.h>

static int acme_copy(const struct migrate_offload_batch *batch)
{
	return 0;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};

static void acme_selftest(struct migrate_offload_batch *batch)
{
	acme_copy(batch);
}
