#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh BUILD HARNESS SECONDS [LIBFUZZER-OPTION...]: fuzz one
# harness (fuzz_parse or fuzz_run, built in BUILD by MMK_FUZZ=ON) for
# SECONDS, at the lowest CPU priority, one process: the machines this runs
# on are shared.  Seeds are every script of examples/ and tests/ plus the
# regression inputs of tests/fuzz/regress/; what the fuzzer adds stays in
# BUILD/fuzz-corpus/HARNESS for the next run, crashes in
# BUILD/fuzz-artifacts/.  Copy a crash into tests/fuzz/regress/ once it
# is fixed (docs/hardening.md).
set -u
build=${1:?usage: run.sh BUILD HARNESS SECONDS [OPTION...]}
harness=${2:?HARNESS}
seconds=${3:?SECONDS}
shift 3
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$build/$harness
[ -x "$bin" ] || { echo "run.sh: no $bin (configure with -DMMK_FUZZ=ON)" >&2; exit 2; }

seeds=$build/fuzz-seeds
corpus=$build/fuzz-corpus/$harness
artifacts=$build/fuzz-artifacts/
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
for f in "$src"/examples/*.mmk "$src"/tests/*/*.mmk "$src"/tests/fuzz/regress/*; do
	[ -f "$f" ] || continue
	# flat names: the same base name lives in several folders
	rel=${f#"$src"/}
	cp "$f" "$seeds/$(printf '%s' "$rel" | tr / _)"
done

# -timeout: one input that runs longer is a finding (a hang); fuzz_run.c
# keeps each input's machine small, so 20 s is far beyond any honest one.
exec nice -n 19 "$bin" -dict="$src/tests/fuzz/mmk.dict" \
	-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
	-max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts" \
	"$@" "$corpus" "$seeds"
