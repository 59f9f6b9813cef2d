# SPDX-License-Identifier: GPL-2.0-only
#
# The tools and the checks on our sources:
#
#   make mcoctl        build/tools/mcoctl, the sysfs control CLI
#   make check-tools   mcoctl on a fake tree, the ABI document against the
#                      code, every Coccinelle rule on its samples,
#                      tools/new-backend into a copy of the tree
#   make lint          checkpatch --strict and our Coccinelle rules on our
#                      kernel-side C (no kernel build needed)
#   make coccicheck    our Coccinelle rules on core/ and backends/: fails
#                      on any report
#   make sparse        sparse on our files in the kernel build tree

TOOLS_DIR := $(BUILD)/tools
TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wformat=2 \
	-Wshadow -D_GNU_SOURCE

# checkpatch.pl and its data files, from Debian's linux-source-6.12: copied
# from the kernel build's pristine tree when there is one, else extracted
# alone from the tarball.  Never into build/linux-source-6.12 itself, which
# tools/kernel/build takes as complete once it exists.
KSRC_TARBALL := /usr/src/linux-source-6.12.tar.xz
KSRC := $(BUILD)/linux-source-6.12
CHECKPATCH_FILES := checkpatch.pl spelling.txt const_structs.checkpatch
CHECKPATCH := $(TOOLS_DIR)/checkpatch/checkpatch.pl
CHECKPATCH_FLAGS := --strict --no-tree --quiet --show-types

# Our kernel-side C: what lint and coccicheck look at.
KERNEL_C := $(sort $(wildcard core/*.c core/*.h backends/*/*.c \
	backends/*/*.h tests/soft_dma/*.c tests/soft_dma/*.h \
	include/linux/*.h include/trace/events/*.h))
COCCI_RULES := $(sort $(wildcard tools/coccinelle/*.cocci))
COCCI_DIRS := core backends $(wildcard tests/soft_dma)

.PHONY: mcoctl check-tools check-mcoctl check-abi check-new-backend \
	check-coccinelle \
	lint checkpatch coccicheck sparse

mcoctl: $(TOOLS_DIR)/mcoctl

$(TOOLS_DIR)/mcoctl: tools/mcoctl/mcoctl.c | deps-user
	@mkdir -p $(@D)
	$(CC) $(TOOLS_CFLAGS) -o $@ $<

check-tools: check-mcoctl check-abi check-coccinelle check-new-backend

check-abi:
	tests/tools/abi.sh

check-mcoctl: $(TOOLS_DIR)/mcoctl | deps-tools
	tests/tools/mcoctl.sh $<

check-new-backend: $(CHECKPATCH) | deps-tools deps-user
	CHECKPATCH=$(CHECKPATCH) tests/tools/new-backend.sh

check-coccinelle: | deps-tools
	tests/coccinelle/run.sh

$(CHECKPATCH): | deps-tools
	@rm -rf $(@D) && mkdir -p $(@D)
	if [ -f $(KSRC)/scripts/checkpatch.pl ]; then \
		cp $(addprefix $(KSRC)/scripts/,$(CHECKPATCH_FILES)) $(@D)/; \
	else \
		tar -xJf $(KSRC_TARBALL) -C $(@D) --strip-components=2 \
			$(addprefix linux-source-6.12/scripts/,$(CHECKPATCH_FILES)); \
	fi
	@touch $@

lint: checkpatch coccicheck

# checkpatch --strict leaves a CamelCase cache in the current directory.
# UNDOCUMENTED_SETUP looks for kernel-parameters.txt in the same patch, which
# a file never has: tests/tools/abi.sh checks core/patches/ for it instead.
checkpatch: $(CHECKPATCH)
	@rc=0; \
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) --ignore UNDOCUMENTED_SETUP \
		-f $(KERNEL_C) || rc=1; \
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) \
		--ignore PREFER_DEFINED_ATTRIBUTE_MACRO \
		-f tools/mcoctl/mcoctl.c || rc=1; \
	rm -f .checkpatch-camelcase.*; \
	if [ $$rc -ne 0 ]; then echo "checkpatch: findings above" >&2; \
		exit 1; fi; \
	echo "checkpatch: clean ($(words $(KERNEL_C)) files and mcoctl)"

coccicheck: | deps-tools
	tools/coccinelle/coccicheck $(COCCI_DIRS)

# Needs the kernel build (tools/kernel/build): not part of lint.
sparse: kernel
	tools/sparse
