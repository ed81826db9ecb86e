#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/loops-lib.sh [LIB ...] - the dense and sparse loops through libmmkit
# in one process, CPU time per round (bench/loops-lib.c says why beside
# loops.sh).  Each LIB is a libmmkit.a (default: build-bench's); give two,
# e.g. a copy of the parent commit's and this tree's, to compare them: the
# copies run alternately, RUNS times each (default 5), and each run prints
# the medians of its ROUNDS rounds (default 41 dense, 15 sparse).
# Environment: RUNS, ROUNDS, LOOPS (default "dense sparse").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
[ $# -gt 0 ] || set -- "$root/build-bench/libmmkit.a"
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

i=0
for lib in "$@"; do
	[ -f "$lib" ] || { echo "loops-lib.sh: no $lib (make build-bench/mmkit)" >&2; exit 2; }
	i=$((i + 1))
	# shellcheck disable=SC2046 # pkg-config prints several words
	cc -O2 -I"$root/include" -I"$root/build-bench/include" -o "$tmp/loops-$i" \
		"$here/loops-lib.c" "$lib" $(pkg-config --libs liburcu-memb) -lpthread
done
uptime
for loop in ${LOOPS:-dense sparse}; do
	case $loop in dense) rounds=${ROUNDS:-41} ;; *) rounds=${ROUNDS:-15} ;; esac
	r=0
	while [ "$r" -lt "$runs" ]; do
		j=0
		for lib in "$@"; do
			j=$((j + 1))
			"$tmp/loops-$j" "$loop" "$rounds" "$lib"
		done
		r=$((r + 1))
	done
done
uptime
