#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/report/browser.sh MMKIT OUTDIR: pages of `mmkit report` opened in a
# real browser, headless Chromium (Debian's `chromium`, which
# scripts/install-deps.sh installs), with every network lookup refused.
#
# Inputs: run --json of tests/report/rec.mmk with the checkpoints fixture,
# compare --json of examples/churn.mmk, bench --quick --json, explore
# --json of a race script with its bug switched on (a violation, so a
# trace), stress --json.  Two pages: every input, and the compare alone.
# Each page checks itself once drawn (report/report.js) and writes
# "selfcheck: ok charts=N/N tables=M/M errors=0" into the DOM Chromium
# dumps: every chart a canvas with a series drawn on it, every lane table
# rows, and no error of any kind (script errors, console.error or .warn, a
# load the page's policy blocked).  The test fails unless N is the number
# of charts on the page, and on any "Uncaught" in Chromium's own log.
# Screenshots stay in OUTDIR (report-all.png, report-compare.png) with the
# pages, as the test's artefacts.
#
# Exit 77 (skipped, with the reason) where Chromium cannot run here: not
# installed, or unable to load a trivial page.
set -u
mmkit=${1:?usage: browser.sh MMKIT OUTDIR}
out=${2:?OUTDIR}
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
. "$dir/../lib.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "SKIP: no chromium (scripts/install-deps.sh installs Debian's)"
	exit 77
fi

# As root Chromium needs --no-sandbox; the rest keeps it off the network
# (background services, and any host lookup at all).
browse() {	# browse PROFILE ARGS...
	profile=$1
	shift
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --host-resolver-rules="MAP * ~NOTFOUND" \
		--enable-logging=stderr --v=0 --user-data-dir="$tmp/$profile" \
		--virtual-time-budget=10000 "$@"
}

# Can Chromium run here at all?  A page that writes a word with a script.
printf '<!DOCTYPE html><html><body><p id="w">no</p><script>document.getElementById("w").textContent = "yes-" + (1 + 1);</script></body></html>\n' >"$tmp/probe.html"
browse probe --dump-dom "file://$tmp/probe.html" >"$tmp/probe.dom" 2>"$tmp/probe.err"
if ! grep -q 'yes-2' "$tmp/probe.dom"; then
	echo "SKIP: chromium cannot load a page here:"
	grep -v 'dbus' "$tmp/probe.err" | tail -n 5
	exit 77
fi

mkdir -p "$out" || exit 1
in=$tmp/in
mkdir -p "$in"
"$mmkit" run --json "$dir/rec.mmk" >/dev/null 2>&1 || bad "run of rec.mmk failed"
cp "$dir/checkpoints.json" "$in/run.json"
"$mmkit" compare --json "$root/examples/churn.mmk" >"$in/compare.json" 2>/dev/null ||
	bad "compare --json examples/churn.mmk failed"
"$mmkit" bench --quick --json >"$in/bench.json" 2>"$tmp/bench.err" ||
	bad "bench --quick --json failed: $(tail -n 3 "$tmp/bench.err")"
"$mmkit" explore --json --preemptions 1 --bug gup_fast_no_rcu \
	"$root/tests/races/gup_fast_no_rcu.mmk" >"$in/explore.json" 2>/dev/null
[ $? -eq 1 ] || bad "explore --bug gup_fast_no_rcu found no violation"
"$mmkit" stress --json --policy all --ops 2000 --seed 1 >"$in/stress.json" 2>/dev/null ||
	bad "stress --json failed"
[ "$failures" -eq 0 ] || exit 1

check_page() {	# check_page NAME INPUT...
	name=$1
	shift
	page=$out/report-$name.html
	"$mmkit" report -o "$page" "$@" 2>"$tmp/report.err" ||
		{ bad "$name: mmkit report failed: $(cat "$tmp/report.err")"; return; }
	want=$(grep -o '<div class="chart" id="chart-[0-9]*"' "$page" | wc -l)
	lanes=$(grep -o '<table class="lanes">' "$page" | wc -l)
	browse "$name" --dump-dom "file://$page" >"$tmp/$name.dom" 2>"$tmp/$name.err"
	verdict=$(grep -o 'selfcheck: [^<]*' "$tmp/$name.dom" | head -n 1)
	case $verdict in
	"selfcheck: ok charts=$want/$want tables=$lanes/$lanes errors=0")
		echo "  $name: $verdict" ;;
	"")
		bad "$name: the page never checked itself (report.js did not run)"
		grep -v dbus "$tmp/$name.err" | tail -n 5 >&2 ;;
	*)
		bad "$name: $verdict (expected $want charts, $lanes lane tables)"
		grep -A 20 'selfcheck: ' "$tmp/$name.dom" | head -n 20 >&2 ;;
	esac
	if grep -q 'Uncaught' "$tmp/$name.err"; then
		bad "$name: an uncaught error in Chromium's log"
		grep 'Uncaught' "$tmp/$name.err" | head -n 3 >&2
	fi
	browse "$name-shot" --hide-scrollbars --window-size=1400,2400 \
		--screenshot="$out/report-$name.png" "file://$page" >/dev/null 2>&1
	[ -s "$out/report-$name.png" ] || bad "$name: no screenshot"
}

check_page all "$in/run.json" "$in/compare.json" "$in/bench.json" "$in/explore.json" \
	"$in/stress.json"
check_page compare "$in/compare.json"
# a recording given as the script itself: compare and its checkpoints
check_page recording "$root/examples/record-fork.mmk"
[ "$failures" -eq 0 ] && echo "screenshots: $out/report-all.png $out/report-compare.png" \
	"$out/report-recording.png"
finish
