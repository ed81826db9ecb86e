#!/bin/sh
# SPDX-License-Identifier: MIT
# time-to-find.sh MMKIT [BUG...] - the "Time to find" table of
# docs/race-lab.md, one markdown row per bug switch (all eleven by default):
#   stress: `MMKIT stress --bug BUG --seed S --seconds 60` for seeds 1 2 3
#           (4 threads, policy linux): the time and operations the report
#           gives, or "not found";
#   explore: `MMKIT explore --preemptions K [--bug BUG] tests/races/BUG.mmk`
#           for K = 2 and 1: interleavings and wall time until the failing
#           one (found), and of the whole space without the bug (clean).
# Not a test (nothing here is asserted): CTest runs the same commands as
# tests in run.sh and tests/stress/run.sh.  Run it on an idle machine.
mmkit=${1:?usage: time-to-find.sh MMKIT [BUG...]}
shift
dir=$(dirname "$0")
bugs=${*:-gup_fast_no_rcu no_pmd_recheck reclaim_no_rescan fork_share_pinned \
gup_no_unshare migrate_flush_late migrate_no_dirty devmap_no_pgmap_ref \
tlb_no_flush_nested collapse_no_gup_fast_sync split_clears_pmd}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# "0.02 s (1,234 ops)" or "not found in 60 s"
stress_cell() {
	"$mmkit" stress --bug "$1" --seed "$2" --seconds 60 >/dev/null 2>"$tmp/err"
	sed -n 's/^stress: violation under policy [a-z]* after \([0-9.]*\) s and \([0-9]*\) operations.*/\1 \2/p' \
		"$tmp/err" | awk '{ printf "%s s (%d ops)", $1, $2; found = 1 }
		END { if (!found) printf "not found in 60 s" }'
}

# "N, T s": interleavings explored and wall time
explore_cell() {
	t0=$(now)
	n=$("$mmkit" explore "$@" 2>/dev/null | sed -n 's/^explored \([0-9]*\) interleavings$/\1/p')
	t1=$(now)
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d, %.2f s", n, b - a }'
}

echo "| bug | stress, seeds 1 / 2 / 3 | explore K=2: found | explore K=2 clean | explore K=1: found | explore K=1 clean |"
echo "| --- | --- | --- | --- | --- | --- |"
for bug in $bugs; do
	script=$dir/$bug.mmk
	[ -f "$script" ] || { echo "time-to-find.sh: no $script" >&2; exit 2; }
	s1=$(stress_cell "$bug" 1)
	s2=$(stress_cell "$bug" 2)
	s3=$(stress_cell "$bug" 3)
	f2=$(explore_cell --preemptions 2 --bug "$bug" "$script")
	c2=$(explore_cell --preemptions 2 "$script")
	f1=$(explore_cell --preemptions 1 --bug "$bug" "$script")
	c1=$(explore_cell --preemptions 1 "$script")
	echo "| $bug | $s1 / $s2 / $s3 | $f2 | $c2 | $f1 | $c1 |"
done
