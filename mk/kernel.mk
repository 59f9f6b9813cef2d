# SPDX-License-Identifier: GPL-2.0-only
#
# The patched Linux 6.12 kernel and the QEMU guest tests.
#
#   make kernel          build/linux: 6.12 + core/patches + core/ + backends
#   make qemu-check      the guest suite (TAP) in a two-node QEMU guest, then
#                        the tiering suite in a three-node tiered guest
#   make qemu-shell      the same guest, interactive
#   make kernel-baseline build/linux-baseline: the unpatched 6.12
#   make qemu-baseline   the unpatched kernel's guest run and microbenchmark
#                        next to the patched one's, and the selftest
#                        results compared with the last qemu-check
#                        (outside make check)
#   make patches         the whole project as a 6.12 patch series
#   make check-patches   core/patches applies to 6.12, checkpatch-clean
#
# QEMU_ACCEL=kvm|tcg forces the accelerator; MCO_QUICK=1 skips the
# kernel's migration selftest in the guest; KERNEL_JOBS (default 2) sets
# -j; BENCH_BOOTS (default 3) is how many times qemu-baseline boots each
# kernel, alternately, for the microbenchmark (a shared host is noisy).

BENCH_BOOTS ?= 3

.PHONY: check-kernel check-patches kernel kernel-baseline qemu-check \
	qemu-shell qemu-baseline patches deps-kernel-all

# Besides mk/deps.mk's list: the compiler (kernel, static guest programs)
# and what make patches runs.
deps-kernel-all: deps-kernel
	@tools/install-deps build-essential git python3

kernel: deps-kernel-all
	tools/kernel/build

kernel-baseline: deps-kernel-all
	tools/kernel/build --baseline

qemu-check: kernel
	tools/kernel/qemu check
	tools/kernel/qemu tier

qemu-shell: kernel
	tools/kernel/qemu shell

qemu-baseline: kernel-baseline kernel
	tools/kernel/qemu --baseline check
	tools/kernel/bench-pairs $(BENCH_BOOTS)
	tools/kernel/compare

patches: deps-kernel-all
	tools/kernel/mkpatches

check-patches: deps-kernel-all
	tools/kernel/check-patches

# The hook series applies and is checkpatch-clean, then the guest suite.
check-kernel: check-patches
	$(MAKE) qemu-check
