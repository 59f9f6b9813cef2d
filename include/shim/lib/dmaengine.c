// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's drivers/dma/dmaengine.c for private memcpy channels: providers
 * register a struct dma_device with its channels; a client requests a free
 * channel by capability, which pins the provider's module and device and
 * allocates the channel's resources; releasing the last client of a
 * channel synchronizes it and frees them.  The device is released (its
 * ->device_release() called) when it is unregistered and no channel is
 * held.  The copying is the provider's business, not this file's.
 *
 * Locking: dma_list_mutex protects dma_device_list and every channel's
 * client_count, as in the kernel.
 */
#include <stdio.h>
#include <linux/dmaengine.h>
#include <linux/mutex.h>
#include <linux/slab.h>

static DEFINE_MUTEX(dma_list_mutex);
static LIST_HEAD(dma_device_list);
static int dma_next_dev_id;
static int dma_chans_held;

int shim_dma_chans_in_use(void)
{
	int n;

	mutex_lock(&dma_list_mutex);
	n = dma_chans_held;
	mutex_unlock(&dma_list_mutex);
	return n;
}

static void dma_device_put(struct dma_device *device)
{
	if (__atomic_sub_fetch(&device->ref, 1, __ATOMIC_SEQ_CST))
		return;
	if (device->device_release)
		device->device_release(device);
}

static bool dma_device_get_unless_zero(struct dma_device *device)
{
	int ref = __atomic_load_n(&device->ref, __ATOMIC_SEQ_CST);

	while (ref)
		if (__atomic_compare_exchange_n(&device->ref, &ref, ref + 1,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
	return false;
}

/**
 * dma_async_device_register - register a DMA provider's device
 * @device: the device, with ->channels, ->cap_mask, ->dev and callbacks set
 *
 * Return: 0; -ENODEV without a device; -EIO when a callback that the
 * capabilities need is missing; -ENOMEM.
 */
int dma_async_device_register(struct dma_device *device)
{
	struct dma_chan *chan, *undo;
	int id = 0;

	if (!device || !device->dev)
		return -ENODEV;
	if (dma_has_cap(DMA_MEMCPY, device->cap_mask) &&
	    !device->device_prep_dma_memcpy) {
		dev_err(device->dev, "Device claims capability DMA_MEMCPY, but op is not defined\n");
		return -EIO;
	}
	if (!device->device_tx_status || !device->device_issue_pending) {
		dev_err(device->dev, "Device tx_status or issue_pending is not defined\n");
		return -EIO;
	}
	if (!device->device_release)
		dev_dbg(device->dev, "WARN: Device release is not defined\n");

	if (!device->dev->driver)
		return -ENODEV;
	device->owner = device->dev->driver->owner;

	mutex_lock(&dma_list_mutex);
	device->dev_id = dma_next_dev_id++;
	list_for_each_entry(chan, &device->channels, device_node) {
		chan->dev = kzalloc(sizeof(*chan->dev), GFP_KERNEL);
		if (!chan->dev)
			goto err_free;
		chan->dev->dev_id = device->dev_id;
		chan->chan_id = id++;
		snprintf(chan->dev->name, sizeof(chan->dev->name),
			 "dma%dchan%d", device->dev_id, chan->chan_id);
		chan->client_count = 0;
	}
	device->chancnt = id;
	__atomic_store_n(&device->ref, 1, __ATOMIC_SEQ_CST);
	list_add_tail(&device->global_node, &dma_device_list);
	mutex_unlock(&dma_list_mutex);
	return 0;

err_free:
	list_for_each_entry(undo, &device->channels, device_node) {
		if (undo == chan)
			break;
		kfree(undo->dev);
		undo->dev = NULL;
	}
	mutex_unlock(&dma_list_mutex);
	return -ENOMEM;
}

/**
 * dma_async_device_unregister - unregister a DMA provider's device
 * @device: a device registered with dma_async_device_register()
 *
 * No channel can be requested afterwards.  ->device_release() runs now, or
 * when the last channel held by a client is released.
 */
void dma_async_device_unregister(struct dma_device *device)
{
	struct dma_chan *chan;

	mutex_lock(&dma_list_mutex);
	list_del(&device->global_node);
	list_for_each_entry(chan, &device->channels, device_node)
		WARN_ONCE(!device->device_release && chan->client_count,
			  "%s called while %d clients hold a reference\n",
			  __func__, chan->client_count);
	mutex_unlock(&dma_list_mutex);
	list_for_each_entry(chan, &device->channels, device_node) {
		kfree(chan->dev);
		chan->dev = NULL;
	}
	dma_device_put(device);
}

static bool dma_device_satisfies_mask(struct dma_device *device,
				      const dma_cap_mask_t *want)
{
	int i;

	for (i = 0; i < DMA_TX_TYPE_END; i++)
		if (test_bit(i, want->bits) &&
		    !test_bit(i, device->cap_mask.bits))
			return false;
	return true;
}

/* The first client of a channel: pin the module and device, allocate. */
static int dma_chan_get(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;
	int ret;

	if (!try_module_get(device->owner))
		return -ENODEV;
	if (!dma_device_get_unless_zero(device)) {
		ret = -ENODEV;
		goto err_module;
	}
	if (device->device_alloc_chan_resources) {
		ret = device->device_alloc_chan_resources(chan);
		if (ret < 0)
			goto err_device;
	}
	chan->client_count++;
	dma_chans_held++;
	return 0;

err_device:
	dma_device_put(device);
err_module:
	module_put(device->owner);
	return ret;
}

/**
 * dma_request_chan_by_mask - request a free channel with capabilities
 * @mask: the capabilities the channel must have
 *
 * Return: the channel; ERR_PTR(-ENODEV) when no free channel has them,
 * ERR_PTR(-EPROBE_DEFER) when no DMA device is registered at all.
 */
struct dma_chan *dma_request_chan_by_mask(const dma_cap_mask_t *mask)
{
	struct dma_device *device;
	struct dma_chan *chan;

	might_sleep();
	if (!mask)
		return ERR_PTR(-ENODEV);
	mutex_lock(&dma_list_mutex);
	list_for_each_entry(device, &dma_device_list, global_node) {
		if (!dma_device_satisfies_mask(device, mask))
			continue;
		list_for_each_entry(chan, &device->channels, device_node) {
			if (chan->client_count)
				continue;
			if (!dma_chan_get(chan))
				goto out;
			break;
		}
	}
	chan = ERR_PTR(list_empty(&dma_device_list) ? -EPROBE_DEFER :
		       -ENODEV);
out:
	mutex_unlock(&dma_list_mutex);
	return chan;
}

/**
 * dma_release_channel - release a channel got from dma_request_chan_by_mask()
 * @chan: the channel
 */
void dma_release_channel(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;
	struct module *owner = device->owner;

	might_sleep();
	mutex_lock(&dma_list_mutex);
	WARN_ONCE(chan->client_count != 1, "chan reference count %d != 1\n",
		  chan->client_count);
	if (chan->client_count && !--chan->client_count) {
		dmaengine_synchronize(chan);
		if (device->device_free_chan_resources)
			device->device_free_chan_resources(chan);
		dma_chans_held--;
		dma_device_put(device);
	}
	module_put(owner);
	mutex_unlock(&dma_list_mutex);
}
