// SPDX-License-Identifier: GPL-2.0-only
/*
 * mco_soft_dma as any DMAEngine client sees it, without dcbm: channels by
 * capability, descriptors performed only once issued, in order, with
 * callbacks and honest tx_status, terminate + synchronize that stop a hung
 * channel, the nr_channels parameter, and the module pinned while a
 * channel is held.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/module.h>

#include "unit.h"

#define SOFT_DMA_PARAM(p)	"/sys/module/mco_soft_dma/parameters/" p
#define NR_DESCS		4

/* A client: NR_DESCS page copies on one channel, and what it saw. */
struct client {
	struct dma_chan *chan;
	struct device *dev;
	struct folio *src[NR_DESCS], *dst[NR_DESCS];
	dma_addr_t src_addr[NR_DESCS], dst_addr[NR_DESCS];
	dma_cookie_t cookie[NR_DESCS];
	struct completion done[NR_DESCS];
	struct dmaengine_result res[NR_DESCS];
	int order[NR_DESCS];	/* descriptor index, in completion order */
	int nr_done;		/* atomic */
};

static struct module *soft_dma_mod(void)
{
	struct module *mod = shim_find_module("mco_soft_dma");

	CU_ASSERT_PTR_NOT_NULL_FATAL(mod);
	return mod;
}

static void soft_dma_setup(void)
{
	struct module *mod = soft_dma_mod();

	CU_ASSERT_FATAL(migrate_offload_select("none") == 0);
	if (__atomic_load_n(&mod->state, __ATOMIC_ACQUIRE) != MODULE_STATE_LIVE)
		CU_ASSERT_FATAL(shim_module_load(mod) == 0);
	CU_ASSERT_FATAL(shim_dma_chans_in_use() == 0);
}

static void soft_dma_teardown(void)
{
	static const char * const knobs[] = {
		"fail_prep", "fail_submit", "fail_result", "fail_hang",
		"fail_partial", "fail_reorder",
	};
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		snprintf(path, sizeof(path), SOFT_DMA_PARAM("%s"), knobs[i]);
		unit_write(path, "0");
	}
	unit_write(SOFT_DMA_PARAM("fail_chan"), "-1");
	unit_write(SOFT_DMA_PARAM("fail_dead"), "0");
	CU_ASSERT_EQUAL(shim_dma_chans_in_use(), 0);
	CU_ASSERT_EQUAL(shim_dma_mappings(), 0);
}

/* Each descriptor's callback gets its own slot through this table. */
struct client_slot {
	struct client *c;
	int i;
};

static struct client_slot slots[NR_DESCS];

static void slot_callback(void *param, const struct dmaengine_result *res)
{
	struct client_slot *s = param;
	struct client *c = s->c;
	int n = __atomic_fetch_add(&c->nr_done, 1, __ATOMIC_ACQ_REL);

	c->res[s->i] = *res;
	c->order[n] = s->i;
	complete(&c->done[s->i]);
}

static struct client *client_open(void)
{
	struct client *c = calloc(1, sizeof(*c));
	dma_cap_mask_t mask;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	c->chan = dma_request_chan_by_mask(&mask);
	CU_ASSERT_FATAL(!IS_ERR(c->chan));
	c->dev = dmaengine_get_dma_device(c->chan);
	for (i = 0; i < NR_DESCS; i++) {
		c->src[i] = shim_folio_alloc(0);
		c->dst[i] = shim_folio_alloc(0);
		CU_ASSERT_FATAL(c->src[i] && c->dst[i]);
		memset(folio_address(c->src[i]), 0x40 + i, PAGE_SIZE);
		memset(folio_address(c->dst[i]), 0, PAGE_SIZE);
		c->src_addr[i] = dma_map_page(c->dev, folio_page(c->src[i], 0),
					      0, PAGE_SIZE, DMA_TO_DEVICE);
		c->dst_addr[i] = dma_map_page(c->dev, folio_page(c->dst[i], 0),
					      0, PAGE_SIZE, DMA_FROM_DEVICE);
		CU_ASSERT_FATAL(!dma_mapping_error(c->dev, c->src_addr[i]) &&
				!dma_mapping_error(c->dev, c->dst_addr[i]));
		init_completion(&c->done[i]);
		c->order[i] = -1;
	}
	return c;
}

/* Prepare and submit descriptor @i; return its cookie. */
static dma_cookie_t client_submit(struct client *c, int i)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(c->chan, c->dst_addr[i], c->src_addr[i],
				       PAGE_SIZE, DMA_PREP_INTERRUPT);
	if (!tx)
		return -ENOMEM;
	slots[i].c = c;
	slots[i].i = i;
	tx->callback_result = slot_callback;
	tx->callback_param = &slots[i];
	c->cookie[i] = dmaengine_submit(tx);
	return c->cookie[i];
}

static bool client_copied(struct client *c, int i)
{
	return !memcmp(folio_address(c->src[i]), folio_address(c->dst[i]),
		       PAGE_SIZE);
}

static enum dma_status client_status(struct client *c, int i)
{
	return dmaengine_tx_status(c->chan, c->cookie[i], NULL);
}

static void client_close(struct client *c)
{
	int i;

	dmaengine_terminate_sync(c->chan);
	for (i = NR_DESCS - 1; i >= 0; i--) {
		dma_unmap_page(c->dev, c->dst_addr[i], PAGE_SIZE,
			       DMA_FROM_DEVICE);
		dma_unmap_page(c->dev, c->src_addr[i], PAGE_SIZE,
			       DMA_TO_DEVICE);
		shim_folio_free(c->src[i]);
		shim_folio_free(c->dst[i]);
		shim_destroy_completion(&c->done[i]);
	}
	dma_release_channel(c->chan);
	free(c);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void test_soft_dma_copies_in_order_and_reports_complete(void)
{
	struct client *c = client_open();
	int i;

	for (i = 0; i < NR_DESCS; i++)
		CU_ASSERT_FALSE(dma_submit_error(client_submit(c, i)));
	dma_async_issue_pending(c->chan);
	for (i = 0; i < NR_DESCS; i++) {
		CU_ASSERT(wait_for_completion_timeout(&c->done[i], 5000) > 0);
		CU_ASSERT_EQUAL(c->res[i].result, DMA_TRANS_NOERROR);
		CU_ASSERT_EQUAL(c->res[i].residue, 0);
		CU_ASSERT(client_copied(c, i));
		CU_ASSERT_EQUAL(c->order[i], i);
		CU_ASSERT_EQUAL(client_status(c, i), DMA_COMPLETE);
	}
	client_close(c);
}

static void test_soft_dma_performs_nothing_before_issue_pending(void)
{
	struct client *c = client_open();

	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	sleep_ms(20);
	CU_ASSERT_FALSE(client_copied(c, 0));
	CU_ASSERT_EQUAL(client_status(c, 0), DMA_IN_PROGRESS);
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[0], 5000) > 0);
	CU_ASSERT(client_copied(c, 0));
	CU_ASSERT_EQUAL(client_status(c, 0), DMA_COMPLETE);
	client_close(c);
}

static void test_soft_dma_error_result_copies_half_and_says_so(void)
{
	struct client *c = client_open();
	char *dst;

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_result"), "1") > 0);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[0], 5000) > 0);
	CU_ASSERT_EQUAL(c->res[0].result, DMA_TRANS_WRITE_FAILED);
	CU_ASSERT_EQUAL(c->res[0].residue, PAGE_SIZE / 2);
	dst = folio_address(c->dst[0]);
	CU_ASSERT_EQUAL(dst[PAGE_SIZE / 2 - 1], 0x40);
	CU_ASSERT_EQUAL(dst[PAGE_SIZE / 2], 0);
	CU_ASSERT_STRING_EQUAL(unit_read(SOFT_DMA_PARAM("fail_result")), "0");
	client_close(c);
}

static void test_soft_dma_fail_prep_and_fail_submit_fail_once(void)
{
	struct client *c = client_open();

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_prep"), "2") > 0);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_submit"), "2") > 0);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	CU_ASSERT_EQUAL(client_submit(c, 1), -ENOMEM);	/* prep: NULL */
	CU_ASSERT_EQUAL(client_submit(c, 1), -EIO);	/* 2nd submit */
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 2)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[0], 5000) > 0);
	CU_ASSERT(wait_for_completion_timeout(&c->done[2], 5000) > 0);
	CU_ASSERT(client_copied(c, 0));
	CU_ASSERT_FALSE(client_copied(c, 1));
	CU_ASSERT(client_copied(c, 2));
	client_close(c);
}

static void test_soft_dma_terminate_sync_stops_a_hung_channel(void)
{
	struct client *c = client_open();
	int i;

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_hang"), "1") > 0);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 1)));
	dma_async_issue_pending(c->chan);
	sleep_ms(30);
	CU_ASSERT_EQUAL(__atomic_load_n(&c->nr_done, __ATOMIC_ACQUIRE), 0);
	CU_ASSERT_FALSE(client_copied(c, 0));
	CU_ASSERT_FALSE(client_copied(c, 1));
	CU_ASSERT_EQUAL(client_status(c, 0), DMA_IN_PROGRESS);
	CU_ASSERT_EQUAL(dmaengine_terminate_sync(c->chan), 0);
	/* Terminated descriptors never call back, and nothing was copied. */
	CU_ASSERT_EQUAL(__atomic_load_n(&c->nr_done, __ATOMIC_ACQUIRE), 0);
	CU_ASSERT_FALSE(client_copied(c, 1));
	/* The channel works again. */
	for (i = 0; i < NR_DESCS; i++)
		reinit_completion(&c->done[i]);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 2)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[2], 5000) > 0);
	CU_ASSERT(client_copied(c, 2));
	client_close(c);
}

static void test_soft_dma_lost_descriptor_keeps_later_ones_in_progress(void)
{
	struct client *c = client_open();

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_partial"), "1") > 0);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 1)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[1], 5000) > 0);
	CU_ASSERT(client_copied(c, 1));
	CU_ASSERT_FALSE(client_copied(c, 0));
	CU_ASSERT_FALSE(completion_done(&c->done[0]));
	/* In cookie order, nothing after a lost descriptor is complete. */
	CU_ASSERT_EQUAL(client_status(c, 0), DMA_IN_PROGRESS);
	CU_ASSERT_EQUAL(client_status(c, 1), DMA_IN_PROGRESS);
	client_close(c);
}

static void test_soft_dma_reorder_completes_last_issued_first(void)
{
	struct client *c = client_open();
	int i;

	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_reorder"), "Y") > 0);
	for (i = 0; i < NR_DESCS; i++)
		CU_ASSERT_FALSE(dma_submit_error(client_submit(c, i)));
	dma_async_issue_pending(c->chan);
	for (i = 0; i < NR_DESCS; i++)
		CU_ASSERT(wait_for_completion_timeout(&c->done[i], 5000) > 0);
	for (i = 0; i < NR_DESCS; i++) {
		CU_ASSERT_EQUAL(c->order[i], NR_DESCS - 1 - i);
		CU_ASSERT(client_copied(c, i));
		CU_ASSERT_EQUAL(client_status(c, i), DMA_COMPLETE);
	}
	client_close(c);
}

static void test_soft_dma_nr_channels_parameter_sets_the_channel_count(void)
{
	struct module *mod = soft_dma_mod();
	struct dma_chan *chans[3];
	dma_cap_mask_t mask;
	int i;

	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "nr_channels", "0"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), -EINVAL);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "nr_channels", "33"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), -EINVAL);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "nr_channels", "2"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
	CU_ASSERT_STRING_EQUAL(unit_read(SOFT_DMA_PARAM("nr_channels")), "2");
	CU_ASSERT_EQUAL(unit_write(SOFT_DMA_PARAM("nr_channels"), "3"),
			-EACCES);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	for (i = 0; i < 3; i++)
		chans[i] = dma_request_chan_by_mask(&mask);
	CU_ASSERT(!IS_ERR(chans[0]) && !IS_ERR(chans[1]));
	CU_ASSERT_EQUAL(PTR_ERR(chans[2]), -ENODEV);
	CU_ASSERT_STRING_NOT_EQUAL(dma_chan_name(chans[0]),
				   dma_chan_name(chans[1]));
	/* The provider stays while a client holds a channel. */
	CU_ASSERT_EQUAL(shim_module_unload(mod), -EWOULDBLOCK);
	for (i = 0; i < 2; i++)
		if (!IS_ERR(chans[i]))
			dma_release_channel(chans[i]);
	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	/* Without any DMA device, a request is deferred. */
	CU_ASSERT_EQUAL(PTR_ERR(dma_request_chan_by_mask(&mask)),
			-EPROBE_DEFER);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "nr_channels", "4"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
}

static void test_soft_dma_fail_dead_hangs_every_descriptor_of_its_channel(void)
{
	struct client *c = client_open();
	char mask[16];
	int i;

	snprintf(mask, sizeof(mask), "%#x", 1u << c->chan->chan_id);
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_dead"), mask) > 0);
	/* Each descriptor hangs, after a terminate as before it. */
	for (i = 0; i < 2; i++) {
		CU_ASSERT_FALSE(dma_submit_error(client_submit(c, i)));
		dma_async_issue_pending(c->chan);
		sleep_ms(20);
		CU_ASSERT_FALSE(client_copied(c, i));
		CU_ASSERT_EQUAL(client_status(c, i), DMA_IN_PROGRESS);
		CU_ASSERT_EQUAL(dmaengine_terminate_sync(c->chan), 0);
	}
	CU_ASSERT_EQUAL(__atomic_load_n(&c->nr_done, __ATOMIC_ACQUIRE), 0);
	/* Another channel's bit: this one works again. */
	snprintf(mask, sizeof(mask), "%#x", 1u << (c->chan->chan_id + 1));
	CU_ASSERT(unit_write(SOFT_DMA_PARAM("fail_dead"), mask) > 0);
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 2)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[2], 5000) > 0);
	CU_ASSERT(client_copied(c, 2));
	client_close(c);
}

static void test_soft_dma_max_xfer_parameter_limits_descriptors(void)
{
	struct module *mod = soft_dma_mod();
	struct client *c;

	/* By default any length: the segment limit is UINT_MAX. */
	c = client_open();
	CU_ASSERT_EQUAL(dma_get_max_seg_size(c->dev), UINT_MAX);
	client_close(c);

	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "max_xfer", "65536"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
	CU_ASSERT_STRING_EQUAL(unit_read(SOFT_DMA_PARAM("max_xfer")), "65536");
	CU_ASSERT_EQUAL(unit_write(SOFT_DMA_PARAM("max_xfer"), "0"), -EACCES);
	c = client_open();
	CU_ASSERT_EQUAL(dma_get_max_seg_size(c->dev), 65536);
	/* Longer than the limit: refused at prep, as by a real engine. */
	CU_ASSERT_PTR_NULL(dmaengine_prep_dma_memcpy(c->chan, c->dst_addr[0],
						     c->src_addr[0],
						     65536 + PAGE_SIZE, 0));
	CU_ASSERT_FALSE(dma_submit_error(client_submit(c, 0)));
	dma_async_issue_pending(c->chan);
	CU_ASSERT(wait_for_completion_timeout(&c->done[0], 5000) > 0);
	CU_ASSERT(client_copied(c, 0));
	client_close(c);
	CU_ASSERT_EQUAL(shim_module_unload(mod), 0);
	CU_ASSERT_EQUAL(shim_module_param_set(mod, "max_xfer", "0"), 0);
	CU_ASSERT_EQUAL(shim_module_load(mod), 0);
}

UNIT_SUITE(soft_dma, soft_dma_setup, soft_dma_teardown,
	UNIT_TEST(test_soft_dma_copies_in_order_and_reports_complete),
	UNIT_TEST(test_soft_dma_performs_nothing_before_issue_pending),
	UNIT_TEST(test_soft_dma_error_result_copies_half_and_says_so),
	UNIT_TEST(test_soft_dma_fail_prep_and_fail_submit_fail_once),
	UNIT_TEST(test_soft_dma_terminate_sync_stops_a_hung_channel),
	UNIT_TEST(test_soft_dma_lost_descriptor_keeps_later_ones_in_progress),
	UNIT_TEST(test_soft_dma_reorder_completes_last_issued_first),
	UNIT_TEST(test_soft_dma_nr_channels_parameter_sets_the_channel_count),
	UNIT_TEST(test_soft_dma_fail_dead_hangs_every_descriptor_of_its_channel),
	UNIT_TEST(test_soft_dma_max_xfer_parameter_limits_descriptors))
