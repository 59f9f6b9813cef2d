/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/dma-direct.h>: bus address == physical. */
#ifndef _SHIM_LINUX_DMA_DIRECT_H
#define _SHIM_LINUX_DMA_DIRECT_H

#include <linux/device.h>

static inline phys_addr_t dma_to_phys(struct device *dev, dma_addr_t dma_addr)
{
	return (phys_addr_t)dma_addr;
}

#endif
