#!/bin/sh
# Install the Debian packages mmkit needs, if any is missing (run as root).
#   sh scripts/install-deps.sh             what building and testing need
#   sh scripts/install-deps.sh workloads   also the programs docs/workloads.md
#                                          records (redis, node, python3) and
#                                          GNU time for peak RSS
set -e
pkgs="build-essential cmake pkg-config liburcu-dev libcmocka-dev"
[ "${1:-}" = workloads ] && pkgs="$pkgs redis-server redis-tools nodejs python3 time"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "mmkit: need root to install:$missing" >&2
	exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
