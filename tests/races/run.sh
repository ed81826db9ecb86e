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
#   por NAME     partial-order reduction against the full search: with
#                --por the bug is found (the same `#! find` text, and its
#                token replays it without --por), and the clean search
#                explores no more interleavings than the full one, none
#                failing
#   table NAME   table/NAME.mmk, the race over a whole 2 MiB table, with
#                --por at K = 1: the bug found (its `#! find` text), and
#                clean without it
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

# A script may cap the bound (`#! preemptions N`) where its race needs no
# more and the full bound's space would outgrow the test's time limit.
cap_k() {
	kmax=$(sed -n 's/^#! preemptions \([0-9]*\)$/\1/p' "$1" | head -n 1)
	if [ -n "$kmax" ] && [ "$k" -gt "$kmax" ]; then
		k=$kmax
	fi
}

found() {
	script=$dir/$name.mmk
	cap_k "$script"
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
	cap_k "$script"
	run 0 --preemptions "$k" "$script" || return
	last_line_ok "$name"
	n=$(sed -n 's/^explored \([0-9]*\) interleavings$/\1/p' "$tmp/out")
	[ "${n:-0}" -gt 1 ] || bad "$name: only ${n:-0} interleavings explored"
	echo "  $name without the bug: $n interleavings, none failing (K=$k)"
}

explored() {	# the N of the last `explored N interleavings`
	sed -n 's/^explored \([0-9]*\) interleavings$/\1/p' "$tmp/out"
}
por() {
	script=$dir/$name.mmk
	cap_k "$script"
	find=$(sed -n 's/^#! find //p' "$script" | head -n 1)
	run 1 --por --preemptions "$k" --bug "$name" "$script" || return
	has "$tmp/err" "$find" "--por --bug $name"
	found_at=$(sed -n 's/^explore: violation in interleaving \([0-9]*\).*/\1/p' "$tmp/err")
	token=$(sed -n 's/^replay: mmkit explore --replay \([^ ]*\) .*/\1/p' "$tmp/err")
	run 1 --replay "$token" "$script" && has "$tmp/err" "$find" "--replay of --por --bug $name"
	run 0 --por --preemptions "$k" "$script" || return
	last_line_ok "--por $name"
	reduced=$(explored)
	run 0 --preemptions "$k" "$script" || return
	full=$(explored)
	[ "${reduced:-0}" -ge 1 ] && [ "$reduced" -le "${full:-0}" ] ||
		bad "$name: --por explored ${reduced:-?} interleavings, the full search ${full:-?}"
	echo "  $name (K=$k): --por finds the bug in interleaving $found_at;" \
	     "clean: $reduced interleavings, the full search $full"
}
table() {
	script=$dir/table/$name.mmk
	find=$(sed -n 's/^#! find //p' "$script" | head -n 1)
	run 1 --por --preemptions 1 --bug "$name" "$script" || return
	has "$tmp/err" "$find" "table-size --bug $name"
	found_at=$(sed -n 's/^explore: violation in interleaving \([0-9]*\).*/\1/p' "$tmp/err")
	run 0 --por --preemptions 1 "$script" || return
	last_line_ok "table-size $name"
	echo "  $name over a 2 MiB table (K=1, --por): found in interleaving $found_at;" \
	     "clean: $(explored) interleavings"
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
	run 0 --json --por --max 20 "$small" && has "$tmp/out" '"interleavings": 20, "complete": false' "--json --por --max 20"
	run 0 --json --por "$small" && has "$tmp/out" '"complete": true, "covered": 1,' "--json --por, complete"
	n=$(sed -n 's/.*"interleavings": \([0-9]*\),.*/\1/p' "$tmp/out")
	grep -q "\"estimated_total\": $n}" "$tmp/out" || bad "--por complete: the estimate is not the count ($n)"
	run 0 --seconds 0.2 "$dir/collapse_no_gup_fast_sync.mmk" &&
		has_re "$tmp/err" "^explore: stopped by --seconds after [0-9]* interleavings" "--seconds 0.2"
	run 2 --max 0 "$small" && has "$tmp/err" "--max" "--max 0"
	run 2 --seconds 0 "$small" && has "$tmp/err" "--seconds" "--seconds 0"
	# a violation found within the bound is still reported
	run 1 --max 1000 --bug tlb_no_flush_nested "$small" &&
		has "$tmp/err" "explore: violation in interleaving " "--max with a bug"
}

# count FILE K [OPTION...]: the interleavings `explore` runs
count() {
	f=$1
	kk=$2
	shift 2
	"$mmkit" explore --preemptions "$kk" "$@" "$f" 2>/dev/null |
		sed -n 's/^explored \([0-9]*\) interleavings$/\1/p'
}

# --shard I/N: the shards' interleavings add up to the unsharded search's
# (each in exactly one shard), for several scripts and N; --merge sums
# their --json and refuses an incomplete or mixed set; the GNU parallel
# recipe (scripts/lab/explore-parallel.sh) gives the same count.
shards() {
	for s in tlb_no_flush_nested no_pmd_recheck gup_fast_no_rcu; do
		total=$(count "$dir/$s.mmk" "$k")
		for n in 2 3 5; do
			sum=0
			for i in $(seq 0 $((n - 1))); do
				c=$(count "$dir/$s.mmk" "$k" --shard "$i/$n")
				sum=$((sum + ${c:-0}))
			done
			[ "$sum" = "$total" ] || bad "$s K=$k: $n shards explored $sum, the whole search $total"
		done
		echo "  $s K=$k: shards of 2, 3 and 5 explore the $total interleavings of the whole search"
	done
	small=$dir/tlb_no_flush_nested.mmk
	total=$(count "$small" "$k")
	for i in 0 1 2; do
		"$mmkit" explore --preemptions "$k" --json --shard "$i/3" "$small" >"$tmp/s$i.json" 2>/dev/null
	done
	run 0 --merge "$tmp/s0.json" "$tmp/s1.json" "$tmp/s2.json" &&
		has "$tmp/out" "explored $total interleavings" "--merge"
	run 0 --merge --json "$tmp/s2.json" "$tmp/s0.json" "$tmp/s1.json" &&
		has "$tmp/out" "\"shards\": 3, \"status\": \"ok\", \"interleavings\": $total, \"complete\": true" "--merge --json"
	run 2 --merge "$tmp/s0.json" "$tmp/s2.json" && has "$tmp/err" "missing shard" "a shard missing"
	run 2 --merge "$tmp/s0.json" "$tmp/s0.json" "$tmp/s1.json" && has "$tmp/err" "given twice" "a shard twice"
	"$mmkit" explore --preemptions 0 --json --shard 1/3 "$small" >"$tmp/k0.json" 2>/dev/null
	run 2 --merge "$tmp/s0.json" "$tmp/k0.json" "$tmp/s2.json" && has "$tmp/err" "preemptions_bound" "mixed bounds"
	run 2 --shard 3/3 "$small" && has "$tmp/err" "--shard needs I/N" "--shard 3/3"
	run 2 --merge --shard 0/2 "$tmp/s0.json" && has "$tmp/err" "--merge takes" "--merge with --shard"
	# a violation in a shard is the merged result's
	for i in 0 1; do
		"$mmkit" explore --preemptions "$k" --bug tlb_no_flush_nested --json --shard "$i/2" "$small" \
			>"$tmp/b$i.json" 2>/dev/null
	done
	run 1 --merge "$tmp/b0.json" "$tmp/b1.json" && has "$tmp/err" "replay: mmkit explore --replay" "--merge of a violation"
	por_shards
	if command -v parallel >/dev/null 2>&1; then
		MMKIT=$mmkit sh "$dir/../../scripts/lab/explore-parallel.sh" 2 "$small" --preemptions "$k" >"$tmp/out" 2>"$tmp/err" ||
			bad "explore-parallel.sh: exit $?: $(cat "$tmp/err")"
		has "$tmp/out" "explored $total interleavings" "explore-parallel.sh"
	else
		echo "  SKIP explore-parallel.sh: GNU parallel is not installed (sh scripts/install-deps.sh fuzz)"
	fi
}

# --por with --shard I/N: the search above the split is full, so the
# shards' sum is that of --shard 0/1 for every N, and no smaller than
# the unsharded --por count; with the bug on, the merged shards report
# it as unsharded --por does (docs/race-lab.md, "Shards").
por_shards() {
	for s in tlb_no_flush_nested no_pmd_recheck; do
		one=$(count "$dir/$s.mmk" "$k" --por --shard 0/1)
		whole=$(count "$dir/$s.mmk" "$k" --por)
		[ "${one:-0}" -ge "${whole:-1}" ] || bad "$s K=$k: --por --shard 0/1 explored $one, --por $whole"
		for n in 2 3; do
			sum=0
			for i in $(seq 0 $((n - 1))); do
				c=$(count "$dir/$s.mmk" "$k" --por --shard "$i/$n")
				sum=$((sum + ${c:-0}))
				"$mmkit" explore --preemptions "$k" --por --bug "$s" --json \
					--shard "$i/$n" "$dir/$s.mmk" >"$tmp/p$i.json" 2>/dev/null
			done
			[ "$sum" = "$one" ] || bad "$s K=$k: $n --por shards explored $sum, --shard 0/1 $one"
			run 1 --merge $(seq -f "$tmp/p%g.json" 0 $((n - 1))) &&
				has "$tmp/err" "replay: mmkit explore --replay" "$s: --por shards of $n, --merge"
		done
		run 1 --preemptions "$k" --por --bug "$s" "$dir/$s.mmk" &&
			has "$tmp/err" "explore: violation in interleaving" "$s: --por, the bug"
		echo "  $s K=$k: --por shards of 2 and 3 explore $one interleavings (--por alone $whole) and find the bug"
	done
	"$mmkit" explore --preemptions "$k" --json --shard 1/2 "$small" >"$tmp/f1.json" 2>/dev/null
	"$mmkit" explore --preemptions "$k" --por --json --shard 0/2 "$small" >"$tmp/p0.json" 2>/dev/null
	run 2 --merge "$tmp/p0.json" "$tmp/f1.json" && has "$tmp/err" "por" "--por and full shards mixed"
}

# The Slurm recipe on a one-node cluster started here
# (scripts/lab/slurm-localhost.sh): four array tasks, then the merge, give
# the unsharded count.  Needs slurm-wlm and root; skips, saying so, without.
slurm() {
	lab=$dir/../../scripts/lab
	if ! command -v slurmctld >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
		echo "  SKIP slurm: slurm-wlm is not installed (apt install slurm-wlm)"
		return
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "  SKIP slurm: slurm-localhost.sh runs the daemons as root"
		return
	fi
	small=$dir/tlb_no_flush_nested.mmk
	total=$(count "$small" "$k")
	sh "$lab/slurm-localhost.sh" start "$tmp/slurm" >"$tmp/out" 2>"$tmp/err" ||
		{ bad "slurm-localhost.sh start: $(cat "$tmp/err")"; return; }
	export SLURM_CONF=$tmp/slurm/slurm.conf
	SHARD_DIR=$tmp/shards MMKIT=$mmkit timeout 240 sbatch --wait --array=0-3 \
		-o "$tmp/task-%a.out" "$lab/explore-slurm.sh" "$small" --preemptions "$k" \
		>"$tmp/out" 2>"$tmp/err" || bad "sbatch: $(cat "$tmp/err")"
	SHARD_DIR=$tmp/shards MMKIT=$mmkit sh "$lab/explore-slurm.sh" --merge 4 >"$tmp/out" 2>"$tmp/err" ||
		bad "explore-slurm.sh --merge: $(cat "$tmp/err")"
	has "$tmp/out" "explored $total interleavings" "the Slurm array's merge"
	sh "$lab/slurm-localhost.sh" stop "$tmp/slurm"
	echo "  slurm: a 4-task array on a one-node cluster explored the $total interleavings"
}

# `#! sanitizers found`: a race whose exhaustive searches are minutes
# under the sanitizers' slowdown (K = 1 is the sanitizer builds' bound)
# runs only its `found` case there; the plain build runs them all.
case $what in
clean | policies | por)
	if [ "$k" = 1 ] && grep -q '^#! sanitizers found$' "$dir/$name.mmk"; then
		echo "SKIP: races $what $name: too slow under a sanitizer" \
		     "(#! sanitizers found); the plain build runs it"
		exit 77
	fi ;;
esac

case $what in
slurm) slurm ;;
shards) shards ;;
bounded) bounded ;;
found) found ;;
clean) clean ;;
policies) policies ;;
por) por ;;
table) table ;;
usage) usage ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "races $what $name: ok"
