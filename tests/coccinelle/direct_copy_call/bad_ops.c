// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: a driver keeps its own pointer to a migrator and calls its
 * copy callback, outside SRCU and without the CPU fallback.
 */
#include <linux/migrator.h>

struct acme_dev {
	struct migrator *mig;
	struct migrator spare;
};

static int acme_move(struct acme_dev *d,
		     const struct migrate_offload_batch *batch)
{
	struct migrator *m = d->mig;

	if (batch->nr_folios > 8)
		return d->spare.copy(batch);
	return m->copy(batch);
}
