/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/smp.h>: see <linux/sched.h>. */
#ifndef _SHIM_LINUX_SMP_H
#define _SHIM_LINUX_SMP_H

#include <linux/sched.h>

#endif
