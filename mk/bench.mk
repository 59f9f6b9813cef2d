# SPDX-License-Identifier: GPL-2.0-only
# mco-bench: the userspace comparison of backends.  (placeholder)
.PHONY: bench
bench: deps-bench check-user
