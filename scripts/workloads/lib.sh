# SPDX-License-Identifier: MIT
# scripts/workloads/lib.sh - what every workload script shares (sourced):
#   measure NAME CMD...  runs CMD unrecorded (wall time), then under
#                        `mmkit record`, then replays the recording with
#                        `mmkit run --json` (policy linux) and
#                        `mmkit compare`; prints one summary block and
#                        leaves everything in $out/NAME.*
# Needs root and GNU time.  $MMKIT defaults to the Release build
# (build-bench/mmkit, made here if missing): the replay is timed, and the
# other builds check lock ranks and misuse at every call.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
MMKIT=${MMKIT:-$top/build-bench/mmkit}
[ -x "$MMKIT" ] || make -C "$top" build-bench/mmkit >/dev/null
out=${OUT:-$top/build/workloads}
mkdir -p "$out"

now() { date +%s.%N; }

measure() {
	name=$1
	shift
	t0=$(now); "$@" >"$out/$name.plain.log" 2>&1; t1=$(now)
	plain=$(echo "$t1 - $t0" | bc -l)
	t0=$(now)
	"$MMKIT" record -o "$out/$name.mmk" -- "$@" >"$out/$name.rec.log" 2>&1 || true
	t1=$(now)
	rec=$(echo "$t1 - $t0" | bc -l)
	t0=$(now)
	/usr/bin/time -f "%M" -o "$out/$name.rss" "$MMKIT" run --json \
		"$out/$name.mmk" >"$out/$name.json" 2>"$out/$name.run.log" || true
	t1=$(now)
	replay=$(echo "$t1 - $t0" | bc -l)
	"$MMKIT" compare "$out/$name.mmk" >"$out/$name.compare" 2>&1 || true
	echo "== $name"
	echo "unrecorded ${plain}s, recorded ${rec}s (x$(echo "$rec / $plain" | bc -l | cut -c1-5)), replay ${replay}s (x$(echo "$plain / $replay" | bc -l | cut -c1-5) faster than unrecorded), replay peak RSS $(cat "$out/$name.rss") kB"
	echo "recording: $(wc -c <"$out/$name.mmk") bytes, $(wc -l <"$out/$name.mmk") lines"
	grep "mmkit record:" "$out/$name.rec.log" || true
	grep -o '"checkpoints": {"count": [0-9]*, "pgtable_max_rel": [^,]*, "rss_max_rel": [^,]*, "final_pgtable_rel": [^,]*, "final_rss_rel": [^,]*' "$out/$name.json" | head -n 1 || tail -n 3 "$out/$name.run.log"
	sed -n '/^pgtable kB/p;/^policy/p;/peak/p' "$out/$name.compare"
}
