#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/workloads/python.sh: a Python program with allocator churn
# (docs/workloads.md): lists of dicts and strings built and dropped in
# rounds, growing then shrinking, so pymalloc's arenas and glibc's heap
# and mmap'd blocks come and go.  Records it, replays it, compares.
. "$(dirname "$0")/lib.sh"
sh "$top/scripts/install-deps.sh" workloads
cat >"$out/churn.py" <<'PY'
import gc
keep = []
for rnd in range(12):
    n = 20000 * (rnd + 1 if rnd < 6 else 12 - rnd)
    batch = [{"k": i, "v": "x" * (i % 200), "l": list(range(i % 50))} for i in range(n)]
    keep.append(batch)
    if len(keep) > 3:
        keep.pop(0)
    big = bytearray(8 << 20)          # an mmap'd block, freed at once
    del big
    gc.collect()
keep.clear()
gc.collect()
PY
measure python python3 "$out/churn.py"
