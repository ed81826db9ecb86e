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
#   hostile   what an adversarial user tried (issue 13): JSON output stays
#             valid UTF-8, lost output is an error, endless or binary
#             input is refused early, usage errors are found before work
#   version   (run.sh MMKIT version X.Y.Z) `--version` and `-V` print
#             exactly `mmkit X.Y.Z`, CMake's project(VERSION), on stdout
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

# valid_json FILE WHAT: FILE is one JSON document (python3 reads JSON
# strictly: invalid UTF-8 is refused).
valid_json() {
	if [ -z "$py" ]; then
		return
	fi
	python3 -m json.tool "$1" >/dev/null 2>"$tmp/json-err" ||
		bad "$2: not valid JSON: $(cat "$tmp/json-err")"
}

hostile() {
	py=$(command -v python3 || true)
	[ -n "$py" ] || echo "  (no python3: the JSON of the output is not validated)"
	ff=$(printf '\377')
	# 1. a file name and script text that are not UTF-8, in ok, failed and
	# malformed runs: the JSON is valid, the bad bytes are U+FFFD
	name="$tmp/bad${ff}name.mmk"
	printf 'mm A\nmmap A 0x10000000 4K rw\nwrite A 0x10000000 "%s"\n' "$ff" >"$name"
	expect 0 run --json "$name" && valid_json "$tmp/out" "run --json, file name with 0xff" &&
		has "$tmp/out" 'bad\ufffdname.mmk' "run --json: 0xff in a name"
	printf 'mm A\nmmap A 0x10000000 4K rw\nread A 0x10000000 "%s"\n' "$ff" >"$name"
	expect 1 run --json "$name" && valid_json "$tmp/out" "run --json, a failed read of 0xff"
	printf 'mm A\n%s%s\n' "$ff" "$(printf '\303\251')" >"$name"
	expect 2 run --json "$name" && valid_json "$tmp/out" "run --json, a malformed 0xff" &&
		has "$tmp/out" "\\ufffd$(printf '\303\251')" "run --json: 0xff replaced, UTF-8 kept"
	expect 2 compare --json "$name" && valid_json "$tmp/out" "compare --json, a malformed 0xff"
	# 2. output that cannot be written fails the command
	if [ -w /dev/full ]; then
		"$mmkit" gen-churn --ops 4 >/dev/full 2>"$tmp/err"
		[ $? -eq 1 ] || bad "gen-churn >/dev/full: not exit 1"
		has "$tmp/err" "cannot write the results" "gen-churn >/dev/full"
		"$mmkit" run --json "$dir/scripts/dontneed.mmk" >/dev/full 2>"$tmp/err"
		[ $? -eq 1 ] || bad "run --json >/dev/full: not exit 1"
	fi
	"$mmkit" gen-churn --ops 4 >&- 2>"$tmp/err"
	[ $? -eq 1 ] || bad "gen-churn with stdout closed: not exit 1"
	has "$tmp/err" "Bad file descriptor" "gen-churn with stdout closed"
	# 3. input without end: a NUL at once, a line past 1M bytes, a directory
	expect 2 run /dev/zero && has "$tmp/err" "/dev/zero:1:1: NUL byte in script" "run /dev/zero"
	head -c 1100000 /dev/zero | tr '\0' a >"$tmp/long.mmk"
	expect 2 run "$tmp/long.mmk" && has "$tmp/err" ":1:1048577: line longer than 1M bytes" "a long line"
	expect 2 run "$tmp" && has "$tmp/err" "Is a directory" "run DIR"
	expect 2 run --json "$tmp" && has "$tmp/out" '"status": "malformed"' "run --json DIR"
	# standard input is streamed through a copy on disk: one run, a compare
	# (five runs), thread blocks (loaded whole)
	sed 's/^#.*//' "$dir/scripts/dontneed.mmk" | "$mmkit" run - >"$tmp/out" 2>"$tmp/err" ||
		bad "run - of dontneed.mmk failed: $(cat "$tmp/err")"
	"$mmkit" compare - <"$dir/scripts/threads-fork.mmk" >"$tmp/out" 2>"$tmp/err" ||
		bad "compare - of threads-fork.mmk failed: $(cat "$tmp/err")"
	# 4. usage errors at once: help help, gen-churn's range, bench --only
	expect 0 help help && has "$tmp/out" "usage: mmkit COMMAND" "help help"
	usage_error gen-churn --arena=64G1 && has "$tmp/err" "from 2M to 65535G" "gen-churn --arena range"
	usage_error bench --only nosuch && has "$tmp/err" "\`nosuch\` names nothing" "bench --only nosuch"
	usage_error bench --only fault,
	# 5. gen-churn's page-table figures hold for arenas the touches do not
	# cover (a PMD table per 1G reached, not per 1G of arena)
	for arena in 1024G 256G 3G; do
		"$mmkit" gen-churn --threads 2 --ops 6 --arena "$arena" >"$tmp/churn.mmk"
		expect 0 run "$tmp/churn.mmk" || bad "gen-churn --arena $arena: its own expectations fail"
	done
}

# version: the number comes from CMake's project(VERSION) (tests/CMakeLists.txt).
version() {
	line="mmkit ${1:?the version CMake has}"
	for opt in --version -V; do
		expect 0 "$opt" || continue
		[ "$(cat "$tmp/out")" = "$line" ] ||
			bad "mmkit $opt printed \`$(cat "$tmp/out")\`, not \`$line\`"
		[ -s "$tmp/err" ] && bad "mmkit $opt: something on stderr"
	done
}

case $what in
hostile) hostile ;;
version) version "${3:-}" ;;
forms) forms ;;
later) later ;;
usage) usage ;;
help) help ;;
progress) progress ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "cli $what: ok"
