#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/record/run.sh MMKIT CASE: `mmkit record` and the replay of long
# recordings.  CASE is one of
#   usage     usage errors and --help
#   stream    a script of 200,000 statements runs streamed (run FILE) and
#             whole (run - reads stdin whole) with the same figures; a
#             malformed last line still runs nothing
#   record    records tests/record/prog.c (built here): the statements of
#             its mmap, munmap, fork, brk and exits are in the recording,
#             with checkpoints; where the library has every statement a
#             recording uses (brk, growsdown) the replay under linux must
#             hold every checkpoint within 5% and the last within 2%
#             (--strict-checkpoints, --json).  Skips (77) without root,
#             ptrace or the fault tracepoints, or under a sanitizer build.
set -u
mmkit=${1:?usage: run.sh MMKIT CASE}
what=${2:?CASE}
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/lib.sh"

usage() {
	run_status 2 5 "$mmkit" record && has "$tmp/err" "no command given" "record without a command"
	run_status 2 5 "$mmkit" record -o && has "$tmp/err" "-o (--output) needs a file name" "record -o without a file"
	run_status 2 5 "$mmkit" record --interval 0 -- true && has "$tmp/err" "--interval needs a positive number" "record --interval 0"
	run_status 0 5 "$mmkit" record --help && has "$tmp/out" "usage: mmkit record [-o FILE]" "record --help"
	run_status 2 5 "$mmkit" run --strict-checkpoints x "$dir/scripts/dontneed.mmk" &&
		has "$tmp/err" "--strict-checkpoints needs a number 0 or more" "run --strict-checkpoints x"
}

stream() {
	awk 'BEGIN { print "mm A"; print "mmap A 0x10000000 64M rw";
		for (i = 0; i < 199996; i++) {
			a = 268435456 + (i % 16384) * 4096
			if (i % 7 == 6) printf "madvise A 0x%x 4K dontneed\n", a
			else printf "touch A 0x%x 4K w\n", a
		}
		print "checkpoint A pgtable=0 rss=0"; print "exit A" }' >"$tmp/long.mmk"
	run_status 0 5 "$mmkit" run --json "$tmp/long.mmk" || return
	sed 's/"file": "[^"]*"//' "$tmp/out" >"$tmp/streamed.json"
	run_status 0 5 sh -c "\"$mmkit\" run --json - <\"$tmp/long.mmk\"" || return
	sed 's/"file": "[^"]*"//' "$tmp/out" >"$tmp/whole.json"
	has "$tmp/streamed.json" '"statements": 200000' "streamed statement count"
	cmp -s "$tmp/streamed.json" "$tmp/whole.json" || bad "streamed and whole runs differ"
	# nothing runs from a malformed file, even when it is streamed
	{ cat "$tmp/long.mmk"; echo "touch A 0x10000000 4K x"; } >"$tmp/bad.mmk"
	run_status 2 5 "$mmkit" run "$tmp/bad.mmk" && has "$tmp/err" ":200001:" "malformed last line"
	[ -s "$tmp/out" ] && bad "a malformed streamed script printed: $(head -c 200 "$tmp/out")"
}

record() {
	if [ "$(id -u)" != 0 ]; then echo "skip: mmkit record needs root (ptrace, perf, pagemap)"; exit 77; fi
	if nm "$mmkit" 2>/dev/null | grep -q __[at]san_init; then
		echo "skip: a sanitizer build (its runtime is not for ptrace'd programs)"; exit 77
	fi
	cc -O1 -o "$tmp/prog" "$dir/record/prog.c" || { bad "cannot build prog.c"; finish; }
	"$mmkit" record -o "$tmp/prog.mmk" -- "$tmp/prog" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if grep -q "cannot see page faults\|ptrace" "$tmp/err" && [ $got -ne 0 ]; then
		echo "skip: $(head -n 1 "$tmp/err")"; exit 77
	fi
	[ $got -eq 0 ] || { bad "record exit $got"; sed 's/^/  | /' "$tmp/err" >&2; finish; }
	map=$(sed -n 's/^map 0x//p' "$tmp/out")
	has "$tmp/err" "mmkit record: $tmp/prog.mmk:" "the summary"
	has "$tmp/err" "lost: 0 perf samples" "no lost samples"
	has_re "$tmp/prog.mmk" "^mmap p[0-9]* 0x$map 0x800000 rw$" "the 8 MiB mmap"
	has_re "$tmp/prog.mmk" "^touch p[0-9]* 0x$map 8192K w$" "its pages, one run of touches"
	has_re "$tmp/prog.mmk" "^munmap p[0-9]* 0x$map 0x400000$" "the munmap"
	has_re "$tmp/prog.mmk" "^brk p[0-9]* 0x[0-9a-f]* start$" "the break after execve"
	has_re "$tmp/prog.mmk" "^brk p[0-9]* 0x[0-9a-f]*$" "malloc's brk"
	has_re "$tmp/prog.mmk" "^mmap p[0-9]* 0x[0-9a-f]* 0x[0-9a-f]* rw growsdown$" "the stack"
	has_re "$tmp/prog.mmk" "^fork p[0-9]* p[0-9]*$" "the fork"
	[ "$(grep -c '^exit p' "$tmp/prog.mmk")" = 2 ] || bad "not two exits"
	[ "$(grep -c '^checkpoint p' "$tmp/prog.mmk")" -ge 3 ] || bad "fewer than 3 checkpoints"
	if ! "$mmkit" run --help | grep -q "^  brk MM" ||
	   ! "$mmkit" run --help | grep -q "growsdown"; then
		echo "replay skipped: this mmkit has no brk/growsdown statements yet"
		finish
	fi
	run_status 0 10 "$mmkit" run --json --strict-checkpoints 0.05 "$tmp/prog.mmk" || finish
	final=$(sed -n 's/.*"final_pgtable_rel": \([0-9.e-]*\).*/\1/p' "$tmp/out" | head -n 1)
	awk -v f="$final" 'BEGIN { exit !(f != "" && f <= 0.02) }' ||
		bad "the last checkpoints' pgtable differs by $final (more than 0.02)"
}

case $what in
usage) usage ;;
stream) stream ;;
record) record ;;
*) bad "unknown case $what" ;;
esac
finish
