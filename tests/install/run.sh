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
#   deb SRC WORK VERSION UPLOT_DIR
#             `make deb`'s packages (scripts/deb.sh, built in WORK/build,
#             which stays for the next run) have the names, version,
#             sections and dependencies of cmake/package.cmake; unpacked
#             with `dpkg-deb -x` into a scratch root (nothing is installed
#             on this machine), each holds its files where Debian wants
#             them (the command, libmmkit.so.0, the headers, the static
#             library, mmkit.pc in the multiarch folder, gzipped manual
#             pages, a copyright file each); README's example builds
#             against the root with pkg-config and runs, and so does the
#             unpacked `mmkit --version`.  Skipped (77) where the tools
#             that build packages are missing.
set -u
what=${1:?usage: run.sh CASE ...}
shift
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/lib.sh"
cc=${CC:-cc}

# (Shell functions share their variables: each function's names are its own.)

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
	id_p=$(realpath -m "$1") && id_d=$(realpath -m "$2") || return 1
	case $id_p/ in "$id_d"/*) return 0 ;; esac
	return 1
}

# pc_points_into ROOT LIBDIR: pkg-config's mmkit names ROOT's include and
# library folders, and those hold the headers and the libraries.
pc_points_into() {
	pp_root=$1 pp_libdir=$2
	pp_inc=$(pkg-config --variable=includedir mmkit) || { bad "pkg-config finds no mmkit"; return 1; }
	pp_lib=$(pkg-config --variable=libdir mmkit)
	[ "$(realpath -m "$pp_inc")" = "$(realpath -m "$pp_root/include")" ] ||
		bad "includedir is $pp_inc, not $pp_root/include"
	[ "$(realpath -m "$pp_lib")" = "$(realpath -m "$pp_root/$pp_libdir")" ] ||
		bad "libdir is $pp_lib, not $pp_root/$pp_libdir"
	[ -f "$pp_inc/mmkit/mmkit.h" ] && [ -f "$pp_inc/mmkit/version.h" ] ||
		bad "no mmkit/mmkit.h or mmkit/version.h in $pp_inc"
	[ -f "$pp_lib/libmmkit.a" ] && [ -e "$pp_lib/libmmkit.so" ] ||
		bad "no libmmkit.a or libmmkit.so in $pp_lib"
	# The flags lead into ROOT, and no other mmkit comes first (liburcu's
	# own folders may follow).
	pp_found=0
	for pp_f in $(pkg-config --cflags-only-I mmkit); do
		if in_dir "${pp_f#-I}" "$pp_root"; then
			pp_found=1
		elif [ $pp_found -eq 0 ] && [ -e "${pp_f#-I}/mmkit/mmkit.h" ]; then
			bad "pkg-config --cflags: $pp_f, another mmkit, comes before $pp_root"
		fi
	done
	[ $pp_found -eq 1 ] || bad "pkg-config --cflags: no -I into $pp_root: $(pkg-config --cflags mmkit)"
	pp_found=0
	for pp_f in $(pkg-config --libs-only-L mmkit); do
		in_dir "${pp_f#-L}" "$pp_root" && pp_found=1
	done
	[ $pp_found -eq 1 ] || bad "pkg-config --libs: no -L into $pp_root: $(pkg-config --libs mmkit)"
}

# example_runs LABEL VERSION BINARY [ENV...]: the example prints the
# library's version and the bytes it stored, and exits 0.
example_runs() {
	er_label=$1 er_version=$2 er_bin=$3
	shift 3
	env "$@" "$er_bin" >"$tmp/out" 2>"$tmp/err" ||
		{ bad "$er_label: exit $?: $(cat "$tmp/err")"; return 1; }
	er_want="libmmkit $er_version: hello (0)"
	[ "$(cat "$tmp/out")" = "$er_want" ] || bad "$er_label printed \`$(cat "$tmp/out")\`, not \`$er_want\`"
}

# needs BINARY LIB: BINARY's dynamic section asks for LIB (yes or no).
needs() {
	readelf -d "$1" | grep -q "NEEDED.*\[$2\]"
}

# build_example ROOT LIBDIR VERSION TAG: README's example against the tree
# pkg-config finds, linked with the shared library and with the static one.
build_example() {
	be_root=$1 be_libdir=$2 be_version=$3 be_tag=$4
	be_ex=$tmp/example.c
	readme_example "$src" "$be_ex" || return
	# shellcheck disable=SC2046
	"$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/ex-$be_tag" "$be_ex" \
		$(pkg-config --cflags --libs mmkit) 2>"$tmp/err" ||
		{ bad "$be_tag: README's example does not build: $(cat "$tmp/err")"; return; }
	needs "$tmp/ex-$be_tag" libmmkit.so.0 || bad "$be_tag: the example is not linked with libmmkit.so.0"
	example_runs "$be_tag: the example (shared)" "$be_version" "$tmp/ex-$be_tag" \
		LD_LIBRARY_PATH="$be_root/$be_libdir"
	# The static library alone: only what --static adds may resolve its
	# dependencies (liburcu-memb, pthreads).
	# shellcheck disable=SC2046
	"$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/ex-$be_tag-static" "$be_ex" \
		$(pkg-config --cflags mmkit) \
		-Wl,-Bstatic $(pkg-config --static --libs mmkit) -Wl,-Bdynamic 2>"$tmp/err" ||
		{ bad "$be_tag: README's example does not link statically: $(cat "$tmp/err")"; return; }
	needs "$tmp/ex-$be_tag-static" libmmkit.so.0 && bad "$be_tag: the static example needs libmmkit.so.0"
	example_runs "$be_tag: the example (static)" "$be_version" "$tmp/ex-$be_tag-static"
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

# field DEB NAME: the control field NAME of package DEB.
field() {
	dpkg-deb -f "$1" "$2"
}

# holds PACKAGE PATH...: the package's file list has each PATH.
holds() {
	pkg=$1
	shift
	dpkg-deb -c "$work/build/${pkg}_$full.deb" | awk '{ print $6 }' | sed 's|^\./||' >"$tmp/list"
	for f in "$@"; do
		grep -qx "$f" "$tmp/list" || bad "$pkg: no $f in the package"
	done
}

deb() {
	src=${1:?SRC} work=${2:?WORK} version=${3:?VERSION} uplot=${4:?UPLOT_DIR}
	for tool in cpack dpkg-deb dpkg-shlibdeps file scdoc readelf; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			echo "skipped: no $tool, which building or checking the packages needs"
			exit 77
		fi
	done
	multiarch=$("$cc" -print-multiarch 2>/dev/null)
	[ -n "$multiarch" ] || { echo "skipped: the compiler names no multiarch folder (not Debian?)"; exit 77; }
	arch=$(dpkg --print-architecture)
	full=$version-1
	mkdir -p "$work"
	JOBS=2 sh "$src/scripts/deb.sh" "$work/build" -DMMK_UPLOT_DIR="$uplot" >"$tmp/debs" 2>"$tmp/err" ||
		{ bad "scripts/deb.sh failed: $(tail -n 20 "$tmp/err")"; return; }
	for pkg in mmkit libmmkit0 libmmkit-dev; do
		f=$work/build/${pkg}_${full}_$arch.deb
		grep -qx "$f" "$tmp/debs" || { bad "no $f among: $(cat "$tmp/debs")"; return; }
		[ "$(field "$f" Package)" = "$pkg" ] || bad "$f: Package is $(field "$f" Package)"
		[ "$(field "$f" Version)" = "$full" ] || bad "$f: Version is $(field "$f" Version), not $full"
		[ -n "$(field "$f" Maintainer)" ] || bad "$pkg: no Maintainer"
		field "$f" Description | head -n 1 | grep -q . || bad "$pkg: no Description"
	done
	mmkit_deb=$work/build/mmkit_${full}_$arch.deb
	lib_deb=$work/build/libmmkit0_${full}_$arch.deb
	dev_deb=$work/build/libmmkit-dev_${full}_$arch.deb
	full=${full}_$arch
	[ "$(field "$mmkit_deb" Section)" = devel ] || bad "mmkit: Section $(field "$mmkit_deb" Section)"
	[ "$(field "$lib_deb" Section)" = libs ] || bad "libmmkit0: Section $(field "$lib_deb" Section)"
	[ "$(field "$dev_deb" Section)" = libdevel ] || bad "libmmkit-dev: Section $(field "$dev_deb" Section)"
	# Dependencies: what the ELF files link (dpkg-shlibdeps), and for the
	# headers the library itself and liburcu's pkg-config file.
	for dep in libc6 libjansson4 liburcu8; do
		field "$mmkit_deb" Depends | grep -q "\b$dep\b" || bad "mmkit: Depends lacks $dep: $(field "$mmkit_deb" Depends)"
	done
	for dep in libc6 liburcu8; do
		field "$lib_deb" Depends | grep -q "\b$dep\b" || bad "libmmkit0: Depends lacks $dep: $(field "$lib_deb" Depends)"
	done
	field "$lib_deb" Depends | grep -q jansson && bad "libmmkit0 depends on jansson, which only the command uses"
	field "$dev_deb" Depends | grep -q "libmmkit0 (= $version-1)" || bad "libmmkit-dev: Depends lacks libmmkit0 (= $version-1)"
	field "$dev_deb" Depends | grep -q "liburcu-dev" || bad "libmmkit-dev: Depends lacks liburcu-dev"
	# Each file in its package.
	dlib=usr/lib/$multiarch
	holds mmkit usr/bin/mmkit usr/share/man/man1/mmkit.1.gz usr/share/man/man5/mmkit-script.5.gz \
		usr/share/doc/mmkit/copyright usr/share/doc/mmkit/examples/cow-fork.mmk
	holds libmmkit0 "$dlib/libmmkit.so.0" "$dlib/libmmkit.so.$version" usr/share/doc/libmmkit0/copyright
	holds libmmkit-dev usr/include/mmkit/mmkit.h usr/include/mmkit/version.h "$dlib/libmmkit.a" \
		"$dlib/libmmkit.so" "$dlib/pkgconfig/mmkit.pc" usr/share/doc/libmmkit-dev/copyright
	dpkg-deb -c "$mmkit_deb" | grep -q "libmmkit.so" && bad "mmkit carries the library"
	# Unpacked, as apt would lay them out, but in a scratch root.
	droot=$tmp/root
	for f in "$mmkit_deb" "$lib_deb" "$dev_deb"; do
		dpkg-deb -x "$f" "$droot" || bad "dpkg-deb -x $f failed"
	done
	for page in man1/mmkit.1.gz man5/mmkit-script.5.gz; do
		gzip -t "$droot/usr/share/man/$page" 2>/dev/null || bad "$page is not gzipped"
	done
	for pkg in mmkit libmmkit0 libmmkit-dev; do
		grep -q "Copyright (c) 2026 the mmkit authors" "$droot/usr/share/doc/$pkg/copyright" &&
			grep -q "Permission is hereby granted" "$droot/usr/share/doc/$pkg/copyright" ||
			bad "$pkg: its copyright file lacks the notice or the MIT text"
	done
	grep -q "uPlot" "$droot/usr/share/doc/mmkit/copyright" || bad "mmkit: its copyright file does not name uPlot"
	readelf -d "$droot/$dlib/libmmkit.so.$version" | grep -q "SONAME.*\[libmmkit.so.0\]" ||
		bad "libmmkit.so.$version: its SONAME is not libmmkit.so.0"
	[ "$("$droot/usr/bin/mmkit" --version)" = "mmkit $version" ] ||
		bad "the unpacked mmkit --version says \`$("$droot/usr/bin/mmkit" --version)\`"
	"$droot/usr/bin/mmkit" run "$droot/usr/share/doc/mmkit/examples/cow-fork.mmk" >"$tmp/out" 2>&1 ||
		bad "the unpacked mmkit fails its example cow-fork.mmk: $(tail -n 3 "$tmp/out")"
	# README's example against the root, with pkg-config: the prefix of
	# mmkit.pc is relative to the file, so it names the root's usr.
	export PKG_CONFIG_PATH="$droot/$dlib/pkgconfig"
	[ "$(pkg-config --modversion mmkit)" = "$version" ] ||
		bad "pkg-config --modversion: $(pkg-config --modversion mmkit), not $version"
	pc_points_into "$droot/usr" "lib/$multiarch"
	build_example "$droot/usr" "lib/$multiarch" "$version" deb
}

case $what in
prefix) src=${2:-}; prefix "$@" ;;
deb) deb "$@" ;;
*) echo "run.sh: unknown case \`$what\`" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "install $what: ok"
