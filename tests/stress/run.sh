#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/stress/run.sh MMKIT [CASE]: `mmkit stress` from the outside
# (shared/spec/cli.md).  CASE is one of
#   clean   every policy, 4000 operations each, seed 1: no violation (exit 0),
#           the seed on stderr, one line per policy, the summary line last
#   usage   usage errors exit 2 (unknown bug, unknown policy, ...)
#   bugs    each historical bug the mix provokes is found (exit 1) with a
#           report naming the invariant, the seed and a replay command
# or all of them (the default).  STRESS_BUG_SECONDS bounds each bug hunt
# (default 60).
set -u
mmkit=${1:?usage: run.sh MMKIT [clean|usage|bugs]}
what=${2:-all}
tmp=${TMPDIR:-/tmp}/mmkit-stress.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

bad() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect STATUS ARGS...: run `mmkit stress ARGS`, check the exit status.
expect() {
	want=$1
	shift
	"$mmkit" stress "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "mmkit stress $*: exit $got, expected $want"
		sed 's/^/  | /' "$tmp/err" | head -40 >&2
		return 1
	fi
	return 0
}

has() {	# has FILE PATTERN WHAT
	grep -q -- "$2" "$1" || bad "$3: no \`$2\` in $(basename "$1")"
}

clean() {
	expect 0 --policy all --ops 4000 --seed 1 || return
	has "$tmp/err" '^stress: seed 1$' "clean run"
	for p in keep linux refcount rwsem full; do
		has "$tmp/out" "^$p: 4000 operations in " "clean run"
	done
	[ "$(tail -n 1 "$tmp/out")" = "stress: no violation in 20000 operations (seed 1)" ] ||
		bad "clean run: last line is \`$(tail -n 1 "$tmp/out")\`"
	# not a terminal: no progress bar
	if grep -q "$(printf '\r')" "$tmp/err"; then
		bad "clean run: a progress bar on a stderr that is not a terminal"
	fi
}

usage() {
	expect 2 --bug no_such_bug --ops 10 && has "$tmp/err" "unknown bug" "unknown bug"
	expect 2 --policy no_such_policy --ops 10 && has "$tmp/err" "unknown policy" "unknown policy"
	expect 2 --bug && has "$tmp/err" "unknown bug" "--bug without a name"
	expect 2 --seconds 1 --ops 10
	expect 2 --threads 0 --ops 10
	expect 2 --threads 64 --ops 10
	expect 2 --ops 0
	expect 2 --seconds -1
	expect 2 --seed x
	expect 2 --frobnicate
	expect 2 extra-argument
	expect 0 --help && has "$tmp/out" "^usage: mmkit stress" "--help"
	# a device bug: refused until the device issue brings it
	"$mmkit" stress --bug migrate_no_dirty --ops 40 --seed 1 >"$tmp/out" 2>"$tmp/err"
	if [ $? -eq 2 ]; then
		has "$tmp/err" "not implemented yet (device issue)" "--bug migrate_no_dirty"
	fi
}

bugs() {
	secs=${STRESS_BUG_SECONDS:-60}
	for bug in gup_fast_no_rcu no_pmd_recheck reclaim_no_rescan migrate_no_dirty \
	    migrate_flush_late fork_share_pinned gup_no_unshare devmap_no_pgmap_ref; do
		expect 1 --seconds "$secs" --seed 1 --bug "$bug" || continue
		has "$tmp/err" "^stress: violation under policy linux after " "--bug $bug"
		has "$tmp/err" "^  invariant [0-9]*: " "--bug $bug"
		has "$tmp/err" "^  T[0-9][0-9]* #" "--bug $bug: last operations"
		has "$tmp/err" "^  mmkit stress --policy linux --threads 4 --ops [0-9]* --seed 1 --bug $bug\$" \
			"--bug $bug: replay command"
		sed -n 's/^stress: violation under policy linux after \(.*\) (seed.*/  found --bug '"$bug"' after \1/p' "$tmp/err"
	done
}

case $what in
clean) clean ;;
usage) usage ;;
bugs) bugs ;;
all) usage; clean; bugs ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "stress $what: ok"
