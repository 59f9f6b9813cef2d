// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must flag: the goto unwinding of init frees the work queue but forgets
 * the registration that came before it.
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

static int acme_probe(void);

static int __init acme_init(void)
{
	int ret;

	acme_wq = alloc_workqueue("acme", WQ_UNBOUND, 0);
	if (!acme_wq)
		return -ENOMEM;
	ret = migrate_offload_register(&acme_migrator);
	if (ret)
		goto free_wq;
	ret = acme_probe();
	if (ret)
		goto free_wq;
	return 0;

free_wq:
	destroy_workqueue(acme_wq);
	return ret;
}

static void __exit acme_exit(void)
{
	migrate_offload_unregister(&acme_migrator);
	destroy_workqueue(acme_wq);
}

module_init(acme_init);
module_exit(acme_exit);
MODULE_LICENSE("GPL");
