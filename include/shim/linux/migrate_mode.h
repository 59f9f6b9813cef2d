/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace copy of the enums of Linux 6.12 <linux/migrate_mode.h>. */
#ifndef _SHIM_LINUX_MIGRATE_MODE_H
#define _SHIM_LINUX_MIGRATE_MODE_H

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

enum migrate_reason {
	MR_COMPACTION,
	MR_MEMORY_FAILURE,
	MR_MEMORY_HOTPLUG,
	MR_SYSCALL,		/* also applies to cpusets */
	MR_MEMPOLICY_MBIND,
	MR_NUMA_MISPLACED,
	MR_CONTIG_RANGE,
	MR_LONGTERM_PIN,
	MR_DEMOTION,
	MR_DAMON,
	MR_TYPES
};

#endif
