/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/migrate.h>: the reason names of mm/debug.c. */
#ifndef _SHIM_LINUX_MIGRATE_H
#define _SHIM_LINUX_MIGRATE_H

#include <linux/mm.h>
#include <linux/migrate_mode.h>

extern const char *migrate_reason_names[MR_TYPES];

#endif
