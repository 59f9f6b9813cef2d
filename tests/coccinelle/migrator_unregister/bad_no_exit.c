// SPDX-License-Identifier: GPL-2.0-only
/* Must flag: the exit function forgets to unregister the migrator. */
#include <linux/migrator.h>
#include <linux/module.h>

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
	return migrate_offload_register(&acme_migrator);
}

static void __exit acme_exit(void)
{
}

module_init(acme_init);
module_exit(acme_exit);
MODULE_LICENSE("GPL");
