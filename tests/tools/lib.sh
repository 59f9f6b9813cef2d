# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the tool tests: TAP lines ("ok 3 - ...") and a closing
# "NAME: N passed, N failed" line; the exit status is 1 when any failed.

t_pass=0
t_fail=0
t_skip=0
t_name=${t_name:-test}

t_ok() {
	t_pass=$((t_pass + 1))
	echo "ok $((t_pass + t_fail + t_skip)) - $1"
}

t_not_ok() {
	t_fail=$((t_fail + 1))
	echo "not ok $((t_pass + t_fail + t_skip)) - $1"
	shift
	local line
	for line in "$@"; do
		echo "#   $line"
	done
}

# t_skip DESC REASON: a test that cannot run here.
t_skip() {
	t_skip=$((t_skip + 1))
	echo "ok $((t_pass + t_fail + t_skip)) - $1 # SKIP $2"
}

# t_check DESC CONDITION-COMMAND...: ok when the command succeeds.
t_check() {
	local desc=$1
	shift
	if "$@"; then
		t_ok "$desc"
	else
		t_not_ok "$desc" "failed: $*"
	fi
}

# t_eq DESC EXPECTED ACTUAL
t_eq() {
	if [ "$2" == "$3" ]; then
		t_ok "$1"
	else
		t_not_ok "$1" "expected: $2" "got:      $3"
	fi
}

t_done() {
	echo "1..$((t_pass + t_fail + t_skip))"
	if [ "$t_skip" -gt 0 ]; then
		echo "$t_name: $t_pass passed, $t_fail failed, $t_skip skipped"
	else
		echo "$t_name: $t_pass passed, $t_fail failed"
	fi
	[ "$t_fail" -eq 0 ]
}
