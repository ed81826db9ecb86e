#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what mmkit needs to build and test, if any is missing (run as root):
#   - Debian packages: the toolchain, liburcu, cmocka, jansson (mmkit report
#     reads JSON with it), npm (to fetch uPlot), chromium (the report's
#     browser test; it skips without it), scdoc (the manual pages, man/),
#     file (CPack finds the ELF files of the packages with it, `make deb`);
#   - uPlot, the charting library `mmkit report` inlines into its pages,
#     from the npm registry into a cache outside the tree (scripts/uplot.sh),
#     where CMake finds it.
#   sh scripts/install-deps.sh             what building and testing need
#   sh scripts/install-deps.sh workloads   also the programs docs/workloads.md
#                                          records (redis, node, python3) and
#                                          GNU time for peak RSS
#   sh scripts/install-deps.sh fuzz        also clang and its runtimes
#                                          (libFuzzer, ASan, UBSan) for
#                                          `make fuzz` (docs/hardening.md),
#                                          and GNU parallel for the race lab's
#                                          sharded search (docs/race-lab.md);
#                                          `make test` installs these
set -e
pkgs="build-essential cmake pkg-config liburcu-dev libcmocka-dev libjansson-dev chromium scdoc file"
[ "${1:-}" = workloads ] && pkgs="$pkgs redis-server redis-tools nodejs python3 time"
[ "${1:-}" = fuzz ] && pkgs="$pkgs clang libclang-rt-dev parallel"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# npm may come with a Node.js that is not Debian's (its nodejs package then
# carries npm); Debian's npm package would conflict with it.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "mmkit: need root to install:$missing" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
sh "$(dirname "$0")/uplot.sh"
