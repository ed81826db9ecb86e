#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/kdiff/run.sh MMKIT CASE [DIR]: `mmkit kdiff` (shared/spec/cli.md,
# extensions; docs/fidelity.md).  CASE is one of
#   usage     usage errors: exit 2, nothing on stdout
#   refuse    statements the kernel side cannot run: exit 2 with
#             FILE:LINE:COL before anything runs; malformed scripts too
#   agree     scripts on which mmkit and the kernel agree: exit 0
#   disagree  a disagreement on purpose (`ram` is mmkit's only): exit 1,
#             each disagreement on its line with both values
#   json      --json: one object with status, scripts, disagreements
#   layout    a range meeting the agent's own memory is refused; one in
#             the agent's 512 GiB region is run without comparing pgtable
#   random    --random: the summary line, determinism, --keep, --minimize
#   smoke     the CI smoke: seeds 1-300 of 20-200 operations, and 1-150
#             with --thp where the host runs THP in madvise mode (--keep DIR)
# Cases that need the kernel side (Linux, /proc, not a sanitizer build)
# exit 77, which CTest counts as skipped, and say why.
set -u
mmkit=${1:?usage: run.sh MMKIT CASE [DIR]}
what=${2:?CASE}
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib.sh"

# The kernel side runs here, or the case is skipped with the reason.
need_kernel() {
	"$mmkit" kdiff "$dir/agree-fork-cow.mmk" >"$tmp/probe" 2>"$tmp/why"
	rc=$?
	[ "$rc" -ne 2 ] && return 0
	echo "SKIP: the kernel side of kdiff cannot run here: $(head -n 1 "$tmp/why")"
	exit 77
}

expect() {
	want=$1
	shift
	run_status "$want" 20 "$mmkit" kdiff "$@"
}

usage_error() {
	expect 2 "$@" || return
	head -n 1 "$tmp/err" | grep -q "^mmkit: kdiff: " ||
		bad "kdiff $*: first line is \`$(head -n 1 "$tmp/err")\`"
	[ -s "$tmp/out" ] && bad "kdiff $*: something on stdout"
}

usage() {
	usage_error
	usage_error --random "$dir/agree-fork-cow.mmk"
	usage_error --seeds 1-2 "$dir/agree-fork-cow.mmk"
	usage_error --ops 5 "$dir/agree-fork-cow.mmk"
	usage_error --random --seeds 5-1
	usage_error --random --seeds x
	usage_error --random --ops 0
	usage_error --random --ops 5-1
	usage_error --random --ops 1-100001
	usage_error --frobnicate x.mmk
	expect 0 --help && has "$tmp/out" "usage: mmkit kdiff" "kdiff --help"
}

# refused FILE LINE:COL WORD: exit 2, "FILE:LINE:COL: kdiff cannot run
# this on the kernel: `WORD` ..." and nothing run.
refused() {
	expect 2 "$dir/$1" || return
	has "$tmp/err" "$dir/$1:$2: kdiff cannot run this on the kernel: \`$3\`" "$1"
	[ -s "$tmp/out" ] && bad "$1: something on stdout"
}

refuse() {
	refused refuse-pin.mmk 4:1 pin
	# THP in another mode than the host's: refused as a whole (no line)
	expect 2 "$dir/refuse-thp-mode.mmk" &&
		has "$tmp/err" "refuse-thp-mode.mmk: kdiff cannot run this on the kernel: it uses THP in \`thp never\` mode" "thp mode"
	refused refuse-khugepaged.mmk 3:1 khugepaged
	refused refuse-thread.mmk 3:1 thread
	printf 'mm A\nfrobnicate A\n' >"$tmp/bad.mmk"
	expect 2 "$tmp/bad.mmk" && has "$tmp/err" "bad.mmk:2:1: unknown statement" "malformed"
}

# The host's THP mode, as transparent_hugepage/enabled shows it.
host_thp() {
	sed -n 's/.*\[\([a-z]*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null
}

agree() {
	need_kernel
	for f in agree-fork-cow agree-madvise; do
		expect 0 "$dir/$f.mmk" || continue
		has "$tmp/out" "kdiff: 1 files, 1 agreed fully" "$f"
	done
	# THP: the example compares anon_thp too; it needs THP in madvise mode
	if [ "$(host_thp)" = madvise ]; then
		expect 0 "$dir/../../examples/thp.mmk" &&
			has "$tmp/out" "kdiff: 1 files, 1 agreed fully" "examples/thp.mmk"
		for f in thp-collapse thp-lazyfree-collapsed thp-shmem-collapse \
			thp-shmem-retract thp-shmem-pte-folio thp-shmem-fault \
			thp-shmem-pte-collapse thp-shmem-split thp-cow thp-mremap-pgoff \
			khugepaged-compound-extreme thp-mm-id; do
			expect 0 "$dir/../scripts/$f.mmk" &&
				has "$tmp/out" "kdiff: 1 files, 1 agreed fully" "$f.mmk"
		done
	else
		echo "note: THP agreement not checked: the host's THP mode is '$(host_thp)', not madvise"
	fi
	expect 0 "$dir/agree-fork-cow.mmk" "$dir/agree-madvise.mmk" &&
		has "$tmp/out" "kdiff: 2 files, 2 agreed fully, 35 statements compared, 0 disagreements" "two files"
}

disagree() {
	need_kernel
	f=$dir/disagree-ram.mmk
	expect 1 "$f" || return
	has "$tmp/out" "$f:7: touch A 0x10000000 4M w: result: kernel ok, mmkit ENOMEM" "the result"
	has "$tmp/out" "$f:7: touch A 0x10000000 4M w: mm A rss: kernel 4194304, mmkit " "rss"
	has "$tmp/out" "0 agreed fully, 3 statements compared, 3 disagreements" "the summary"
}

json() {
	need_kernel
	expect 1 --json "$dir/disagree-ram.mmk" || return
	for key in '"status": "disagree"' '"scripts": [' '"disagreements": [' \
	    '"line": 7' '"mm": "A"' '"key": "result"' '"kernel": "ok"' \
	    '"mmkit": "ENOMEM"' '"summary": {' '"policy": "linux"'; do
		has "$tmp/out" "$key" "--json"
	done
	has "$tmp/err" "kdiff: 1 files" "--json: the summary on stderr"
	expect 0 --json "$dir/agree-madvise.mmk" && has "$tmp/out" '"status": "agree"' "--json agree"
	if command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out" ||
			bad "--json: not JSON"
	fi
	printf 'mm A\nfrobnicate A\n' >"$tmp/bad.mmk"
	expect 2 --json "$tmp/bad.mmk" && has "$tmp/out" '"status": "malformed"' "--json malformed"
}

layout() {
	need_kernel
	expect 2 "$dir/refuse-agent.mmk" &&
		has "$tmp/err" "refuse-agent.mmk:4:10: kdiff cannot run this on the kernel: [0x555555554000, +0x1000) meets the agent's own mapping" "agent range"
	expect 0 "$dir/shared-tables.mmk" &&
		has "$tmp/err" "line 5: mm A: pgtable not compared from here on" "shared tables"
}

random() {
	need_kernel
	expect_any "--random --seeds 1-5 --ops 20"
	cp "$tmp/out" "$tmp/first"
	has_re "$tmp/out" '^kdiff: 5 seeds, [0-5] agreed fully, 105 statements compared, [0-9]* disagreements$' "summary"
	expect_any "--random --seeds=1-5 --ops=20"
	cmp -s "$tmp/out" "$tmp/first" || bad "--random: two runs of the same seeds differ"
	expect_any "--random --seeds 1-5 --ops 20-40"
	has_re "$tmp/out" '^kdiff: 5 seeds, [0-5] agreed fully, [12][0-9][0-9] statements compared' "--ops A-B"
	cp "$tmp/out" "$tmp/first"
	expect_any "--random --seeds 1-5 --ops 20-40"
	cmp -s "$tmp/out" "$tmp/first" || bad "--ops A-B: two runs of the same seeds differ"
	mkdir "$tmp/keep"
	expect_any "--random --seeds 1-5 --ops 20 --keep $tmp/keep --minimize"
	for s in $(sed -n 's/^seed \([0-9]*\): .*/\1/p' "$tmp/out"); do
		[ -f "$tmp/keep/seed-$s.mmk" ] || bad "--keep: no seed-$s.mmk"
		"$mmkit" kdiff "$tmp/keep/seed-$s.mmk" >/dev/null 2>&1
		[ $? -eq 1 ] || bad "seed-$s.mmk does not disagree when replayed"
	done
}

# expect_any "ARGS": kdiff exits 0 or 1 (agreement is not asked for).
expect_any() {
	# shellcheck disable=SC2086
	"$mmkit" kdiff $1 >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" -le 1 ] || { bad "kdiff $1: exit $rc"; sed 's/^/  | /' "$tmp/err" >&2; }
}

# The CI smoke: every disagreeing seed is kept in DIR for replay.
smoke() {
	need_kernel
	keep=${3:-$tmp/smoke}
	rm -rf "$keep" && mkdir -p "$keep"
	"$mmkit" kdiff --random --seeds 1-300 --ops 20-200 --keep "$keep"
	rc=$?
	[ "$rc" -eq 0 ] || bad "kdiff --random --seeds 1-300 --ops 20-200: exit $rc (scripts in $keep)"
	if [ "$(host_thp)" = madvise ]; then
		"$mmkit" kdiff --random --thp --seeds 1-150 --ops 20-200 --keep "$keep" >"$tmp/thp.out"
		rc=$?
		[ "$rc" -le 1 ] || bad "kdiff --random --thp --seeds 1-150 --ops 20-200: exit $rc"
		tail -n 1 "$tmp/thp.out"
		# Disagreeing seeds must be exactly the known ones (known-thp.txt).
		sed -n 's/^seed \([0-9]*\):.*/\1/p' "$tmp/thp.out" | sort -n >"$tmp/thp.got"
		sed -n 's/^\([0-9][0-9]*\) .*/\1/p' "$dir/known-thp.txt" | sort -n >"$tmp/thp.known"
		if ! cmp -s "$tmp/thp.got" "$tmp/thp.known"; then
			bad "kdiff --random --thp: disagreeing seeds $(tr '\n' ' ' <"$tmp/thp.got")differ from known-thp.txt ($(tr '\n' ' ' <"$tmp/thp.known")); scripts in $keep"
			cat "$tmp/thp.out"
		fi
	else
		echo "note: --thp smoke not run: the host's THP mode is '$(host_thp)', not madvise"
	fi
}

case $what in
usage) usage ;;
refuse) refuse ;;
agree) agree ;;
disagree) disagree ;;
json) json ;;
layout) layout ;;
random) random ;;
smoke) smoke "$@" ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "kdiff $what: ok"
