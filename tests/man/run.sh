#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/man/run.sh MMKIT SRCDIR BUILDDIR VERSION: the manual pages say what
# the command says.
#  - the build wrote both pages (BUILDDIR/man.1.gz from SRCDIR/man.1.scd,
#    and mmkit-script.5), gzipped roff whose title line names VERSION,
#    CMake's project(VERSION);
#  - mmkit(1) has a section `## mmkit CMD` for exactly the commands
#    `mmkit --help` lists;
#  - for the command itself and for each CMD, the long options the man page
#    documents (its term lines `*--opt* ...`, in # OPTIONS or in the CMD's
#    section) are exactly those `mmkit [CMD] --help` shows (in its usage
#    lines and its option list).  --help itself is left out of both: every
#    command takes it, and the page says so once.
# Skipped (exit 77) without scdoc: then the build writes no pages.
set -u
mmkit=${1:?usage: run.sh MMKIT SRCDIR BUILDDIR VERSION}
src=${2:?SRCDIR}
build=${3:?BUILDDIR}
version=${4:?VERSION}
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/lib.sh"
if ! command -v scdoc >/dev/null 2>&1; then
	echo "skipped: no scdoc, so the build wrote no manual pages (scripts/install-deps.sh installs it)"
	exit 77
fi

for page in mmkit.1 mmkit-script.5; do
	gz=$build/$page.gz
	if ! gzip -dc "$gz" >"$tmp/$page" 2>"$tmp/err"; then
		bad "$page: the build wrote no $gz: $(cat "$tmp/err")"
		continue
	fi
	grep -q "^\.TH .*\"mmkit $version\"" "$tmp/$page" ||
		bad "$page: the title line does not name mmkit $version: $(grep '^\.TH' "$tmp/$page")"
done
scd=$src/mmkit.1.scd

# help_options [CMD]: the long options `mmkit [CMD] --help` shows, one a
# line, sorted: every one in the usage lines (up to the first blank line),
# and the one or two that open each line of the option list.
help_options() {
	"$mmkit" "$@" --help >"$tmp/help" 2>&1 || { bad "mmkit $* --help failed"; return; }
	{
		awk 'NF == 0 { exit } { print }' "$tmp/help" | grep -o -- '--[a-z][a-z-]*'
		sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' "$tmp/help"
	} | grep -vx -- --help | sort -u
}

# man_options SECTION: the long options of the term lines (a line opening
# with `*-`, its description indented under it) of the page's SECTION
# heading, up to the next heading.
man_options() {
	awk -v want="$1" '
		/^#/ { on = ($0 == want); prev = ""; next }
		on && /^\t/ && prev ~ /^\*-/ { print prev }
		{ prev = $0 }' "$scd" | grep -o -- '--[a-z][a-z-]*' | grep -vx -- --help | sort -u
}

# same_options WHAT SECTION [CMD]: the page's and the help's lists agree.
same_options() {
	what=$1 section=$2
	shift 2
	help_options "$@" >"$tmp/from-help"
	man_options "$section" >"$tmp/from-man"
	if ! cmp -s "$tmp/from-help" "$tmp/from-man"; then
		bad "$what: the options of --help (<) and of mmkit(1) (>) differ:"
		diff "$tmp/from-help" "$tmp/from-man" | grep '^[<>]' | sed 's/^/    /' >&2
	fi
}

# The commands `mmkit --help` lists (under "commands:" and "extras:").
"$mmkit" --help | awk '/^(commands|extras):/ { on = 1; next }
	NF == 0 { on = 0 } on && /^  [a-z]/ { print $1 }' | sort -u >"$tmp/commands"
[ -s "$tmp/commands" ] || bad "mmkit --help lists no commands"
sed -n 's/^## mmkit \([a-z-]*\)$/\1/p' "$scd" | sort -u >"$tmp/sections"
if ! cmp -s "$tmp/commands" "$tmp/sections"; then
	bad "the commands of mmkit --help (<) and the sections of mmkit(1) (>) differ:"
	diff "$tmp/commands" "$tmp/sections" | grep '^[<>]' | sed 's/^/    /' >&2
fi
grep -q '^Every command also takes \*-h\*, \*--help\*' "$scd" ||
	bad "mmkit(1) does not say that every command takes --help"

same_options "mmkit" "# OPTIONS"
while read -r cmd; do
	[ "$cmd" = help ] && continue	# `mmkit help --help` is the main help
	same_options "mmkit $cmd" "## mmkit $cmd" "$cmd"
done <"$tmp/commands"
[ "$failures" -eq 0 ] || exit 1
echo "man: the pages build and document the options --help shows, for $(wc -l <"$tmp/commands") commands"
