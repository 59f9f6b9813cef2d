#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mcoctl.sh MCOCTL - every verb of mcoctl and every bad input, on a fake
# /sys/kernel/mm/migrate_offload tree of plain files.
#
# A good command is checked by its output and by what it wrote into the
# tree; a bad one by its exit status (2: usage, 1: failure), its one-line
# message, and by the tree being unchanged.
set -u

mcoctl=$(realpath "$1")
t_name=mcoctl
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/migrate_offload
export MCOCTL_ROOT=$root

reasons_all="none compaction memory_failure memory_hotplug syscall_or_cpuset mempolicy_mbind numa_misplaced contig_range longterm_pin demotion damon"
verbs_all="status list use reasons min-batch max-batch stats reset set get help"

# The tree as the kernel shows it with null, cpu_mt and dcbm loaded.
make_tree() {
	rm -rf "$root"
	mkdir -p "$root/stats" "$root/null" "$root/cpu_mt" "$root/dcbm"
	echo "none [null] cpu_mt dcbm" >"$root/backend"
	echo "syscall_or_cpuset mempolicy_mbind numa_misplaced demotion damon" \
		>"$root/reasons"
	echo 1 >"$root/min_batch"
	echo 512 >"$root/max_batch"
	echo 12 >"$root/stats/batches"
	echo 40 >"$root/stats/folios"
	echo 163840 >"$root/stats/bytes"
	echo 2 >"$root/stats/fallbacks"
	echo 1 >"$root/stats/failures"
	echo 0 >"$root/stats/timeouts"
	echo 0 >"$root/null/fail_every"
	echo 0 >"$root/null/fail_copy_first"
	echo 0 >"$root/null/fail_skip_copy"
	echo 4 >"$root/cpu_mt/threads"
	echo 256 >"$root/cpu_mt/chunk_kb"
	echo 2 >"$root/dcbm/nr_dma_chan"
	echo 1000 >"$root/dcbm/timeout_ms"
	printf '%s\n' "dma0chan0 batches=3 errors=0" "dma0chan1 batches=2 errors=1" \
		>"$root/dcbm/channels"
}

snapshot() {
	(cd "$root" && find . -type f -o -type l | sort | while read -r f; do
		[ -L "$f" ] && { echo "$f -> $(readlink "$f")"; continue; }
		echo "$f: $(cat "$f")"
	done)
}

# run ARGS...: sets rc, out, err
run() {
	out=$("$mcoctl" "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}

# good DESC EXPECTED-STDOUT ARGS...: exit 0, this output, nothing on stderr
good() {
	local desc=$1 expected=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 0 ] && [ "$out" == "$expected" ] && [ -z "$err" ]; then
		t_ok "$desc"
	else
		t_not_ok "$desc" "mcoctl $*" "rc=$rc" "stdout: $out" \
			"stderr: $err" "expected stdout: $expected"
	fi
}

# bad DESC RC MESSAGE ARGS...: exit RC, MESSAGE as the first line of stderr,
# nothing on stdout, the tree unchanged.
bad() {
	local desc=$1 want_rc=$2 msg=$3 before after
	shift 3
	before=$(snapshot)
	run "$@"
	after=$(snapshot)
	if [ "$rc" -eq "$want_rc" ] && [ "${err%%$'\n'*}" == "$msg" ] &&
	   [ -z "$out" ] && [ "$before" == "$after" ]; then
		t_ok "$desc"
	else
		t_not_ok "$desc" "mcoctl $*" "rc=$rc (want $want_rc)" \
			"stderr: $err" "want:   $msg" "stdout: $out" \
			"tree changed: $([ "$before" == "$after" ] && echo no || echo yes)"
	fi
}

counters() {
	local c
	for c in batches folios bytes fallbacks failures timeouts; do
		cat "$root/stats/$c"
		echo
	done | xargs
}

# file_is DESC FILE CONTENT
file_is() {
	t_eq "$1" "$3" "$(cat "$root/$2")"
}

make_tree

# --- mcoctl's fixed choices are the kernel's --------------------------------
top=$(cd "$(dirname "$0")/../.." && pwd)
shim_reasons=$(sed -n '/migrate_reason_names\[MR_TYPES\] = {/,/^};/p' \
	"$top"/include/shim/lib/*.c | grep -o '"[a-z_]*"' | tr -d '"' | xargs)
t_eq "the reason names are the kernel's (as the shim has them)" \
	"none $shim_reasons" "$reasons_all"
hdr=$top/core/internal.h
default=$(sed -n 's/^#define MIGRATE_OFFLOAD_BATCH_DEFAULT[[:space:]]*//p' "$hdr")
# The limit is 128 MiB of base pages: 1 << (27 - PAGE_SHIFT), 4 KiB here.
limit=0
grep -q '1 << (27 - PAGE_SHIFT)' "$hdr" && limit=$((1 << (27 - 12)))
t_eq "the batch bounds are the core's (4 KiB pages)" "512 32768" \
	"$((default)) $((limit))"

# --- help ---------------------------------------------------------------
run --help
t_check "--help prints the usage on stdout and exits 0" \
	test "$rc" -eq 0 -a -z "$err" -a "${out%%$'\n'*}" == \
	"Usage: mcoctl [--root DIR] VERB [ARGS]"
help_text=$out
good "-h is --help" "$help_text" -h
good "help is --help" "$help_text" help
for v in status list use reasons min-batch max-batch stats reset set get; do
	grep -q "^  $v " <<<"$help_text" ||
		t_not_ok "--help names the verb $v"
done

# The man page: every verb, and it formats cleanly where groff is.
man8=$top/tools/mcoctl.8
for v in status list use reasons min-batch max-batch stats reset set get; do
	grep -q "^\.B[IR]* \"*$v\b" "$man8" ||
		t_not_ok "mcoctl.8 documents the verb $v"
done
if command -v groff >/dev/null; then
	out=$(groff -man -Tutf8 -ww -z "$man8" 2>&1)
	t_eq "mcoctl.8 formats without warnings" "" "$out"
else
	t_skip "mcoctl.8 formats without warnings" "no groff"
fi

# --- status and list ----------------------------------------------------
good "status shows backend, choices, reasons, batch sizes, stats, tunables" \
"backend:   null
choices:   none null cpu_mt dcbm
reasons:   syscall_or_cpuset mempolicy_mbind numa_misplaced demotion damon
min_batch: 1 pages
max_batch: 512 pages
stats:     batches=12 folios=40 bytes=163840 fallbacks=2 failures=1 timeouts=0
null:      fail_copy_first=0 fail_every=0 fail_skip_copy=0" status

good "list marks the active backend and shows every backend's tunables" \
"  none
* null             fail_copy_first=0 fail_every=0 fail_skip_copy=0
  cpu_mt           chunk_kb=256 threads=4
  dcbm             channels=dma0chan0 batches=3 errors=0; dma0chan1 batches=2 errors=1 nr_dma_chan=2 timeout_ms=1000" list
good "get BACKEND/KNOB prints a multi-line value as it is" \
"dma0chan0 batches=3 errors=0
dma0chan1 batches=2 errors=1" get dcbm/channels

echo "[none] null cpu_mt dcbm" >"$root/backend"
run status
t_check "status with none active shows no tunables line" \
	test "$rc" -eq 0 -a "$(grep -c '^null:' <<<"$out")" -eq 0 -a \
	"${out%%$'\n'*}" == "backend:   none"
run list
t_eq "list with none active marks none" "* none" "${out%%$'\n'*}"

# --- use ----------------------------------------------------------------
good "use cpu_mt prints nothing" "" use cpu_mt
file_is "use cpu_mt writes cpu_mt to backend" backend cpu_mt
make_tree
good "use none" "" use none
file_is "use none writes none to backend" backend none
make_tree

# --- reasons ------------------------------------------------------------
good "reasons shows the enabled reasons" \
	"syscall_or_cpuset mempolicy_mbind numa_misplaced demotion damon" reasons
good "reasons WORD... sets them" "" reasons demotion numa_misplaced
file_is "reasons writes the words space-separated" reasons \
	"demotion numa_misplaced"
good "reasons accepts one quoted list with commas" "" reasons \
	"compaction, damon"
file_is "reasons writes the list space-separated" reasons "compaction damon"
good "reasons none" "" reasons none
file_is "reasons none writes none" reasons none
make_tree

# --- min-batch, max-batch -----------------------------------------------
good "min-batch shows min_batch" 1 min-batch
good "min-batch N sets it" "" min-batch 512
file_is "min-batch 512 writes 512" min_batch 512
good "min-batch accepts the upper bound" "" min-batch 32768
file_is "min-batch 32768 writes 32768" min_batch 32768
good "max-batch shows max_batch" 512 max-batch
good "max-batch N sets it" "" max-batch 2048
file_is "max-batch 2048 writes 2048" max_batch 2048
make_tree

# --- stats, reset -------------------------------------------------------
good "stats prints the backend and every counter" \
"backend    null
batches    12
folios     40
bytes      163840
fallbacks  2
failures   1
timeouts   0" stats

run stats --json
t_eq "stats --json exits 0" 0 "$rc"
if python3 -m json.tool <<<"$out" >/dev/null 2>&1; then
	t_ok "stats --json is parsed by python3 -m json.tool"
else
	t_not_ok "stats --json is parsed by python3 -m json.tool" "$out"
fi
if command -v jq >/dev/null; then
	t_eq "stats --json has every counter as a number (jq)" \
		"null 12 40 163840 2 1 0" \
		"$(jq -j '"\(.backend) \(.batches) \(.folios) \(.bytes) \(.fallbacks) \(.failures) \(.timeouts)"' <<<"$out")"
fi

mkdir "$root/stats/demotion"
for c in batches:3 folios:1536 bytes:6291456 fallbacks:0; do
	echo "${c#*:}" >"$root/stats/demotion/${c%%:*}"
done
run stats
t_eq "stats shows the counters of each reason that has a directory" \
"reason                  batches       folios        bytes    fallbacks
demotion                      3         1536      6291456            0" \
	"$(tail -2 <<<"$out")"
run stats --json
if command -v jq >/dev/null; then
	t_eq "stats --json has each reason's counters (jq)" "3 1536 6291456 0" \
		"$(jq -j '.reasons.demotion | "\(.batches) \(.folios) \(.bytes) \(.fallbacks)"' <<<"$out")"
fi
rm -r "$root/stats/demotion"

good "reset COUNTER resets only that counter" "" reset failures fallbacks
t_eq "reset failures fallbacks wrote 0 to those two only" "12 40 163840 0 0 0" \
	"$(counters)"
good "reset resets every counter" "" reset
t_eq "reset wrote 0 to every counter" "0 0 0 0 0 0" \
	"$(counters)"
make_tree

# --- set, get -----------------------------------------------------------
good "set BACKEND/KNOB VALUE prints nothing" "" set null/fail_every 3
file_is "set null/fail_every 3 writes 3" null/fail_every 3
good "set works on a backend that is not active" "" set dcbm/nr_dma_chan 4
file_is "set dcbm/nr_dma_chan 4 writes 4" dcbm/nr_dma_chan 4
good "get BACKEND/KNOB prints the value" 3 get null/fail_every
good "get BACKEND prints every tunable" \
"chunk_kb=256
threads=4" get cpu_mt
make_tree

# --- --root and the environment -----------------------------------------
mv "$root" "$tmp/other"
good "--root DIR overrides $MCOCTL_ROOT" 512 --root "$tmp/other" max-batch
good "--root=DIR works too" 512 --root="$tmp/other" max-batch
(unset MCOCTL_ROOT; cd "$tmp" && MCOCTL_ROOT=other "$mcoctl" use none)
t_eq "MCOCTL_ROOT picks the tree" none "$(cat "$tmp/other/backend")"
mv "$tmp/other" "$root"
make_tree

# --- usage errors: exit 2 -----------------------------------------------
try="Try 'mcoctl --help' for more information."
run
t_eq "no verb: the usage hint follows the message" "$try" "${err#*$'\n'}"
bad "no verb" 2 "mcoctl: no verb given (choices: $verbs_all)"
bad "unknown verb" 2 "mcoctl: unknown verb 'frob' (choices: $verbs_all)" frob
bad "unknown option" 2 "mcoctl: unknown option '--frob'" --frob status
bad "--root without a directory" 2 "mcoctl: --root needs a directory" --root
bad "--root with an empty directory" 2 "mcoctl: --root needs a directory" \
	--root "" status
bad "status with an argument" 2 \
	"mcoctl: status takes no arguments (got 'now')" status now
bad "list with an argument" 2 "mcoctl: list takes no arguments (got 'all')" \
	list all
bad "use without a backend" 2 "mcoctl: use takes one backend name" use
bad "use with two backends" 2 "mcoctl: use takes one backend name" \
	use null cpu_mt
bad "reasons with an unknown word" 2 \
	"mcoctl: unknown reason 'promotion' (choices: $reasons_all)" \
	reasons demotion promotion
bad "reasons with an empty word" 2 \
	"mcoctl: reasons: no reason given (choices: $reasons_all)" reasons ""
bad "reasons none mixed with a reason" 2 \
	"mcoctl: reasons: 'none' cannot be combined with other reasons" \
	reasons none demotion
bad "reasons in upper case" 2 \
	"mcoctl: unknown reason 'DEMOTION' (choices: $reasons_all)" \
	reasons DEMOTION
bad "min-batch not a number" 2 \
	"mcoctl: min-batch: 'lots' is not a number of pages" min-batch lots
bad "min-batch negative" 2 \
	"mcoctl: min-batch: '-1' is not a number of pages" min-batch -1
bad "min-batch with a unit" 2 \
	"mcoctl: min-batch: '2M' is not a number of pages" min-batch 2M
bad "min-batch 0" 2 "mcoctl: min-batch: 0 is out of range (1..32768)" \
	min-batch 0
bad "min-batch above the limit" 2 \
	"mcoctl: min-batch: 32769 is out of range (1..32768)" min-batch 32769
bad "min-batch overflowing" 2 \
	"mcoctl: min-batch: 99999999999999999999999 is out of range (1..32768)" \
	min-batch 99999999999999999999999
bad "min-batch with two numbers" 2 \
	"mcoctl: min-batch takes at most one number" min-batch 1 2
bad "max-batch below 512" 2 \
	"mcoctl: max-batch: 511 is out of range (512..32768)" max-batch 511
bad "stats with an unknown option" 2 \
	"mcoctl: stats: unexpected argument '--xml' (only --json)" stats --xml
bad "reset with an unknown counter" 2 \
	"mcoctl: reset: unknown counter 'errors' (choices: batches folios bytes fallbacks failures timeouts)" \
	reset batches errors
bad "set without a value" 2 "mcoctl: set takes BACKEND/KNOB and a VALUE" \
	set null/fail_every
bad "set with two values" 2 "mcoctl: set takes BACKEND/KNOB and a VALUE" \
	set null/fail_every 1 2
bad "set without a knob" 2 \
	"mcoctl: set: expected BACKEND/KNOB, got 'null'" set null 1
bad "set with an empty knob" 2 \
	"mcoctl: set: expected BACKEND/KNOB, got 'null/'" set null/ 1
bad "set with an empty backend" 2 \
	"mcoctl: set: expected BACKEND/KNOB, got '/backend'" set /backend 1
bad "set with a path outside the backend" 2 \
	"mcoctl: set: expected BACKEND/KNOB, got 'null/../backend'" \
	set null/../backend none
bad "get without an argument" 2 \
	"mcoctl: get takes one BACKEND/KNOB or BACKEND" get

# --- failures: exit 1 ---------------------------------------------------
bad "use an unknown backend names the choices" 1 \
	"mcoctl: unknown backend 'dmaa' (choices: none null cpu_mt dcbm)" \
	use dmaa
bad "use is case-sensitive" 1 \
	"mcoctl: unknown backend 'NULL' (choices: none null cpu_mt dcbm)" \
	use NULL
bad "set on an unknown backend" 1 \
	"mcoctl: unknown backend 'dmaa' (choices: null cpu_mt dcbm)" \
	set dmaa/nr_dma_chan 2
bad "set on none" 1 \
	"mcoctl: unknown backend 'none' (choices: null cpu_mt dcbm)" \
	set none/threads 2
bad "set an unknown knob names the knobs" 1 \
	"mcoctl: unknown knob 'thread' of backend 'cpu_mt' (choices: chunk_kb threads)" \
	set cpu_mt/thread 2
bad "set the parent directory" 1 \
	"mcoctl: unknown knob '..' of backend 'null' (choices: fail_copy_first fail_every fail_skip_copy)" \
	set null/.. 1
bad "get an unknown backend" 1 \
	"mcoctl: unknown backend 'dmaa' (choices: null cpu_mt dcbm)" get dmaa
bad "get an unknown knob" 1 \
	"mcoctl: unknown knob 'nope' of backend 'null' (choices: fail_copy_first fail_every fail_skip_copy)" \
	get null/nope
rmdir "$root/dcbm" 2>/dev/null || rm -rf "${root:?}/dcbm"
mkdir "$root/dcbm"
bad "set on a backend without tunables" 1 \
	"mcoctl: unknown knob 'x' of backend 'dcbm' (choices: none)" \
	set dcbm/x 1
make_tree

bad "a missing tree" 1 \
	"mcoctl: no migrate_offload directory at $tmp/nowhere (is CONFIG_MIGRATION_COPY_OFFLOAD enabled? --root or MCOCTL_ROOT picks another tree)" \
	--root "$tmp/nowhere" status
rm "$root/stats/bytes"
bad "a missing counter" 1 \
	"mcoctl: cannot read $root/stats/bytes: No such file or directory" stats
echo "many" >"$root/stats/bytes"
bad "a malformed counter" 1 "mcoctl: malformed $root/stats/bytes: 'many'" \
	stats --json
echo "" >"$root/backend"
bad "an empty backend file" 1 \
	"mcoctl: malformed $root/backend: '' (expected e.g. '[none] null')" list
make_tree

# Writes the kernel refuses: /dev/full fails every write (ENOSPC).
ln -sf /dev/full "$root/null/fail_every"
bad "set: a refused write" 1 \
	"mcoctl: cannot set null/fail_every to '7': No space left on device" \
	set null/fail_every 7
ln -sf /dev/full "$root/min_batch"
bad "min-batch: a refused write" 1 \
	"mcoctl: cannot set min_batch to 4: No space left on device" min-batch 4
ln -sf /dev/full "$root/reasons"
bad "reasons: a refused write" 1 \
	"mcoctl: cannot set reasons to 'demotion': No space left on device" \
	reasons demotion
ln -sf /dev/full "$root/stats/batches"
bad "reset: a refused write" 1 \
	"mcoctl: cannot reset stats/batches: No space left on device" reset
make_tree
mv "$root/backend" "$root/backend.txt"
mkdir "$root/backend"
cp "$root/backend.txt" "$root/backend/x"
bad "a backend file that is not a file" 1 \
	"mcoctl: cannot read $root/backend: Is a directory" use null
make_tree

out=$("$mcoctl" status 2>&1 >/dev/full)
t_eq "status to a full disk exits 1" 1 "$?"
t_eq "status to a full disk says so" \
	"mcoctl: cannot write the output: No space left on device" "$out"

t_done
