#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/uplot-speed.sh: how long uPlot takes to draw 100,000 points of
# three series (1200x300), in headless Chromium: the figure docs/report.md
# quotes for choosing it.  Seven draws, each timed from new uPlot() to the
# end of its first draw; prints the median, min and max.
set -e
dir=${MMK_UPLOT_DIR:-${MMK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmkit}/uplot-1.6.32}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mmkit-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
{
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
	cat "$dir/uPlot.min.css"
	printf '</style></head><body><pre id="out">none</pre><script>'
	cat "$dir/uPlot.iife.min.js"
	cat <<'EOF2'
</script><script>
var N = 100000, x = new Array(N), a = new Array(N), b = new Array(N), c = new Array(N);
for (var i = 0; i < N; i++) { x[i] = i; a[i] = 4096 * ((i * 7919) % 500); b[i] = a[i] + 4096 * (i % 50); c[i] = b[i] + 8192; }
var runs = [], drawn = 0;
async function once() {
  var el = document.createElement('div'); document.body.appendChild(el);
  var t0 = performance.now();
  var u = new uPlot({width: 1200, height: 300, scales: {x: {time: false}}, hooks: {draw: [function () { drawn++; }]},
    series: [{}, {stroke: 'red'}, {stroke: 'blue'}, {stroke: 'green'}]}, [x, a, b, c], el);
  await new Promise(function (r) { queueMicrotask(r); });
  var t1 = performance.now();
  runs.push(t1 - t0);
  u.destroy(); el.remove();
}
(async function () {
  for (var r = 0; r < 7; r++) await once();
  runs.sort(function (p, q) { return p - q; });
  document.getElementById('out').textContent = 'uPlot RESULT 100000 points x 3 series: median ' + runs[3].toFixed(1) + ' ms, min ' + runs[0].toFixed(1) + ' ms, max ' + runs[6].toFixed(1) + ' ms over 7 runs, drawn ' + drawn;
})();
</script></body></html>
EOF2
} >"$tmp/speed.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--user-data-dir="$tmp/profile" --dump-dom "file://$tmp/speed.html" 2>/dev/null |
	grep -o 'uPlot RESULT[^<]*' | head -n 1 | sed 's/uPlot RESULT/uPlot:/'
