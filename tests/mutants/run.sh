#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/mutants/run.sh DIR - the mutation harness (docs/mutants.md).
#
# Each mutant in tests/mutants/mutants (the format is at its top) removes
# or weakens one protocol step of the library.  This copies the tracked
# source tree to DIR/src, builds it once in DIR/build (the plain build),
# checks the suite passes there, then for each mutant: applies it (its old
# text must occur exactly once), rebuilds, runs the suite, and undoes it.
# A mutant is killed when a test fails; the tests that failed are listed.
# Prints one line per mutant, then `mutants: K killed of N`; exits 0 only
# if every mutant was killed (2 if the harness itself could not run).
#
# Environment:
#   MUTANTS=a,b      run only these mutants (by name)
#   MUTANT_TESTS=RE  run only the tests matching RE (ctest -R): a quick
#                    look, not the verdict of the whole suite
#   JOBS=N           build and test jobs (default: the CPUs)
# Outside CI: a run takes the suite's time once per mutant.
set -u
dir=${1:?usage: tests/mutants/run.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
list=$here/mutants
jobs=${JOBS:-$(nproc)}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
src=$dir/src
work=$dir/work
rm -rf "$work"
mkdir -p "$work"

die() {
	echo "mutants: $*" >&2
	exit 2
}

# The mutants, one directory each under $work/m/NAME: file, old, new, why.
split_list() {
	awk -v out="$work/m" '
		/^#/ && !in_block { next }
		/^@ / { name = $2; file = $3; why = ""; d = out "/" name
			system("mkdir -p \"" d "\""); print file > (d "/file"); close(d "/file")
			print name >> (out "/order"); state = "why"; next }
		state == "why" && /^<<<$/ { print why > (d "/why"); close(d "/why")
			state = "old"; in_block = 1; printf "" > (d "/old"); next }
		state == "why" { sub(/^[ \t]*/, ""); why = why (why ? " " : "") $0; next }
		state == "old" && /^===$/ { state = "new"; printf "" > (d "/new"); next }
		state == "old" { print > (d "/old"); next }
		state == "new" && /^>>>$/ { close(d "/old"); close(d "/new"); state = ""; in_block = 0; next }
		state == "new" { print > (d "/new"); next }
	' "$list"
}

# apply NAME: 0 applied; 1 the old text is not there exactly once
apply() {
	m=$work/m/$1
	f=$src/$(cat "$m/file")
	cp "$f" "$work/orig"
	OLD=$(cat "$m/old") NEW=$(cat "$m/new") perl -0777 -i -e '
		my $t = <>; my $n = () = $t =~ /\Q$ENV{OLD}\E/g;
		if ($n != 1) { print $t; exit 3 }
		$t =~ s/\Q$ENV{OLD}\E/$ENV{NEW}/; print $t;' "$f"
}

undo() {
	cp "$work/orig" "$src/$(cat "$work/m/$1/file")"
}

# run_suite LOG: 0 all passed; the failed tests' names in LOG.failed
run_suite() {
	( cd "$dir/build" && ctest -j "$jobs" --timeout 300 ${MUTANT_TESTS:+-R "$MUTANT_TESTS"} ) \
		>"$1" 2>&1
	rc=$?
	sed -n 's/^[ \t]*[0-9]* - \(.*\) (\(Failed\|Timeout\|SEGFAULT\|Subprocess aborted\|Child aborted\|Exception\)).*/\1/p' \
		"$1" >"$1.failed"
	return $rc
}

command -v perl >/dev/null 2>&1 || die "perl is needed (Debian: perl-base)"
echo "mutants: copying the tree to $src"
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && git ls-files -z | xargs -0 cp --parents -t "$src") || die "cannot copy the tree"
split_list
[ -s "$work/m/order" ] || die "no mutants in $list"
cmake -S "$src" -B "$dir/build" >"$work/configure.log" 2>&1 || die "configure failed: $work/configure.log"
cmake --build "$dir/build" -j "$jobs" >"$work/build.log" 2>&1 || die "the unmutated build fails: $work/build.log"
run_suite "$work/baseline.log" || die "the unmutated suite fails: $work/baseline.log"
echo "mutants: the unmutated suite passes"

n=0
killed=0
for name in $(cat "$work/m/order"); do
	if [ -n "${MUTANTS:-}" ]; then
		case ",$MUTANTS," in *",$name,"*) ;; *) continue ;; esac
	fi
	n=$((n + 1))
	why=$(cat "$work/m/$name/why")
	if ! apply "$name"; then
		undo "$name"
		echo "BROKEN   $name: its old text is not in $(cat "$work/m/$name/file") exactly once"
		continue
	fi
	if ! cmake --build "$dir/build" -j "$jobs" >"$work/$name.build.log" 2>&1; then
		undo "$name"
		echo "BROKEN   $name: does not build ($work/$name.build.log)"
		continue
	fi
	if run_suite "$work/$name.log"; then
		echo "SURVIVED $name ($why)"
	else
		killed=$((killed + 1))
		echo "KILLED   $name by $(tr '\n' ' ' <"$work/$name.log.failed")"
	fi
	undo "$name"
done
cmake --build "$dir/build" -j "$jobs" >/dev/null 2>&1
echo "mutants: $killed killed of $n"
[ "$killed" -eq "$n" ]
