# SPDX-License-Identifier: GPL-2.0-only
# mcoctl, new-backend, Coccinelle rules, lint.  (placeholder)
.PHONY: check-tools lint coccicheck
check-tools:
lint:
coccicheck:
