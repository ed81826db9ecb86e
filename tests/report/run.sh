#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/report/run.sh MMKIT CASE: `mmkit report` and the --json it reads,
# from the outside, without a browser (tests/report/browser.sh has one).
#   usage    --help; usage errors and unreadable or foreign inputs exit 2
#            with the file, line and column jansson gives for bad JSON
#   series   run/compare --json's time series: a point per statement, the
#            end point, blocks' points named by thread, thinning of a long
#            script (every doubles, at most 2000 points, evenly spread)
#   page     a page of every kind of input: one section each, every chart
#            with its table, the checkpoints fixture's numbers in its
#            tables, and nothing a browser would fetch
#   script   a script or recording as INPUT: run under every policy in
#            the process (compare --json), a recording's checkpoints drawn
#            beside the linux run; a malformed script is FILE:LINE:COL,
#            exit 2 and no page
set -u
mmkit=${1:?usage: run.sh MMKIT usage|series|page}
what=${2:?CASE}
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
. "$dir/../lib.sh"

expect() {	# expect STATUS ARGS...: `mmkit report ARGS`
	want=$1
	shift
	run_status "$want" 20 "$mmkit" report "$@"
}

usage() {
	expect 0 --help && has "$tmp/out" "usage: mmkit report [-o FILE.html] INPUT..." "--help"
	expect 2 -o "$tmp/x.html" && has "$tmp/err" "no INPUT given" "no input"
	expect 2 --frobnicate x.json && has "$tmp/err" "unknown option" "bad option"
	expect 2 x.json -o && has "$tmp/err" "-o (--output) needs a file name" "-o without a file"
	expect 2 -o "$tmp/x.html" - - && has "$tmp/err" "standard input given twice" "stdin twice"
	expect 2 -o "$tmp/x.html" "$tmp/none.json" && has "$tmp/err" "none.json" "missing file"
	printf '{"status": "ok",\n  "files": [1, 2,, 3]}\n' >"$tmp/bad.json"
	expect 2 -o "$tmp/x.html" "$tmp/bad.json" && has "$tmp/err" "$tmp/bad.json:2:" "bad JSON: FILE:LINE:"
	grep -q "bad.json:2:[0-9][0-9]*: " "$tmp/err" || bad "bad JSON: no column in \`$(cat "$tmp/err")\`"
	printf '{"hello": "world"}\n' >"$tmp/other.json"
	expect 2 -o "$tmp/x.html" "$tmp/other.json" && has "$tmp/err" "not the --json output of mmkit" "foreign JSON"
	# nothing is written when an input is bad, even after good ones
	cp "$dir/checkpoints.json" "$tmp/good.json"
	expect 2 -o "$tmp/x.html" "$tmp/good.json" "$tmp/bad.json"
	[ ! -e "$tmp/x.html" ] || bad "a page was written although an input was bad"
	expect 0 -o "$tmp/x.html" "$tmp/good.json" && [ -s "$tmp/x.html" ] || bad "no page written"
	expect 0 "$tmp/good.json" && has "$tmp/out" "<!DOCTYPE html>" "the page on stdout"
	"$mmkit" report --output="$tmp/y.html" - <"$tmp/good.json" 2>"$tmp/err" &&
		[ -s "$tmp/y.html" ] || bad "--output=FILE with the input on stdin"
}

# js EXPR FILE WHAT: the JSON in FILE, as `d`, makes the JavaScript EXPR true.
js() {
	node -e "const d = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
		 if (!($1)) { console.error('false: ' + process.argv[2]); process.exit(1); }" \
		"$2" "$3" || bad "$3"
}

series() {
	# thread blocks: their points name the thread; the last point is the end
	cat >"$tmp/threads.mmk" <<-'EOF'
	cpus 2
	mm A
	mmap A 0x40000000 4M rw
	thread T0 cpu=0
	  touch A 0x40000000 2M w
	  madvise A 0x40000000 2M dontneed
	thread T1 cpu=1
	  touch A 0x40200000 1M w
	run
	EOF
	run_status 0 20 "$mmkit" run --json "$tmp/threads.mmk" || return
	js 'd.series.every === 1 && d.files[0].series.points.length === d.series.points.length' "$tmp/out" "series at the top and in the file's entry"
	js 'd.series.points.filter(p => p.thread === "T0").length === 2 && d.series.points.filter(p => p.thread === "T1").length === 1' "$tmp/out" "block points named by thread"
	js 'd.series.points.every((p, k, a) => k === 0 || p.n > a[k - 1].n)' "$tmp/out" "n increases"
	js 'd.series.points[d.series.points.length - 1].end === true && d.series.points[d.series.points.length - 1].mms.A.rss === d.mms.A.rss' "$tmp/out" "the end point is the end figures"
	# compare: one series per policy
	run_status 0 20 "$mmkit" compare --json "$tmp/threads.mmk" || return
	js 'Object.values(d.policies).every(p => p.series && p.series.points.length >= 4)' "$tmp/out" "compare: a series per policy"
	js 'd.policies.linux.series.points.some(p => p.mms.A.pte > 0)' "$tmp/out" "compare: tables in the series"
	# 4500 statements: thinned twice, to every 4th
	{
		echo "mm A"
		echo "mmap A 0x40000000 1G rw"
		i=0
		while [ $i -lt 4498 ]; do
			echo "touch A $((0x40000000 + i * 8192)) 4K w"
			i=$((i + 1))
		done
	} >"$tmp/long.mmk"
	run_status 0 20 "$mmkit" run --json "$tmp/long.mmk" || return
	js 'd.series.every === 4 && d.series.max_points === 2000' "$tmp/out" "long: every 4"
	js 'd.series.points.length <= 2001 && d.series.points.length >= 1000' "$tmp/out" "long: at most 2000 points and the end"
	js 'd.series.points.slice(0, -1).every((p, k) => p.n === 4 * (k + 1))' "$tmp/out" "long: evenly spread"
	js 'd.series.points[d.series.points.length - 1].n === 4500 && d.series.points[d.series.points.length - 1].mms.A.rss === 4498 * 4096' "$tmp/out" "long: the end point"
	# without --json nothing changes
	run_status 0 20 "$mmkit" compare "$tmp/threads.mmk" || return
	has "$tmp/out" "pgtable kB, end" "compare's table"
}

page() {
	in=$tmp/in
	mkdir -p "$in"
	cp "$dir/checkpoints.json" "$in/run.json"
	"$mmkit" compare --json "$root/examples/cow-fork.mmk" >"$in/compare.json" 2>/dev/null
	"$mmkit" explore --json --bug gup_fast_no_rcu "$root/tests/races/gup_fast_no_rcu.mmk" \
		>"$in/explore.json" 2>/dev/null
	"$mmkit" stress --json --ops 400 --seed 1 >"$in/stress.json" 2>/dev/null
	"$mmkit" bench --quick --json --only gup.fast,threads,pgtable,churn,raw \
		>"$in/bench.json" 2>/dev/null
	for k in run compare explore stress bench; do
		expect 0 -o "$tmp/$k.html" "$in/$k.json" || continue
		has "$tmp/err" "report: wrote $tmp/$k.html (1 sections" "$k"
	done
	expect 0 -o "$tmp/all.html" "$in/run.json" "$in/compare.json" "$in/bench.json" \
		"$in/explore.json" "$in/stress.json" || return
	has "$tmp/err" "(5 sections" "all inputs"
	p=$tmp/all.html
	charts=$(grep -o '<div class="chart" id="chart-[0-9]*"' "$p" | wc -l)
	blocks=$(grep -o '<div class="block"><div class="chart"' "$p" | wc -l)
	[ "$charts" -ge 15 ] || bad "only $charts charts on the page of every input"
	# every chart has its table beside it, but the timeline (swimlanes below)
	[ "$blocks" -eq $((charts - 1)) ] || bad "$charts charts, $blocks with a table"
	grep -q '<table class="lanes">' "$p" || bad "no swimlanes"
	grep -q 'mmkit explore --replay x1\.linux\.' "$p" || bad "no replay command"
	# the checkpoints fixture: its figures and differences are in tables
	has "$p" "Kernel checkpoints" "checkpoints"
	has "$p" "pgtable of address space A: mmkit and the kernel" "checkpoint chart"
	has "$p" '<td class="t">line 5, checkpoint</td><td>16384</td><td>12288</td><td>16384</td><td>33.3333</td>' "a checkpoint's row (mmkit, kernel, difference)"
	has "$p" '<td class="t">pgtable_max_rel</td><td class="t">0.5 (50.00%)</td>' "the spec'd figures"
	# offline: no URL outside uPlot's licence line; nothing is loaded
	grep -n 'http' "$p" | grep -v 'http-equiv="Content-Security-Policy" content="default-src' |
		grep -v '^[0-9]*:/\*! https://github.com/leeoniya/uPlot (v[0-9.]*) \*/$' >"$tmp/urls"
	[ -s "$tmp/urls" ] && bad "a URL on the page: $(head -n 3 "$tmp/urls" | cut -c1-200)"
	grep -Eiq '<(link|img|iframe)[ >]|<script[^>]* src=' "$p" && bad "the page loads something"
	has "$p" "default-src 'none'" "the page's policy forbids loads"
}

script() {
	rec=$root/examples/record-fork.mmk
	expect 0 -o "$tmp/rec.html" "$rec" || return
	has "$tmp/err" "is a script: running it under every policy" "script input said"
	has "$tmp/err" "report: wrote $tmp/rec.html (1 sections" "one section"
	has "$tmp/rec.html" "compare $rec" "a compare section"
	has "$tmp/rec.html" "Page-table memory per policy" "policies chart"
	has "$tmp/rec.html" "Kernel checkpoints" "the recording's checkpoints"
	has "$tmp/rec.html" "mmkit and the kernel's checkpoints" "a checkpoint chart"
	# the same figures compare --json gives: its linux run carries them
	run_status 0 60 "$mmkit" compare --json "$rec" || return
	js 'd.policies.linux.checkpoints.count >= 3 && d.policies.linux.checkpoints.points.length === d.policies.linux.checkpoints.count' "$tmp/out" "compare --json: checkpoints"
	n=$(node -e "const d = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
		console.log(d.policies.linux.checkpoints.count)" "$tmp/out")
	has "$tmp/rec.html" "<td class=\"t\">count</td><td class=\"t\">$n</td>" "checkpoint count in the table"
	# a script on standard input, beside a JSON input
	cp "$dir/checkpoints.json" "$tmp/good.json"
	"$mmkit" report -o "$tmp/two.html" "$tmp/good.json" - <"$root/examples/cow-fork.mmk" \
		2>"$tmp/err" || bad "a script on stdin: exit $?"
	has "$tmp/err" "(2 sections" "script on stdin"
	has "$tmp/two.html" "compare &lt;stdin&gt;" "stdin section named"
	# malformed: the parser's FILE:LINE:COL, exit 2, no page
	printf 'mm A\nmmap A 0x10000000 4K rw\nfrobnicate A\n' >"$tmp/bad.mmk"
	expect 2 -o "$tmp/bad.html" "$tmp/good.json" "$tmp/bad.mmk" || return
	has "$tmp/err" "$tmp/bad.mmk:3:1: unknown statement" "malformed script: FILE:LINE:COL"
	[ ! -e "$tmp/bad.html" ] || bad "a page was written although the script is malformed"
}

case $what in
usage) usage ;;
script) script ;;
series) series ;;
page) page ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
finish
