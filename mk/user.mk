# SPDX-License-Identifier: GPL-2.0-only
#
# The userspace world: the shim (include/shim/), the core and every backend
# built from the same sources as the kernel, and the CUnit tests, in three
# variants: plain, ASan+UBSan, and TSan.

USER_DIR := $(BUILD)/user
USER_VARIANTS := plain asan tsan

USER_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-sign-compare -Wno-missing-field-initializers \
	-D_GNU_SOURCE -include linux/kconfig.h \
	-I$(TOP)/include/shim -I$(TOP)/include -pthread -MMD -MP
USER_LDLIBS := -lurcu-memb -lcunit -lm -pthread
USER_CFLAGS_plain := -O2
USER_CFLAGS_asan := -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
USER_CFLAGS_tsan := -O1 -fsanitize=thread

SHIM_SRCS := $(wildcard include/shim/lib/*.c)
CORE_SRCS := $(wildcard core/*.c)
BACKEND_SRCS := $(wildcard backends/*/*.c)
# The software DMA provider builds in both worlds, as the module mco_soft_dma.
SOFT_DMA_SRCS := $(wildcard tests/soft_dma/*.c)
LIB_SRCS := $(SHIM_SRCS) $(CORE_SRCS) $(BACKEND_SRCS) $(SOFT_DMA_SRCS)
UNIT_SRCS := $(wildcard tests/unit/*.c)

# A backend in backends/NAME/ is the module mco_NAME.
user_module_id = $(if $(filter backends/%,$(1)),-DSHIM_MODULE_ID=mco_$(word 2,$(subst /, ,$(1))))$(if $(filter tests/soft_dma/%,$(1)),-DSHIM_MODULE_ID=mco_soft_dma)

define user_variant
$(USER_DIR)/$(1)/%.o: %.c | deps-user
	@mkdir -p $$(@D)
	$$(CC) $$(USER_CFLAGS) $$(USER_CFLAGS_$(1)) $$(call user_module_id,$$<) -c $$< -o $$@

$(USER_DIR)/$(1)/libmco.a: $(patsubst %.c,$(USER_DIR)/$(1)/%.o,$(LIB_SRCS))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

# Whole archive: backends are only reached through their constructors.
$(USER_DIR)/$(1)/unit-tests: $(patsubst %.c,$(USER_DIR)/$(1)/%.o,$(UNIT_SRCS)) $(USER_DIR)/$(1)/libmco.a
	$$(CC) $$(USER_CFLAGS_$(1)) -o $$@ $$(filter %.o,$$^) \
		-Wl,--whole-archive $(USER_DIR)/$(1)/libmco.a -Wl,--no-whole-archive \
		$$(USER_LDLIBS)

-include $(patsubst %.c,$(USER_DIR)/$(1)/%.d,$(LIB_SRCS) $(UNIT_SRCS))
endef
$(foreach v,$(USER_VARIANTS),$(eval $(call user_variant,$(v))))

.PHONY: user check-user check-user-plain check-user-asan check-user-tsan
user: $(foreach v,$(USER_VARIANTS),$(USER_DIR)/$(v)/unit-tests)

check-user: check-user-plain check-user-asan check-user-tsan

check-user-plain: $(USER_DIR)/plain/unit-tests
	$<

check-user-asan: $(USER_DIR)/asan/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $<

check-user-tsan: $(USER_DIR)/tsan/unit-tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	setarch $$(uname -m) -R $<
