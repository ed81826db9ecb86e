#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/loops.sh [MMKIT] - the speed issue's dense and sparse loops, mmkit
# against the host kernel, in one run (docs/performance.md):
#   dense   one byte written per 4 KiB page of 64 MiB, then MADV_DONTNEED
#   sparse  one byte written per 2 MiB of 50 GiB, then MADV_DONTNEED
# mmkit's time per round is (T(N2 rounds) - T(N1 rounds)) / (N2 - N1) of
# `mmkit run` of a script (so start-up and the mmap do not count); the
# host's comes from bench/loops-host.c, which times its rounds itself.
# Each figure is the median of REPS runs (default 5), mmkit and host runs
# alternating.  Prints one line per loop: ms per round, both, and the
# ratio mmkit / host (the issue's target is 0.05 or less).
# Environment: REPS, N1 (default 2), N2 (default 42 dense, 12 sparse: a
# dense round takes milliseconds, and start-up varies by as much),
# POLICY (linux).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mmkit=${1:-$here/../build-bench/mmkit}
reps=${REPS:-5}
n1=${N1:-2}
policy=${POLICY:-linux}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$mmkit" ] || { echo "loops.sh: no mmkit at $mmkit (make build-bench/mmkit)" >&2; exit 2; }
cc -O2 -o "$tmp/loops-host" "$here/loops-host.c"

# script LOOP ROUNDS: the loop as an mmkit script (one warm-up round too,
# as the host program runs one before its clock starts).
script() {
	case $1 in
	dense) len=64M stride= ram=256M ;;
	sparse) len=50G stride=" stride=2M" ram=1G ;;
	esac
	{
		echo "policy $policy"
		echo "ram $ram"
		echo "mm A"
		echo "mmap A 0x4000000000 $len rw"
		i=0
		while [ "$i" -le "$2" ]; do
			echo "touch A 0x4000000000 $len w$stride"
			echo "madvise A 0x4000000000 $len dontneed"
			i=$((i + 1))
		done
	} >"$tmp/$1-$2.mmk"
}

ns_of_run() {
	t0=$(date +%s%N)
	"$mmkit" run "$1" >/dev/null
	t1=$(date +%s%N)
	echo $((t1 - t0))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

for loop in dense sparse; do
	case $loop in dense) n2=${N2:-42} ;; sparse) n2=${N2:-12} ;; esac
	script "$loop" "$n1"
	script "$loop" "$n2"
	: >"$tmp/sim" && : >"$tmp/host"
	r=0
	while [ "$r" -lt "$reps" ]; do
		a=$(ns_of_run "$tmp/$loop-$n1.mmk")
		b=$(ns_of_run "$tmp/$loop-$n2.mmk")
		echo $(((b - a) / (n2 - n1))) >>"$tmp/sim"
		echo $(($("$tmp/loops-host" "$loop" "$n2") / n2)) >>"$tmp/host"
		r=$((r + 1))
	done
	sim=$(median <"$tmp/sim")
	host=$(median <"$tmp/host")
	awk -v l="$loop" -v s="$sim" -v h="$host" -v p="$policy" 'BEGIN {
		printf "%-6s  mmkit (%s) %8.3f ms/round  host %8.3f ms/round  mmkit/host %.3f\n",
		       l, p, s / 1e6, h / 1e6, s / h }'
done
