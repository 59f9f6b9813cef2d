/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the NUMA topology of <linux/topology.h>: one node,
 * node 0, that holds every CPU and every folio.
 */
#ifndef _SHIM_LINUX_TOPOLOGY_H
#define _SHIM_LINUX_TOPOLOGY_H

#include <linux/cpumask.h>

struct folio;

#define NUMA_NO_NODE	(-1)

static inline int cpu_to_node(int cpu)
{
	return 0;
}

static inline const struct cpumask *cpumask_of_node(int node)
{
	return cpu_online_mask;
}

/* The kernel's is in <linux/mm.h>; here, with the rest of the topology. */
static inline int folio_nid(const struct folio *folio)
{
	return 0;
}

#endif
