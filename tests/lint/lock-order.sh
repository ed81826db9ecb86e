#!/bin/sh
# SPDX-License-Identifier: MIT
# lock-order.sh SRCDIR: docs/design.md's rank table states the lock order of
# src/lockdep.h, the one place the code keeps it: the same ranks, named
# as lockdep.c names them, in the same order.
cd "$1" || exit 2
code=$(sed -n 's/^	LOCK_RANK_\([A-Z_]*\),.*/\1/p' src/lockdep.h | grep -v '^NONE$' | tr '\n' ' ')
names=""
for r in $code; do
	n=$(sed -n "s/^	\[LOCK_RANK_$r\] = \"\(.*\)\",/\1/p" src/lockdep.c)
	[ -n "$n" ] || { echo "FAIL: lockdep.c has no name for LOCK_RANK_$r"; exit 1; }
	names="$names$n|"
done
doc=$(sed -n 's/^| [0-9]* | `\{0,1\}\([^`|]*\)`\{0,1\} | .*/\1/p' docs/design.md | sed 's/ *$//' | tr '\n' '|')
if [ "$names" != "$doc" ]; then
	echo "FAIL: docs/design.md's lock ranks differ from src/lockdep.h"
	echo "  lockdep: $names"
	echo "  design:  $doc"
	exit 1
fi
echo "ok: $(echo "$code" | wc -w) ranks, in the same order"
