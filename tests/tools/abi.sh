#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# abi.sh - every sysfs file that core/ and backends/ create is documented
# in Documentation/ABI/testing/sysfs-kernel-mm-migrate_offload, and the
# document names no file that the code does not create; every boot
# parameter (__setup, early_param) is documented in kernel-parameters.txt
# by a patch of core/patches/ (checkpatch cannot see that with -f, so
# make lint leaves UNDOCUMENTED_SETUP to this test).
#
# The attributes are found by their declarations: __ATTR_RW(x),
# __ATTR_RO(x), __ATTR_WO(x), MIGRATE_OFFLOAD_COUNTER_ATTR(v, x, c) and the
# *_STAT_ATTR(x, ...) helpers; the core's
# stat attributes live in stats/, a backend's in its own directory.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
t_name=abi
. tests/tools/lib.sh

abi=Documentation/ABI/testing/sysfs-kernel-mm-migrate_offload
base=/sys/kernel/mm/migrate_offload

t_check "the ABI file exists" test -f "$abi"
documented=$(sed -n 's|^What:[[:space:]]*||p' "$abi" | sort -u)

# attrs FILE: the attribute names declared in FILE, one per line, stats
# prefixed with "stat:".
attrs() {
	grep -o '__ATTR_R[OW](\w*\|__ATTR_WO(\w*' "$1" | sed 's/.*(//'
	# MIGRATE_OFFLOAD_{COUNTER,UINT,BOOL,CHOICE}_ATTR(var, name, ...): the
	# file is name.
	grep -v '^#define' "$1" | tr '\n' ' ' |
		grep -o 'MIGRATE_OFFLOAD_\(COUNTER\|UINT\|BOOL\|CHOICE\)_ATTR([^,)]*, *\w*' |
		sed 's/.*, *//'
	grep -v '^#define' "$1" | grep -o '^[A-Z_]*_STAT_ATTR(\w*' |
		sed 's/.*(/stat:/'
}

expected=()
for f in core/*.c; do
	for a in $(attrs "$f"); do
		case "$a" in
		stat:*) expected+=("$base/stats/${a#stat:}") ;;
		mc_safe) expected+=("$base/<backend>/$a") ;;
		*) expected+=("$base/$a") ;;
		esac
	done
done
# stats/<reason>/: the names of migrate_offload_reason_stat_names[].
for a in $(sed -n '/reason_stat_names\[\] = {/,/^};/p' core/sysfs.c |
	   grep -o '"[a-z_]*"' | tr -d '"'); do
	expected+=("$base/stats/<reason>/$a")
done
for f in backends/*/*.c; do
	b=$(basename "$(dirname "$f")")
	for a in $(attrs "$f"); do
		expected+=("$base/$b/${a#stat:}")
	done
done
t_check "the code declares attributes (found ${#expected[@]})" \
	test ${#expected[@]} -ge 10

for p in "${expected[@]}"; do
	if grep -qxF "$p" <<<"$documented"; then
		t_ok "documented: $p"
	else
		t_not_ok "documented: $p" "no 'What: $p' in $abi"
	fi
done

# The other way: every documented file exists in the code.
for p in $documented; do
	case "$p" in
	*/ | "$base/<backend>/") continue ;;
	esac
	if printf '%s\n' "${expected[@]}" | grep -qxF "$p"; then
		t_ok "exists in the code: $p"
	else
		t_not_ok "exists in the code: $p" "documented, but declared nowhere"
	fi
done

# Boot parameters: documented where the kernel documents them.
documented_params=$(awk '
	/^diff --git / { doc = ($0 ~ /kernel-parameters\.txt/) }
	doc && /^\+[ \t]+[a-z_.]+=/ { sub(/^\+[ \t]+/, ""); sub(/=.*/, "="); print }
	' core/patches/*.patch 2>/dev/null | sort -u)
for p in $(grep -ho '\(__setup\|early_param\)("[^"]*' core/*.c \
		backends/*/*.c 2>/dev/null | sed 's/.*("//'); do
	case "$p" in *=) ;; *) p="$p=" ;; esac
	if grep -qxF "$p" <<<"$documented_params"; then
		t_ok "boot parameter $p is in kernel-parameters.txt"
	else
		t_not_ok "boot parameter $p is in kernel-parameters.txt" \
			"no core/patches/ hunk adds it to Documentation/admin-guide/kernel-parameters.txt"
	fi
done

t_done
