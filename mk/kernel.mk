# SPDX-License-Identifier: GPL-2.0-only
# The patched Linux 6.12 kernel and the QEMU guest tests.  (placeholder)
.PHONY: check-kernel kernel qemu-check qemu-shell
check-kernel:
