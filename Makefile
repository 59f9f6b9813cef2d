# SPDX-License-Identifier: GPL-2.0-only
#
# migrate-copy-offload: one Makefile drives every target.
#
#   make bench        userspace comparison of the backends (the default)
#   make check        every test: what CI runs
#   make check-user   the userspace tests alone (plain, ASan+UBSan, TSan)
#   make kernel       the patched Linux 6.12 with the feature built in
#   make qemu-check   guest tests in a two-node QEMU guest
#   make qemu-shell   the same guest, interactive
#   make qemu-baseline the guest benchmark, unpatched against patched
#   make patches      the project as a 6.12 patch series (build/patches/)
#   make lint         checkpatch --strict, sparse and our Coccinelle rules
#   make coccicheck   our Coccinelle rules on our code
#
# Every target installs the Debian packages it needs (see mk/deps.mk).

.DEFAULT_GOAL := bench
.DELETE_ON_ERROR:
SHELL := /bin/bash

TOP := $(CURDIR)
BUILD := $(TOP)/build
NPROC := $(shell nproc)

include mk/deps.mk
include mk/user.mk
include mk/bench.mk
include mk/tools.mk
include mk/kernel.mk

# The shim's prototypes against the 6.12 headers (tools/check-shim-drift).
KERNEL_TARBALL := /usr/src/linux-source-6.12.tar.xz
SHIM_KHDRS := $(BUILD)/linux-headers-6.12

$(SHIM_KHDRS)/.unpacked: | deps-kernel
	rm -rf $(SHIM_KHDRS) && mkdir -p $(SHIM_KHDRS)
	tar -xf $(KERNEL_TARBALL) -C $(SHIM_KHDRS) --strip-components=1 \
		linux-source-6.12/include linux-source-6.12/arch/x86/include
	touch $@

.PHONY: check-shim
check-shim: $(SHIM_KHDRS)/.unpacked
	tools/check-shim-drift $(SHIM_KHDRS)

# check-tools runs after the kernel build, so that tools/new-backend's
# test also builds the generated backend as a module of that kernel.
.PHONY: check clean
check:
	$(MAKE) check-user
	$(MAKE) check-shim
	$(MAKE) check-bench
	$(MAKE) lint
	$(MAKE) check-kernel
	$(MAKE) sparse
	$(MAKE) check-tools
	@echo "make check: all passed"

clean:
	rm -rf $(BUILD)/user $(BUILD)/bench
