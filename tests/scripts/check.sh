#!/bin/sh
# SPDX-License-Identifier: MIT
# check.sh MMKIT SCRIPT: run `MMKIT run SCRIPT` (or `#! cmd`) and compare with the
# script's header lines:
#   #! exit N            expected exit status (default 0)
#   #! stderr TEXT       stderr must contain TEXT; "FILE" stands for SCRIPT
#   #! stdout TEXT       stdout must contain TEXT
#   #! args ARGS...      extra options for the command (before the file)
#   #! cmd COMMAND       the mmkit subcommand to run instead of `run`
#                        (e.g. `compare`)
mmkit=$1; script=$2
want_exit=$(sed -n 's/^#! exit \([0-9]*\).*/\1/p' "$script" | head -n 1)
[ -n "$want_exit" ] || want_exit=0
args=$(sed -n 's/^#! args //p' "$script" | head -n 1)
cmd=$(sed -n 's/^#! cmd \([a-z-]*\).*/\1/p' "$script" | head -n 1)
[ -n "$cmd" ] || cmd=run
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# shellcheck disable=SC2086
"$mmkit" "$cmd" $args "$script" >"$out" 2>"$err"
got=$?
status=0
if [ "$got" != "$want_exit" ]; then
	echo "FAIL: exit status $got, expected $want_exit"; status=1
fi
check() {  # check STREAM FILE
	sed -n "s/^#! $1 //p" "$script" | while IFS= read -r text; do
		text=$(printf '%s' "$text" | sed "s|FILE|$script|g")
		if ! grep -qF -- "$text" "$2"; then
			echo "FAIL: $1 lacks: $text"; echo x >>"$out.fail"
		fi
	done
}
check stderr "$err"; check stdout "$out"
[ -e "$out.fail" ] && { status=1; rm -f "$out.fail"; }
if [ $status -ne 0 ]; then
	echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"
fi
exit $status
