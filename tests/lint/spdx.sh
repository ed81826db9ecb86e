#!/bin/sh
# SPDX-License-Identifier: MIT
# spdx.sh SRCDIR: every file of code or build logic says its licence in an
# `SPDX-License-Identifier:` line among its first five lines, so a file
# copied out of the tree still says under what terms (LICENSE has the
# text).  Code and build logic: C, shell, CMake, make, JavaScript, CSS,
# templates (*.in), manual page sources (*.scd), the sanitizer and fuzzer
# inputs, and any file that starts with `#!`.  Scenario scripts (*.mmk),
# documents and data are left out: a line on top of a .mmk would move the
# FILE:LINE:COL its expectations name, and LICENSE covers them.
cd "$1" || exit 2
missing=$(find . \( -name .git -o -name 'build*' \) -prune -o -type f -print |
	sed 's|^\./||' | sort | while read -r f; do
		case $f in
		*.c | *.h | *.sh | *.cmake | *.js | *.css | *.in | *.scd | *.supp | *.dict | \
		CMakeLists.txt | */CMakeLists.txt | Makefile | .gitignore) ;;
		*.mmk) continue ;;	# their `#!` lines are expectations
		*) head -c 2 "$f" | grep -q '^#!' || continue ;;
		esac
		head -n 5 "$f" | grep -q 'SPDX-License-Identifier: ' || echo "$f"
	done)
if [ -n "$missing" ]; then
	echo "FAIL: no SPDX-License-Identifier line in the first five lines of:"
	echo "$missing" | sed 's/^/  /'
	exit 1
fi
echo "ok: every code and build file has an SPDX line"
