// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: a kit knob's set callback returns a positive errno. */
#include <linux/migrator.h>

static unsigned int acme_depth;

static int acme_set_depth(unsigned int val)
{
	if (val & (val - 1))
		return EINVAL;
	WRITE_ONCE(acme_depth, val);
	return 0;
}

static MIGRATE_OFFLOAD_UINT_ATTR(depth_attr, depth, &acme_depth, 1, 64,
				 acme_set_depth);
