// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not flag: exit unregisters, and init's error path after the
 * registration unregisters through a goto label; a pointer works as well
 * as an address.
 */
#include <linux/migrator.h>
#include <linux/module.h>
#include <linux/workqueue.h>

static struct workqueue_struct *acme_wq;

static int acme_copy(const struct migrate_offload_batch *batch)
{
	return -EOPNOTSUPP;
}

static struct migrator acme_migrator = {
	.name = "acme",
	.copy = acme_copy,
};

static struct migrator *acme = &acme_migrator;

static int __init acme_init(void)
{
	int ret;

	ret = migrate_offload_register(acme);
	if (ret)
		return ret;
	acme_wq = alloc_workqueue("acme", WQ_UNBOUND, 0);
	if (!acme_wq) {
		ret = -ENOMEM;
		goto unregister;
	}
	if (acme_wq == (void *)1) {
		migrate_offload_unregister(acme);
		return -EINVAL;
	}
	return 0;

unregister:
	migrate_offload_unregister(acme);
	return ret;
}

static void __exit acme_exit(void)
{
	destroy_workqueue(acme_wq);
	migrate_offload_unregister(acme);
}

module_init(acme_init);
module_exit(acme_exit);
MODULE_LICENSE("GPL");
