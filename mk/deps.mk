# SPDX-License-Identifier: GPL-2.0-only
# Debian packages each part needs; tools/install-deps skips what is present.

DEPS_USER := build-essential clang libcunit1-dev liburcu-dev
DEPS_BENCH := $(DEPS_USER) gnuplot-nox
DEPS_TOOLS := coccinelle perl python3 jq xz-utils linux-source-6.12
DEPS_KERNEL := linux-source-6.12 bc bison flex libelf-dev libssl-dev \
	cpio xz-utils ccache sparse qemu-system-x86 busybox-static \
	numactl libnuma-dev

.PHONY: deps-user deps-bench deps-tools deps-kernel
deps-user:
	@tools/install-deps $(DEPS_USER)
deps-bench:
	@tools/install-deps $(DEPS_BENCH)
deps-tools:
	@tools/install-deps $(DEPS_TOOLS)
deps-kernel:
	@tools/install-deps $(DEPS_KERNEL)
