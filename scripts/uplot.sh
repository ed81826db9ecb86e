#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/uplot.sh [DIR]: put uPlot (the charting library `mmkit report`
# inlines into its pages, docs/report.md) into DIR, fetched once with
# `npm pack` from the npm registry and checked against the checksum below.
# DIR defaults to the cache CMake looks in (MMK_UPLOT_DIR):
#   ${MMK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmkit}/uplot-VERSION
# It holds uPlot.iife.min.js, uPlot.min.css and LICENSE, and nothing is
# fetched again while they are there.  The pin is deliberate: a new uPlot
# is taken by changing VERSION and SHA256 here and in CMakeLists.txt.
set -e
VERSION=1.6.32
SHA256=4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d
cache=${MMK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmkit}
dir=${1:-$cache/uplot-$VERSION}

[ -s "$dir/uPlot.iife.min.js" ] && [ -s "$dir/uPlot.min.css" ] && [ -s "$dir/LICENSE" ] &&
	exit 0
if ! command -v npm >/dev/null 2>&1; then
	echo "mmkit: uplot.sh: npm is needed to fetch uPlot (scripts/install-deps.sh installs it)" >&2
	exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/mmkit-uplot.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetching uplot@$VERSION with npm into $dir"
(cd "$work" && npm pack --silent "uplot@$VERSION" >/dev/null)
tgz=$work/uplot-$VERSION.tgz
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
	echo "mmkit: uplot.sh: uplot-$VERSION.tgz has sha256 $got, expected $SHA256" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$work" package/dist/uPlot.iife.min.js package/dist/uPlot.min.css \
	package/LICENSE
mkdir -p "$dir"
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" \
	"$work/package/LICENSE" "$dir/"
