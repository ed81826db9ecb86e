#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/deb.sh BUILDDIR [CMAKE-OPTION...]: the Debian packages mmkit,
# libmmkit0 and libmmkit-dev (cmake/package.cmake, docs/packaging.md), as
# `make deb` and the package test build them.  Configures BUILDDIR for
# /usr (so that the libraries go to Debian's multiarch folder) without the
# tests, builds it, runs CPack's DEB generator there, and prints the path
# of each package.  JOBS sets the build's parallelism (default: nproc).
# Needs cpack, dpkg-deb, dpkg-shlibdeps (the dependencies), file and scdoc
# (the manual pages): it stops at once, saying which one is missing.
set -e
build=${1:?usage: deb.sh BUILDDIR [CMAKE-OPTION...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
for tool in cmake cpack dpkg-deb dpkg-shlibdeps file scdoc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "deb.sh: no $tool: scripts/install-deps.sh installs what the packages need" >&2
		exit 1
	fi
done
cmake -S "$src" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DMMK_TESTS=OFF "$@" >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" >/dev/null
# Packages of an earlier version must not be taken for these.
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >cpack.log 2>&1) || { cat "$build/cpack.log" >&2; exit 1; }
ls "$build"/*.deb
