# SPDX-License-Identifier: GPL-2.0-only
#
# The patched Linux 6.12 kernel and the QEMU guest tests.
#
#   make kernel          build/linux: 6.12 + core/patches + core/ + backends
#   make qemu-check      the guest suite (TAP) in a two-node QEMU guest
#   make qemu-shell      the same guest, interactive
#   make kernel-baseline build/linux-baseline: the unpatched 6.12
#   make qemu-baseline   the unpatched kernel: selftest and microbenchmark,
#                        compared with the last qemu-check (not in check)
#   make patches         the whole project as a 6.12 patch series
#
# QEMU_ACCEL=kvm|tcg forces the accelerator; MCO_QUICK=1 skips the kernel's
# migration selftest in the guest; KERNEL_JOBS (default 2) sets -j.

.PHONY: check-kernel kernel kernel-baseline qemu-check qemu-shell \
	qemu-baseline patches

kernel: deps-kernel
	tools/kernel/build

kernel-baseline: deps-kernel
	tools/kernel/build --baseline

qemu-check: kernel
	tools/kernel/qemu check

qemu-shell: kernel
	tools/kernel/qemu shell

qemu-baseline: kernel-baseline
	tools/kernel/qemu --baseline check
	tools/kernel/compare

patches: deps-kernel
	@tools/install-deps git python3
	tools/kernel/mkpatches

check-kernel: qemu-check
