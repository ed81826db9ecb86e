#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/install/run.sh CASE ...: mmkit as its users get it, built and
# installed, then used from outside the tree the way README says.
#   prefix BUILD SRC LIBDIR VERSION
#             `cmake --install BUILD --prefix DIR` into a scratch DIR; the
#             mmkit.pc there must point into DIR (its prefix is relative
#             to the file, not the configured one), before and after DIR
#             is moved; README's C example (SRC/README.md) builds with
#             `pkg-config --cflags --libs mmkit` against the shared
#             library and, with --static, against the static one, and
#             prints VERSION and what it stored; the manual pages and the
#             examples are there too.
set -u
what=${1:?usage: run.sh CASE ...}
shift
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/lib.sh"
cc=${CC:-cc}

# readme_example SRC OUT: the C block under README's "Using the library".
readme_example() {
	awk '/^## Using the library/ { on = 1 }
	     on && /^```c$/ { code = 1; next }
	     code && /^```$/ { exit }
	     code { print }' "$1/README.md" >"$2"
	grep -q 'int main' "$2" || { bad "README.md: no complete C example under \"Using the library\""; return 1; }
}

# in_dir PATH DIR: PATH, resolved, lies in DIR (resolved).
in_dir() {
	p=$(realpath -m "$1") && d=$(realpath -m "$2") || return 1
	case $p/ in "$d"/*) return 0 ;; esac
	return 1
}

# pc_points_into ROOT LIBDIR: pkg-config's mmkit names ROOT's include and
# library folders, and those hold the headers and the libraries.
pc_points_into() {
	root=$1 libdir=$2
	inc=$(pkg-config --variable=includedir mmkit) || { bad "pkg-config finds no mmkit"; return 1; }
	lib=$(pkg-config --variable=libdir mmkit)
	[ "$(realpath -m "$inc")" = "$(realpath -m "$root/include")" ] ||
		bad "includedir is $inc, not $root/include"
	[ "$(realpath -m "$lib")" = "$(realpath -m "$root/$libdir")" ] ||
		bad "libdir is $lib, not $root/$libdir"
	[ -f "$inc/mmkit/mmkit.h" ] && [ -f "$inc/mmkit/version.h" ] ||
		bad "no mmkit/mmkit.h or mmkit/version.h in $inc"
	[ -f "$lib/libmmkit.a" ] && [ -e "$lib/libmmkit.so" ] ||
		bad "no libmmkit.a or libmmkit.so in $lib"
	# The flags lead into ROOT, and no other mmkit comes first (liburcu's
	# own folders may follow).
	found=0
	for f in $(pkg-config --cflags-only-I mmkit); do
		if in_dir "${f#-I}" "$root"; then
			found=1
		elif [ $found -eq 0 ] && [ -e "${f#-I}/mmkit/mmkit.h" ]; then
			bad "pkg-config --cflags: $f, another mmkit, comes before $root"
		fi
	done
	[ $found -eq 1 ] || bad "pkg-config --cflags: no -I into $root: $(pkg-config --cflags mmkit)"
	found=0
	for f in $(pkg-config --libs-only-L mmkit); do
		in_dir "${f#-L}" "$root" && found=1
	done
	[ $found -eq 1 ] || bad "pkg-config --libs: no -L into $root: $(pkg-config --libs mmkit)"
}

# example_runs LABEL VERSION BINARY [ENV...]: the example prints the
# library's version and the bytes it stored, and exits 0.
example_runs() {
	label=$1 version=$2 bin=$3
	shift 3
	env "$@" "$bin" >"$tmp/out" 2>"$tmp/err" ||
		{ bad "$label: exit $?: $(cat "$tmp/err")"; return 1; }
	want="libmmkit $version: hello (0)"
	[ "$(cat "$tmp/out")" = "$want" ] || bad "$label printed \`$(cat "$tmp/out")\`, not \`$want\`"
}

# needs BINARY LIB: BINARY's dynamic section asks for LIB (yes or no).
needs() {
	readelf -d "$1" | grep -q "NEEDED.*\[$2\]"
}

# build_example ROOT LIBDIR VERSION TAG: README's example against the tree
# pkg-config finds, linked with the shared library and with the static one.
build_example() {
	root=$1 libdir=$2 version=$3 tag=$4
	ex=$tmp/example.c
	readme_example "$src" "$ex" || return
	# shellcheck disable=SC2046
	"$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/ex-$tag" "$ex" \
		$(pkg-config --cflags --libs mmkit) 2>"$tmp/err" ||
		{ bad "$tag: README's example does not build: $(cat "$tmp/err")"; return; }
	needs "$tmp/ex-$tag" libmmkit.so.0 || bad "$tag: the example is not linked with libmmkit.so.0"
	example_runs "$tag: the example (shared)" "$version" "$tmp/ex-$tag" \
		LD_LIBRARY_PATH="$root/$libdir"
	# The static library alone: only what --static adds may resolve its
	# dependencies (liburcu-memb, pthreads).
	# shellcheck disable=SC2046
	"$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/ex-$tag-static" "$ex" \
		$(pkg-config --cflags mmkit) \
		-Wl,-Bstatic $(pkg-config --static --libs mmkit) -Wl,-Bdynamic 2>"$tmp/err" ||
		{ bad "$tag: README's example does not link statically: $(cat "$tmp/err")"; return; }
	needs "$tmp/ex-$tag-static" libmmkit.so.0 && bad "$tag: the static example needs libmmkit.so.0"
	example_runs "$tag: the example (static)" "$version" "$tmp/ex-$tag-static"
}

prefix() {
	build=${1:?BUILD} src=${2:?SRC} libdir=${3:?LIBDIR} version=${4:?VERSION}
	case $libdir in
	/*) echo "skipped: LIBDIR $libdir is absolute, so the tree cannot move"; exit 77 ;;
	esac
	root=$tmp/root
	cmake --install "$build" --prefix "$root" >"$tmp/install.log" 2>&1 ||
		{ bad "cmake --install failed: $(tail -n 5 "$tmp/install.log")"; return; }
	pc=$root/$libdir/pkgconfig/mmkit.pc
	[ -f "$pc" ] || { bad "no $pc"; return; }
	grep -q '^prefix=\${pcfiledir}/' "$pc" || bad "mmkit.pc: its prefix is not relative: $(grep '^prefix=' "$pc")"
	export PKG_CONFIG_PATH="$root/$libdir/pkgconfig"
	[ "$(pkg-config --modversion mmkit)" = "$version" ] ||
		bad "pkg-config --modversion: $(pkg-config --modversion mmkit), not $version"
	[ -x "$root/bin/mmkit" ] && [ "$("$root/bin/mmkit" --version)" = "mmkit $version" ] ||
		bad "the installed mmkit does not say mmkit $version"
	pc_points_into "$root" "$libdir"
	build_example "$root" "$libdir" "$version" installed
	# The manual pages (built where scdoc is) and the examples they cite.
	if command -v scdoc >/dev/null 2>&1; then
		for page in man1/mmkit.1.gz man5/mmkit-script.5.gz; do
			[ -f "$root/share/man/$page" ] || bad "no share/man/$page"
		done
		if command -v man >/dev/null 2>&1; then
			man -M "$root/share/man" -w mmkit >/dev/null 2>&1 ||
				bad "man -M $root/share/man does not find mmkit"
		fi
	else
		echo "  (no scdoc: the manual pages were not built, nor checked)"
	fi
	[ -f "$root/share/doc/mmkit/examples/cow-fork.mmk" ] || bad "no share/doc/mmkit/examples"
	# Moved after installing, the tree still works: nothing in it names
	# the place it was installed to.
	mv "$root" "$tmp/moved"
	export PKG_CONFIG_PATH="$tmp/moved/$libdir/pkgconfig"
	pc_points_into "$tmp/moved" "$libdir"
	build_example "$tmp/moved" "$libdir" "$version" moved
}

case $what in
prefix) src=${2:-}; prefix "$@" ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "install $what: ok"
