#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/smoke.sh SRC DIR UPLOT_DIR: the CI's short fuzz (at most two
# minutes): build the libFuzzer harnesses with clang in DIR, run every
# regression input of tests/fuzz/regress/ through both, then fuzz each
# for 25 s from the seeds.  Exit 77 (skipped, with the reason) where clang
# or libFuzzer is missing: `sh scripts/install-deps.sh fuzz` installs them.
set -u
src=${1:?usage: smoke.sh SRC DIR UPLOT_DIR}
dir=${2:?DIR}
uplot=${3:?UPLOT_DIR}
mkdir -p "$dir"
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz smoke skipped: no clang (sh scripts/install-deps.sh fuzz)"
	exit 77
fi
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$dir/probe.c"
if ! clang -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >"$dir/probe.log" 2>&1; then
	echo "fuzz smoke skipped: clang cannot link libFuzzer with ASan+UBSan (sh scripts/install-deps.sh fuzz):"
	sed 's/^/  | /' "$dir/probe.log" | head -n 5
	exit 77
fi
CC=clang cmake -S "$src" -B "$dir/build" -DMMK_FUZZ=ON -DMMK_SANITIZE=address \
	-DMMK_UPLOT_DIR="$uplot" >"$dir/configure.log" 2>&1 ||
	{ cat "$dir/configure.log"; exit 1; }
cmake --build "$dir/build" -j 2 --target fuzz_parse fuzz_run >"$dir/build.log" 2>&1 ||
	{ tail -n 30 "$dir/build.log"; exit 1; }
status=0
regress=$(find "$src/tests/fuzz/regress" -type f | sort)
for h in fuzz_parse fuzz_run; do
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		"$dir/build/$h" -timeout=20 $regress >"$dir/$h-regress.log" 2>&1 ||
			{ echo "FAIL: $h on a regression input"; tail -n 30 "$dir/$h-regress.log"; status=1; }
	fi
	rm -rf "$dir/build/fuzz-corpus"
	sh "$src/tests/fuzz/run.sh" "$dir/build" "$h" 25 >"$dir/$h.log" 2>&1 ||
		{ echo "FAIL: $h found something (in $dir/build/fuzz-artifacts)"; tail -n 40 "$dir/$h.log"; status=1; }
	grep -E "^#[0-9]+ +DONE" "$dir/$h.log" | sed "s/^/$h: /"
done
exit $status
