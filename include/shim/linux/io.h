/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the direct map helpers of <linux/io.h>: a physical
 * address is the virtual address (see <linux/mm.h>: struct page * is the
 * page's address).
 */
#ifndef _SHIM_LINUX_IO_H
#define _SHIM_LINUX_IO_H

#include <linux/types.h>

static inline void *phys_to_virt(phys_addr_t address)
{
	return (void *)(uintptr_t)address;
}

static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return (phys_addr_t)(uintptr_t)address;
}

#endif
