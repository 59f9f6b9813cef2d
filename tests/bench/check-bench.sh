#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check-bench.sh MCO_BENCH - mco-bench's own tests, in TAP.
#
# Bad arguments exit 2 with one line; a copy that is wrong in one byte, or
# not made at all, makes mco-bench exit 1; a good run exits 0 and its CSV
# and JSON parse, with every row verified.
set -u

bench=${1:?usage: check-bench.sh MCO_BENCH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
quick=(--sizes 4K,64K --batches 1,8 --rounds 1 --min-samples 2 --quiet)

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# Exit status 2 and exactly one line on stderr, nothing on stdout.
bad_args() {
	local desc=$1 rc lines
	shift
	"$bench" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	[ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ]
	ok $? "bad arguments exit 2 with one line: $desc (rc $rc)"
}

bad_args "unknown option" --bogus
bad_args "option without its value" --sizes
bad_args "folio size not a power of two" --sizes 3K
bad_args "folio size too large" --sizes 8M
bad_args "batch of zero folios" --batches 0
bad_args "batch size not a number" --batches eight
bad_args "zero rounds" --rounds 0
bad_args "busy not a number" --busy lots
bad_args "stray argument" extra
bad_args "--set without a slash" --set threads=2
bad_args "--set without a value" --set cpu_mt/threads
bad_args "--set of an unknown tunable" --set cpu_mt/nope=1
bad_args "--set of a bad value" --set cpu_mt/threads=0
bad_args "--set of an unknown backend" --set nosuch/threads=1
bad_args "unknown backend" --backends nosuch
bad_args "worker count of zero" --workers 0
bad_args "csv and json both on stdout" --csv --json
bad_args "zero concurrent threads" --concurrent 0

"$bench" "${quick[@]}" --backends cpu_mt \
	--set cpu_mt/fail_flip_byte=1 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "differs from its source at byte" "$tmp/err"
ok $? "one flipped byte of one destination (cpu_mt/fail_flip_byte) exits 1 (rc $rc)"

"$bench" "${quick[@]}" --backends null \
	--set null/skip_copy=1 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "differs from its source" "$tmp/err"
ok $? "folios reported copied but not copied (null/skip_copy) exit 1 (rc $rc)"

"$bench" "${quick[@]}" --backends baseline,cpu_mt,null \
	--csv="$tmp/b.csv" --json="$tmp/b.json" >"$tmp/table" 2>"$tmp/err"
rc=$?
ok $rc "a good run exits 0"

grep -q "^ceiling " "$tmp/table" && grep -q "^baseline " "$tmp/table" &&
	grep -q "^cpu_mt/nt " "$tmp/table" && ! grep -q " NO$" "$tmp/table"
ok $? "the table has ceiling, baseline and cpu_mt rows, all verified"

python3 - "$tmp/b.json" "$tmp/b.csv" <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
assert doc["machine"]["cpus"] >= 1 and doc["machine"]["ceiling_gbps"] > 0
need = {"backend", "folio_size", "batch", "workers", "gbps", "p99_us",
        "cpu_s", "speedup", "verified"}
rows = doc["rows"]
assert rows and all(need <= set(r) for r in rows)
assert all(r["verified"] is True for r in rows)
assert {r["backend"] for r in rows} >= {"ceiling", "baseline", "cpu_mt", "null"}
assert all(r["speedup"] == 1.0 for r in rows if r["backend"] == "baseline")
crows = list(csv.DictReader(open(sys.argv[2])))
assert len(crows) == len(rows) and need <= set(crows[0])
PY
ok $? "JSON follows the schema of DESIGN.md and CSV has the same rows"

"$bench" "${quick[@]}" --backends cpu_mt --set cpu_mt/threads=1 \
	--json=- >"$tmp/one.json" 2>"$tmp/err"
python3 -c '
import json, sys
rows = [r for r in json.load(open(sys.argv[1]))["rows"] if r["backend"] == "cpu_mt"]
assert rows and all(r["workers"] == 1 for r in rows)
' "$tmp/one.json"
ok $? "--set cpu_mt/threads=1 fixes the worker count (no sweep)"

"$bench" "${quick[@]}" --backends baseline,cpu_mt --latency \
	>"$tmp/lat" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "first us" "$tmp/lat"
ok $? "--latency prints total and first-folio times"

"$bench" "${quick[@]}" --backends baseline,cpu_mt --wakeups \
	>"$tmp/wake" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "delay from queueing to start" "$tmp/wake" &&
	grep -q "^cpu_mt/mc 64K x8 2 " "$tmp/wake" && grep -q "^all rows " "$tmp/wake"
ok $? "--wakeups shows cpu_mt's queue-to-start delays row by row (rc $rc)"

"$bench" "${quick[@]}" --backends baseline,cpu_mt --concurrent 2 \
	--csv="$tmp/c.csv" >"$tmp/conc" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "^--concurrent 2: rows \*2 are 2 threads" "$tmp/conc" &&
	grep -q "^baseline\*2 " "$tmp/conc" && grep -q "^cpu_mt/nt\*2 " "$tmp/conc" &&
	! grep -q " NO$" "$tmp/conc" &&
	python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["concurrent"] == ("1" if r["backend"] == "ceiling" else "2") for r in rows)
' "$tmp/c.csv"
ok $? "--concurrent 2: two migrating threads a row, rows *2, all verified (rc $rc)"

"$bench" "${quick[@]}" --backends dcbm,null --json=- >"$tmp/dma.json" \
	2>"$tmp/err"
python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
dcbm = [r for r in rows if r["backend"] == "dcbm"]
assert dcbm and all(r["provider"] == "soft_dma" for r in dcbm)
assert all(r["provider"] is None for r in rows if r["backend"] != "dcbm")
' "$tmp/dma.json" && "$bench" "${quick[@]}" --backends dcbm 2>/dev/null |
	grep -q "^dcbm/soft_dma "
ok $? "dcbm rows say they ran on soft_dma (label dcbm/soft_dma, JSON provider)"

grep -q "^ceiling: best primitive of 4 shapes: .*(tried memcpy rep movsb movnti" "$tmp/table"
ok $? "the ceiling tries rep movsb and says which primitive won"

echo "1..$n"
[ "$failed" -eq 0 ]
