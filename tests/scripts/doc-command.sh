#!/bin/sh
# SPDX-License-Identifier: MIT
# doc-command.sh MMKIT STATUS TEXT ARGS...: run `MMKIT ARGS...`, a command
# a document (an example's header) tells the user to type, and check that
# it exits with STATUS and that its stderr holds TEXT: a documented command
# that stopped doing what its document says fails here.
mmkit=$1; want=$2; text=$3
shift 3
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$mmkit" "$@" 2>"$err"
got=$?
status=0
if [ "$got" != "$want" ]; then
	echo "FAIL: exit status $got, expected $want"; status=1
fi
if ! grep -qF -- "$text" "$err"; then
	echo "FAIL: stderr lacks: $text"; status=1
fi
if [ $status -ne 0 ]; then
	echo "--- stderr"; cat "$err"
fi
exit $status
