# SPDX-License-Identifier: MIT
# tests/lib.sh - what the shell tests share (sourced, not run): a scratch
# folder $tmp removed at exit, a count of failures, and the checks.
#   bad MSG...                  count a failure, say why on stderr
#   run_status WANT LINES CMD...  run CMD (stdin empty) into $tmp/out and
#                               $tmp/err; a status other than WANT is a
#                               failure showing LINES lines of stderr
#   has FILE TEXT WHAT          FILE contains the fixed string TEXT
#   has_re FILE PATTERN WHAT    FILE has a line matching PATTERN (grep)
#   finish                      exit 1 if anything failed, else 0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mmkit-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

bad() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

run_status() {
	want=$1
	lines=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$*: exit $got, expected $want"
		sed 's/^/  | /' "$tmp/err" | head -n "$lines" >&2
		return 1
	fi
	return 0
}

has() {
	grep -qF -- "$2" "$1" || bad "$3: no \`$2\` in $(basename "$1")"
}

has_re() {
	grep -q -- "$2" "$1" || bad "$3: no \`$2\` in $(basename "$1")"
}

finish() {
	[ "$failures" -eq 0 ] || exit 1
	exit 0
}
