/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for <linux/preempt.h>: see <linux/sched.h>. */
#ifndef _SHIM_LINUX_PREEMPT_H
#define _SHIM_LINUX_PREEMPT_H

#include <linux/sched.h>

#endif
