#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/races/run.sh MMKIT K CASE: the race lab's explorer from the outside
# (shared/spec/cli.md, `mmkit explore`).  CASE is
#   found NAME   NAME.mmk with `--bug NAME`: a violation (exit 1) whose
#                report has the script's `#! find` text, a trace and a
#                replay token; the token replays the same violation
#   clean NAME   NAME.mmk as it is: every interleaving within K preemptions
#                explored (exit 0), more than one, none failing
#   policies NAME  NAME.mmk as it is under every policy at K = 1: clean
#   usage        usage errors and bad tokens exit 2; --help exits 0
# K is the preemption bound (the plain build uses 2, sanitizer builds 1:
# the same exhaustive check on a smaller space).
set -u
mmkit=${1:?usage: run.sh MMKIT K found|clean NAME | usage}
k=${2:?K}
what=${3:?CASE}
name=${4:-}
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib.sh"

# run STATUS ARGS...: `mmkit explore ARGS`, check the exit status.
run() {
	want=$1
	shift
	run_status "$want" 60 "$mmkit" explore "$@"
}

last_line_ok() {	# the last line of stdout is `explored N interleavings`
	last=$(tail -n 1 "$tmp/out")
	echo "$last" | grep -Eq '^explored [0-9]+ interleavings$' ||
		bad "$1: last line is \`$last\`"
}

found() {
	script=$dir/$name.mmk
	find=$(sed -n 's/^#! find //p' "$script" | head -n 1)
	[ -n "$find" ] || { bad "$name.mmk has no #! find line"; return; }
	run 1 --preemptions "$k" --bug "$name" "$script" || return
	last_line_ok "--bug $name"
	has "$tmp/err" "explore: violation in interleaving " "--bug $name"
	has "$tmp/err" "$find" "--bug $name"
	has "$tmp/err" "interleaving (step, thread" "--bug $name: trace"
	token=$(sed -n 's/^replay: mmkit explore --replay \([^ ]*\) .*/\1/p' "$tmp/err")
	[ -n "$token" ] || { bad "--bug $name: no replay token"; return; }
	sed -n 's/^explore: violation in \(interleaving [0-9]*\).*/  found --bug '"$name"' in \1 (K='"$k"')/p' "$tmp/err"
	run 1 --replay "$token" "$script" || return
	has "$tmp/err" "$find" "--replay of --bug $name"
	[ "$(tail -n 1 "$tmp/out")" = "explored 1 interleavings" ] ||
		bad "--replay: last line is \`$(tail -n 1 "$tmp/out")\`"
}

clean() {
	script=$dir/$name.mmk
	run 0 --preemptions "$k" "$script" || return
	last_line_ok "$name"
	n=$(sed -n 's/^explored \([0-9]*\) interleavings$/\1/p' "$tmp/out")
	[ "${n:-0}" -gt 1 ] || bad "$name: only ${n:-0} interleavings explored"
	echo "  $name without the bug: $n interleavings, none failing (K=$k)"
}

policies() {
	script=$dir/$name.mmk
	for p in keep linux refcount rwsem full; do
		run 0 --preemptions 1 --policy "$p" "$script" || continue
		last_line_ok "$name --policy $p"
	done
}

usage() {
	script=$dir/gup_fast_no_rcu.mmk
	run 0 --help && has "$tmp/out" "usage: mmkit explore" "--help"
	run 2 "$script" extra-file && has "$tmp/err" "one FILE only" "two files"
	run 2 && has "$tmp/err" "no script given" "no file"
	run 2 --preemptions x "$script" && has "$tmp/err" "--preemptions needs a number" "bad K"
	run 2 --policy nope "$script" && has "$tmp/err" "unknown policy" "bad policy"
	run 2 --bug nope "$script" && has "$tmp/err" "unknown bug" "bad bug"
	run 2 --frobnicate "$script" && has "$tmp/err" "unknown option" "bad option"
	run 2 --replay garbage "$script" && has "$tmp/err" "not a replay token" "bad token"
	# a good token for this script, then changed: the checksum catches it
	run 1 --preemptions 1 --bug gup_fast_no_rcu "$script" || return
	token=$(sed -n 's/^replay: mmkit explore --replay \([^ ]*\) .*/\1/p' "$tmp/err")
	bent=$(echo "$token" | awk -F. -v OFS=. '{ $4 = $4 + 1; print }')
	run 2 --replay "$bent" "$script" && has "$tmp/err" "checksum" "changed token"
	run 2 --replay "$token" "$dir/no_pmd_recheck.mmk" &&
		has "$tmp/err" "made for another script" "token of another script"
	run 2 --replay "$token" --policy keep "$script" && has "$tmp/err" "fixes the policy" "--policy with a token"
	# not a terminal: no progress bar
	run 0 --preemptions 0 "$script"
	if grep -q "$(printf '\r')" "$tmp/err"; then
		bad "a progress bar on a stderr that is not a terminal"
	fi
}

# --max and --seconds stop a search early and say how much it covered;
# --json says whether it was complete.  tlb_no_flush_nested.mmk has 1680
# interleavings at K = 2, collapse_no_gup_fast_sync.mmk 15379 (seconds
# of work on any machine: a 0.2 s budget cannot finish it).
bounded() {
	small=$dir/tlb_no_flush_nested.mmk
	run 0 --max 7 "$small" || return
	last=$(tail -n 1 "$tmp/out")
	[ "$last" = "explored 7 interleavings" ] || bad "--max 7: last line \`$last\`"
	has_re "$tmp/err" "^explore: stopped by --max after 7 interleavings (.*): about [0-9.]*% of the search within 2 preemptions, estimated at [0-9]* interleavings in all; none failed$" "--max 7"
	run 0 --json --max 7 "$small" && has "$tmp/out" '"interleavings": 7, "complete": false' "--json --max 7"
	run 0 --json --preemptions 1 "$small" &&
		has_re "$tmp/out" '"complete": true, "covered": 1, "estimated_total": [0-9]*}' "--json, complete"
	n=$(sed -n 's/.*"interleavings": \([0-9]*\),.*/\1/p' "$tmp/out")
	grep -q "\"estimated_total\": $n}" "$tmp/out" || bad "complete: the estimate is not the count ($n)"
	run 0 --seconds 0.2 "$dir/collapse_no_gup_fast_sync.mmk" &&
		has_re "$tmp/err" "^explore: stopped by --seconds after [0-9]* interleavings" "--seconds 0.2"
	run 2 --max 0 "$small" && has "$tmp/err" "--max" "--max 0"
	run 2 --seconds 0 "$small" && has "$tmp/err" "--seconds" "--seconds 0"
	# a violation found within the bound is still reported
	run 1 --max 1000 --bug tlb_no_flush_nested "$small" &&
		has "$tmp/err" "explore: violation in interleaving " "--max with a bug"
}

case $what in
bounded) bounded ;;
found) found ;;
clean) clean ;;
policies) policies ;;
usage) usage ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "races $what $name: ok"
