// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's platform bus (drivers/base/platform.c, dd.c) and DMA mapping
 * (kernel/dma/direct.c without IOMMU or bounce buffers): a bus address is
 * the virtual address, and every live mapping is counted.  A test may set
 * a swiotlb-like limit on the length of a mapping.
 *
 * Locking: platform_lock protects both lists and every binding; probe and
 * remove run under it, as the device lock is held across them.
 */
#include <stdio.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

static DEFINE_MUTEX(platform_lock);
static LIST_HEAD(platform_devices);
static LIST_HEAD(platform_drivers);

static void platform_try_bind(struct platform_device *pdev,
			      struct platform_driver *drv)
{
	if (pdev->dev.driver || strcmp(pdev->name, drv->driver.name))
		return;
	pdev->dev.driver = &drv->driver;
	if (drv->probe && drv->probe(pdev))
		pdev->dev.driver = NULL;
}

static void platform_unbind(struct platform_device *pdev)
{
	struct platform_driver *drv;

	if (!pdev->dev.driver)
		return;
	drv = container_of(pdev->dev.driver, struct platform_driver, driver);
	if (drv->remove)
		drv->remove(pdev);
	pdev->dev.driver = NULL;
	pdev->dev.driver_data = NULL;
}

struct platform_device *
platform_device_register_simple(const char *name, int id,
				const struct resource *res, unsigned int num)
{
	struct platform_driver *drv;
	struct platform_device *pdev;

	might_sleep();
	pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);
	if (!pdev)
		return ERR_PTR(-ENOMEM);
	pdev->name = name;
	pdev->id = id;
	if (id == PLATFORM_DEVID_NONE)
		snprintf(pdev->dev_name, sizeof(pdev->dev_name), "%s", name);
	else
		snprintf(pdev->dev_name, sizeof(pdev->dev_name), "%s.%d", name,
			 id);
	pdev->dev.init_name = pdev->dev_name;
	/* As setup_pdev_dma_masks(): 32 bits until the driver says more. */
	pdev->platform_dma_mask = DMA_BIT_MASK(32);
	pdev->dev.dma_mask = &pdev->platform_dma_mask;
	pdev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	/* The kernel embeds them in struct platform_device. */
	pdev->dev.dma_parms = kzalloc(sizeof(*pdev->dev.dma_parms), GFP_KERNEL);
	if (!pdev->dev.dma_parms) {
		kfree(pdev);
		return ERR_PTR(-ENOMEM);
	}
	mutex_lock(&platform_lock);
	list_add_tail(&pdev->node, &platform_devices);
	list_for_each_entry(drv, &platform_drivers, node)
		platform_try_bind(pdev, drv);
	mutex_unlock(&platform_lock);
	return pdev;
}

void platform_device_unregister(struct platform_device *pdev)
{
	if (IS_ERR_OR_NULL(pdev))
		return;
	mutex_lock(&platform_lock);
	platform_unbind(pdev);
	list_del(&pdev->node);
	mutex_unlock(&platform_lock);
	kfree(pdev->dev.dma_parms);
	kfree(pdev);
}

int __platform_driver_register(struct platform_driver *drv,
			       struct module *owner)
{
	struct platform_device *pdev;

	might_sleep();
	drv->driver.owner = owner;
	mutex_lock(&platform_lock);
	list_add_tail(&drv->node, &platform_drivers);
	list_for_each_entry(pdev, &platform_devices, node)
		platform_try_bind(pdev, drv);
	mutex_unlock(&platform_lock);
	return 0;
}

void platform_driver_unregister(struct platform_driver *drv)
{
	struct platform_device *pdev;

	mutex_lock(&platform_lock);
	list_for_each_entry(pdev, &platform_devices, node)
		if (pdev->dev.driver == &drv->driver)
			platform_unbind(pdev);
	list_del(&drv->node);
	mutex_unlock(&platform_lock);
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	if (!dev->dma_mask)
		return -EIO;
	*dev->dma_mask = mask;
	dev->coherent_dma_mask = mask;
	return 0;
}

int fail_dma_map_nth;
size_t shim_dma_max_mapping;
static long shim_dma_live_mappings;

size_t dma_max_mapping_size(struct device *dev)
{
	size_t max = __atomic_load_n(&shim_dma_max_mapping, __ATOMIC_RELAXED);

	return max ? max : SIZE_MAX;
}

long shim_dma_mappings(void)
{
	return __atomic_load_n(&shim_dma_live_mappings, __ATOMIC_SEQ_CST);
}

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
			      size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs)
{
	dma_addr_t addr = (dma_addr_t)(uintptr_t)page_address(page) + offset;

	if (__atomic_load_n(&fail_dma_map_nth, __ATOMIC_RELAXED) > 0 &&
	    !__atomic_sub_fetch(&fail_dma_map_nth, 1, __ATOMIC_RELAXED))
		return DMA_MAPPING_ERROR;
	/* swiotlb cannot bounce more than its limit. */
	if (size > dma_max_mapping_size(dev))
		return DMA_MAPPING_ERROR;
	/* dma-direct would bounce; a device that cannot reach it is a bug. */
	if (WARN_ONCE(!dev->dma_mask || !size ||
		      addr + size - 1 > *dev->dma_mask,
		      "%s: cannot map %zu bytes at %#llx",
		      dev_name(dev), size, (unsigned long long)addr))
		return DMA_MAPPING_ERROR;
	__atomic_add_fetch(&shim_dma_live_mappings, 1, __ATOMIC_SEQ_CST);
	return addr;
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	WARN_ON(addr == DMA_MAPPING_ERROR);
	WARN_ON(__atomic_sub_fetch(&shim_dma_live_mappings, 1,
				   __ATOMIC_SEQ_CST) < 0);
}
