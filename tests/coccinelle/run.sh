#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - check every Coccinelle rule of tools/coccinelle/ on its samples.
#
# For each RULE.cocci, tests/coccinelle/RULE/ holds samples: every bad*.c
# must be flagged (report and context modes), every good*.c must not be.
# A rule with a patch mode must leave its bad samples clean once patched.
# Then bugs are planted in renamed copies of our real backends, which the
# rules have never seen, and each must be flagged by the rule for it; the
# unplanted copies must be clean.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
t_name=coccinelle
. tests/tools/lib.sh

coccicheck=tools/coccinelle/coccicheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# report RULE FILE: the rule's report lines on FILE
report() {
	"$coccicheck" --rule "tools/coccinelle/$1.cocci" "$2" 2>"$tmp/err" |
		grep -v '^coccicheck: '
	return "${PIPESTATUS[0]}"
}

rules=()
for r in tools/coccinelle/*.cocci; do
	rules+=("$(basename "$r" .cocci)")
done
t_check "at least five rules" test ${#rules[@]} -ge 5

for rule in "${rules[@]}"; do
	cocci=tools/coccinelle/$rule.cocci
	dir=tests/coccinelle/$rule

	# The kernel's conventions for a rule's header.
	ok=1
	[ "$(head -1 "$cocci")" = "// SPDX-License-Identifier: GPL-2.0-only" ] || ok=0
	for re in '^/// [A-Z]' '^// Confidence: \(High\|Moderate\|Low\)' \
		  '^// Options: ' '^virtual report$' '^virtual context$'; do
		grep -q "$re" "$cocci" || ok=0
	done
	t_check "$rule: header (SPDX, ///, Confidence, Options, virtual report and context)" \
		test "$ok" -eq 1

	bads=("$dir"/bad*.c)
	goods=("$dir"/good*.c)
	t_check "$rule: has a sample it must flag and one it must not" \
		test -f "${bads[0]}" -a -f "${goods[0]}"

	for f in "$dir"/bad*.c; do
		[ -f "$f" ] || continue
		out=$(report "$rule" "$f")
		rc=$?
		if [ "$rc" -eq 1 ] && [ -n "$out" ] &&
		   ! grep -qv "^$f:" <<<"$out"; then
			t_ok "$rule: flags $(basename "$f") ($(wc -l <<<"$out") reports)"
		else
			t_not_ok "$rule: flags $(basename "$f")" "rc=$rc" "$out" \
				"$(cat "$tmp/err")"
		fi
		out=$("$coccicheck" --mode context --rule "$cocci" "$f" 2>&1)
		if [ $? -eq 1 ] && grep -q '^-' <<<"$out"; then
			t_ok "$rule: context mode marks $(basename "$f")"
		else
			t_not_ok "$rule: context mode marks $(basename "$f")" "$out"
		fi
		if grep -q '^virtual patch' "$cocci" &&
		   ! grep -q 'Patch mode cannot fix' "$f"; then
			cp "$f" "$tmp/patched.c"
			spatch --very-quiet -D patch --no-includes \
				--include-headers --in-place --sp-file "$cocci" \
				"$tmp/patched.c" >/dev/null 2>&1
			out=$(report "$rule" "$tmp/patched.c")
			rc=$?
			if [ "$rc" -eq 0 ] && ! cmp -s "$f" "$tmp/patched.c"; then
				t_ok "$rule: patch mode fixes $(basename "$f")"
			else
				t_not_ok "$rule: patch mode fixes $(basename "$f")" \
					"rc=$rc" "$out"
			fi
		fi
	done
	for f in "$dir"/good*.c; do
		[ -f "$f" ] || continue
		out=$(report "$rule" "$f")
		rc=$?
		if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
			t_ok "$rule: does not flag $(basename "$f")"
		else
			t_not_ok "$rule: does not flag $(basename "$f")" "rc=$rc" \
				"$out" "$(cat "$tmp/err")"
		fi
	done
done

# --- bugs planted in renamed copies of the real backends ------------------
# rename SRC DST NAME: SRC's backend renamed to NAME (identifiers and
# strings), so that no rule can match the original names.
rename() {
	local old
	old=$(basename "$(dirname "$1")")
	sed -e "s/\b${old}_/${3}_/g" -e "s/\"${old}\"/\"${3}\"/g" \
	    -e "s/mco_${old}/mco_${3}/g" "$1" >"$2"
}

# plant RULE DESC FILE PYTHON: apply the Python snippet to the text s of
# FILE, then RULE must flag the result.  A snippet that finds nothing to
# change (the backend was rewritten) is a failure too: update it.
plant() {
	local rule=$1 desc=$2 src=$3 code=$4 out rc
	cp "$src" "$tmp/planted.c"
	if ! python3 - "$tmp/planted.c" "$code" <<'EOF'
import re, sys
path, code = sys.argv[1], sys.argv[2]
s = open(path).read()
env = {"s": s, "re": re}
exec(code, env)
if env["s"] == s:
    sys.exit("nothing planted")
open(path, "w").write(env["s"])
EOF
	then
		t_not_ok "$rule: $desc" "the bug could not be planted"
		return
	fi
	out=$(report "$rule" "$tmp/planted.c")
	rc=$?
	if [ "$rc" -eq 1 ] && [ -n "$out" ]; then
		t_ok "$rule: $desc"
	else
		t_not_ok "$rule: $desc" "rc=$rc" "$out" "$(cat "$tmp/err")"
	fi
}

for b in backends/*/mco_*.c; do
	name=$(basename "$(dirname "$b")")
	copy=$tmp/mco_zz${name}.c
	rename "$b" "$copy" "zz$name"
	out=$("$coccicheck" "$copy" 2>&1)
	t_eq "all rules: a renamed copy of $name is clean" 0 "$?"
	[ $? -eq 0 ] || echo "#   $out"
	desc="renamed $name"

	plant migrator_unregister "$desc without its unregister" "$copy" \
		's = re.sub(r"\n[^\n]*migrate_offload_unregister\([^;]*;", "", s)'
	plant positive_errno "$desc returning positive errnos" "$copy" \
		's = re.sub(r"(return |= )-(E[A-Z0-9]+)\b", r"\1\2", s)'
	plant direct_copy_call "$desc with a direct call of its copy" "$copy" '
m = re.search(r"static struct migrator (\w+) = \{", s)
if m:
    s += ("\nstatic int planted(struct list_head *d, struct list_head *s,\n"
          "\t\t   unsigned long *c)\n{\n\treturn %s.copy(d, s, 1, c);\n}\n"
          % m.group(1))'
	plant copy_may_block "$desc allocating with GFP_KERNEL in copy" "$copy" '
m = re.search(r"\.copy = (\w+),", s)
if m:
    s = re.sub(r"(\nstatic int %s\([^{]*\{\n)" % m.group(1),
               r"\1\tvoid *planted = kmalloc(64, GFP_KERNEL);\n", s, count=1)'
	if grep -q dmaengine_terminate "$copy"; then
		plant dma_unmap "$desc unmapping before it terminates" "$copy" '
# Move the first unmap call after a terminate to just before the
# statement that holds the terminate.
lines = s.split("\n")
t = next(i for i, l in enumerate(lines)
         if re.match(r"\t+.*\bdmaengine_terminate_\w+\(", l))
u = next(i for i in range(t + 1, len(lines))
         if re.match(r"\t+\w*unmap\w*\(", lines[i]))
ind = len(lines[u]) - len(lines[u].lstrip("\t"))
h = max(i for i in range(t + 1)
        if len(lines[i]) - len(lines[i].lstrip("\t")) == ind and
        lines[i].strip())
call = lines.pop(u)
lines.insert(h, call)
s = "\n".join(lines)'
		plant cpu_copy_on_error "$desc copying on the CPU when prep fails" \
			"$copy" '
s = re.sub(r"(\n(\t+)if \(!(\w+)\) \{\n)",
           r"\1\2\tmemcpy(dst_addr, src_addr, len);\n", s, count=1)'
	fi
done

t_done
