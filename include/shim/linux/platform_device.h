/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for <linux/platform_device.h>: platform drivers bound
 * by name to the platform devices that a module creates for itself, as a
 * software DMA provider does.  Binding calls ->probe() and unbinding
 * ->remove(), synchronously, as the driver core does for a platform device
 * registered while its driver is (or registering a driver while the device
 * is).
 */
#ifndef _SHIM_LINUX_PLATFORM_DEVICE_H
#define _SHIM_LINUX_PLATFORM_DEVICE_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>

#define PLATFORM_DEVID_NONE	(-1)

struct resource;

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	/* private to the shim */
	char dev_name[32];
	u64 platform_dma_mask;
	struct list_head node;
};

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
	struct device_driver driver;
	/* private to the shim */
	struct list_head node;
};

#define to_platform_device(x) container_of((x), struct platform_device, dev)

struct platform_device *
platform_device_register_simple(const char *name, int id,
				const struct resource *res, unsigned int num);
void platform_device_unregister(struct platform_device *pdev);

#define platform_driver_register(drv) \
	__platform_driver_register(drv, THIS_MODULE)
int __platform_driver_register(struct platform_driver *drv,
			       struct module *owner);
void platform_driver_unregister(struct platform_driver *drv);

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev,
					void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

#endif
