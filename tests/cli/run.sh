#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/run.sh MMKIT CASE: the option layer every `mmkit` subcommand
# shares (shared/spec/cli.md, tools/mmkit/cli/).  CASE is one of
#   forms     every option with a value takes it as `--opt V` and as
#             `--opt=V`, with the same effect, in every command
#   usage     usage errors: exit 2, `mmkit: CMD: ...` then `Try ...` on
#             stderr, nothing on stdout; abbreviations are refused
#   help      `-h`, `--help` and `mmkit help CMD` print the same text on
#             stdout and exit 0, for every command
#   progress  a progress line on a terminal, none when stderr is not one
#   later     `mmkit run --help` lists as not implemented yet exactly the
#             mmap flags and madvise advice that fail that way when run
set -u
mmkit=${1:?usage: run.sh MMKIT CASE}
what=${2:?CASE}
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/lib.sh"
commands="run compare stress explore bench kdiff gen-churn report"

# expect STATUS ARGS...: run `mmkit ARGS`, check the exit status.
expect() {
	want=$1
	shift
	run_status "$want" 20 "$mmkit" "$@"
}

# same WHAT ARGS1 -- ARGS2: both command lines print the same stdout.
same() {
	label=$1
	shift
	a=""
	while [ "$1" != "--" ]; do a="$a $1"; shift; done
	shift
	# shellcheck disable=SC2086
	"$mmkit" $a >"$tmp/a" 2>/dev/null
	"$mmkit" "$@" >"$tmp/b" 2>/dev/null
	cmp -s "$tmp/a" "$tmp/b" || bad "$label: \`mmkit$a\` and \`mmkit $*\` differ"
}

forms() {
	script=$dir/scripts/dontneed.mmk
	race=$dir/races/gup_fast_no_rcu.mmk
	# run: --policy, --bug (the JSON names the policy; the bug fails the script)
	expect 0 run --json --policy=keep "$script" && has "$tmp/out" '"policy": "keep"' "run --policy=keep"
	expect 0 run --json --policy keep "$script" && has "$tmp/out" '"policy": "keep"' "run --policy keep"
	expect 1 run --bug=gup_no_unshare "$dir/scripts/bug-option.mmk"
	expect 1 run --bug gup_no_unshare "$dir/scripts/bug-option.mmk"
	# stress: every value option, both ways, same operations
	expect 0 stress --policy=keep --threads=1 --ops=200 --seed=7 &&
		has "$tmp/out" "keep: 200 operations" "stress --policy=keep --ops=200" &&
		has "$tmp/err" "stress: seed 7" "stress --seed=7"
	expect 0 stress --policy keep --threads 1 --ops 200 --seed 7 &&
		has "$tmp/out" "keep: 200 operations" "stress --policy keep --ops 200"
	expect 0 stress --threads=1 --seconds=0.1 --seed=1
	expect 1 stress --bug=fork_share_pinned --seconds=60 --seed=1 &&
		has "$tmp/err" "--bug fork_share_pinned" "stress --bug=fork_share_pinned"
	# explore: --policy, --preemptions, --bug, --replay
	expect 0 explore --policy=keep --preemptions=0 "$race" &&
		has "$tmp/out" "explored " "explore --preemptions=0"
	expect 1 explore --preemptions=1 --bug=gup_fast_no_rcu "$race" || return
	token=$(sed -n 's/^replay: mmkit explore --replay \([^ ]*\) .*/\1/p' "$tmp/err")
	expect 1 explore --replay="$token" "$race" && has "$tmp/out" "explored 1 interleavings" "--replay=TOKEN"
	# gen-churn: the same script both ways
	same "gen-churn" gen-churn --threads=2 --ops=10 --seed=3 --arena=4M -- \
		gen-churn --threads 2 --ops 10 --seed 3 --arena 4M
	# bench: --reps and --only both ways (one op of the smoke test)
	expect 0 bench --quick --json --reps=1 --only=fault.zero &&
		has "$tmp/out" '"reps": 1' "bench --reps=1"
	expect 0 bench --quick --json --reps 1 --only fault.zero &&
		has "$tmp/out" '"fault.zero"' "bench --only fault.zero"
}

# usage_error ARGS...: exit 2, the message style, nothing on stdout.
usage_error() {
	cmd=$1
	expect 2 "$@" || return
	head -n 1 "$tmp/err" | grep -q "^mmkit: $cmd: " ||
		bad "mmkit $*: first line is \`$(head -n 1 "$tmp/err")\`"
	tail -n 1 "$tmp/err" | grep -qF "Try \`mmkit $cmd --help\`." ||
		bad "mmkit $*: last line is \`$(tail -n 1 "$tmp/err")\`"
	[ -s "$tmp/out" ] && bad "mmkit $*: something on stdout"
}

usage() {
	for c in $commands; do
		usage_error "$c" --frobnicate
		usage_error "$c" --frobnicate=1
	done
	usage_error run --policy=nope x.mmk && has "$tmp/err" "unknown policy" "run --policy=nope"
	usage_error run --bug=nope x.mmk && has "$tmp/err" "unknown bug" "run --bug=nope"
	usage_error run --pol keep x.mmk && has "$tmp/err" "unknown option \`--pol\`" "an abbreviation"
	usage_error run --json=1 x.mmk && has "$tmp/err" "--json takes no value" "a flag with a value"
	usage_error run --policy all --stats x.mmk
	usage_error run - -
	usage_error run
	usage_error compare a.mmk b.mmk
	usage_error stress --threads=0
	usage_error stress --seconds=1 --ops=1
	usage_error stress --seconds=x
	usage_error stress --ops 0x
	usage_error stress extra-argument
	usage_error explore --preemptions=1001 x.mmk
	usage_error explore --replay
	usage_error explore --policy=all x.mmk
	usage_error bench --reps=x
	usage_error bench --svg
	usage_error gen-churn --ops=1
	usage_error gen-churn --arena=3M
	usage_error report --out=x.html x.json && has "$tmp/err" "unknown option \`--out\`" "report: an abbreviation"
	usage_error report x.json -o && has "$tmp/err" "-o (--output) needs" "report -o without a file"
	usage_error report -x x.json && has "$tmp/err" "unknown option" "report: an unknown short option"
}

help() {
	for c in $commands; do
		expect 0 "$c" --help || continue
		head -n 1 "$tmp/out" | grep -q "^usage: mmkit $c" ||
			bad "$c --help: first line is \`$(head -n 1 "$tmp/out")\`"
		[ -s "$tmp/err" ] && bad "$c --help: something on stderr"
		same "$c -h" "$c" --help -- "$c" -h
		same "help $c" "$c" --help -- help "$c"
	done
	expect 0 --help && has "$tmp/out" "usage: mmkit COMMAND" "--help"
	expect 0 help && has "$tmp/out" "usage: mmkit COMMAND" "help"
}

# on_tty COMMAND...: run it with stdout and stderr on a terminal.
on_tty() {
	script -qec "$*" /dev/null >"$tmp/tty" 2>&1 </dev/null
}

progress() {
	esc=$(printf '\033')
	expect 0 stress --threads 1 --seconds 0.5 --seed 1
	grep -q "$esc" "$tmp/err" && bad "stress: a progress line on a stderr that is not a terminal"
	if ! command -v script >/dev/null; then
		echo "  (no script(1): the terminal half is left out)"
		return
	fi
	on_tty "$mmkit" stress --threads 1 --seconds 0.5 --seed 1
	grep -q "stress linux \[" "$tmp/tty" || bad "stress: no progress line on a terminal"
}

# refused SCRIPT: run it from stdin; true if it fails "not implemented yet".
refused() {
	printf '%s\n' "$1" | "$mmkit" run - >/dev/null 2>"$tmp/err"
	grep -q "not implemented yet" "$tmp/err"
}

# listed WORD: the help's not-implemented paragraph names WORD.
listed() {
	echo "$later" | grep -Eq "(^|[^a-z_])$1([^a-z_]|\$)"
}

# check_later WORD SCRIPT: WORD is listed as later iff SCRIPT is refused.
check_later() {
	if refused "$2"; then
		listed "$1" || bad "$1 is not implemented yet, but run --help does not say so"
	else
		listed "$1" && bad "$1 works, but run --help says it is not implemented yet"
	fi
}

later() {
	# the paragraphs of run --help that speak of what is not implemented
	later=$("$mmkit" run --help | awk -v RS= '/not implemented yet/')
	map="device pmem dax 2M
mm A"
	for flag in shared populate huge dev=pmem; do
		check_later "${flag%%pmem}" "$map
mmap A 0x40000000 2M rw $flag"
	done
	for advice in dontneed free pageout populate_read populate_write hugepage \
	    nohugepage collapse dontfork dofork wipeonfork keeponfork; do
		check_later "$advice" "$map
mmap A 0x40000000 2M rw
madvise A 0x40000000 2M $advice"
	done
}

case $what in
forms) forms ;;
later) later ;;
usage) usage ;;
help) help ;;
progress) progress ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "cli $what: ok"
