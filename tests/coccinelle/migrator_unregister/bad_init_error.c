// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: init's error path after a successful registration returns
 * without unregistering.
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

static int __init acme_init(void)
{
	int err;

	err = migrate_offload_register(&acme_migrator);
	if (err < 0)
		return err;
	acme_wq = alloc_workqueue("acme", WQ_UNBOUND, 0);
	if (!acme_wq)
		return -ENOMEM;
	return 0;
}

static void __exit acme_exit(void)
{
	migrate_offload_unregister(&acme_migrator);
	destroy_workqueue(acme_wq);
}

module_init(acme_init);
module_exit(acme_exit);
MODULE_LICENSE("GPL");
