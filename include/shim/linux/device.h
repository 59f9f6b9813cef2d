/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the parts of <linux/device.h> that a DMA provider
 * and its clients use: a named device with a DMA mask and driver data.
 */
#ifndef _SHIM_LINUX_DEVICE_H
#define _SHIM_LINUX_DEVICE_H

#include <linux/kernel.h>

struct module;

struct device_driver {
	const char *name;
	struct module *owner;
};

/* A bus's DMA limits for a device (platform devices have one each). */
struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
	unsigned long segment_boundary_mask;
};

struct device {
	const char *init_name;
	struct device_driver *driver;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	struct device_dma_parameters *dma_parms;
	void *driver_data;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "(unnamed)";
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#define dev_err(dev, fmt, ...)	pr_err("%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	pr_warn("%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	pr_info("%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	pr_debug("%s: " fmt, dev_name(dev), ##__VA_ARGS__)

#endif
