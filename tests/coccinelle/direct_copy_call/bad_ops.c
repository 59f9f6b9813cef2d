// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: a driver keeps its own pointer to a migrator and calls its
 * copy callback, outside SRCU and without the CPU fallback.
 */
#include <linux/migrate_copy_offload.h>

struct acme_dev {
	struct migrator *mig;
	struct migrator spare;
};

static int acme_move(struct acme_dev *d, struct list_head *dst,
		     struct list_head *src, unsigned int nr,
		     unsigned long *copied)
{
	struct migrator *m = d->mig;

	if (nr > 8)
		return d->spare.copy(dst, src, nr, copied);
	return m->copy(dst, src, nr, copied);
}
