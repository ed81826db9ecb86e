#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/workloads/node.sh: nodejs garbage collection (docs/workloads.md):
# objects and buffers allocated in growing then shrinking generations, so
# V8's young and old spaces grow, are collected and shrink (V8 unmaps and
# discards pages itself).
. "$(dirname "$0")/lib.sh"
sh "$top/scripts/install-deps.sh" workloads
cat >"$out/gc.js" <<'JS'
let keep = [];
for (let rnd = 0; rnd < 12; rnd++) {
  const n = 20000 * (rnd < 6 ? rnd + 1 : 12 - rnd);
  const gen = [];
  for (let i = 0; i < n; i++) gen.push({ k: i, v: "x".repeat(i % 200), a: new Array(i % 50).fill(i) });
  keep.push(gen);
  if (keep.length > 3) keep.shift();
  Buffer.alloc(8 << 20);
}
keep = [];
JS
measure node node --expose-gc "$out/gc.js"
