#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/kdiff/deferred-split.sh MMKIT: the THP shrinker on the host kernel
# against mmkit.  deferred-split.c runs in a 9 MiB memory cgroup: two THPs
# lose all but one page each (queued for deferred split), then 5 MiB more
# are touched, which fits only if reclaim splits both and frees what
# nothing maps.  The kernel must do so (each figure at least what one
# process makes: vmstat is machine-wide, other tests may add to it) and
# mmkit's tests/scripts/thp-deferred-split.mmk states the same (8 MiB of
# RAM, the same steps).  Skips, saying why, without root, THP, a C
# compiler or a memory cgroup.
set -u
mmkit=${1:?usage: deferred-split.sh MMKIT}
dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/../lib.sh"

skip() {
	echo "SKIP: $*"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (a memory cgroup)"
grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null &&
	skip "THP is off on this host"
[ -r /sys/kernel/mm/transparent_hugepage/enabled ] || skip "no THP on this host"
command -v cc >/dev/null 2>&1 || skip "no C compiler"
if [ -d /sys/fs/cgroup/memory ]; then
	cg=/sys/fs/cgroup/memory/mmkit-ds-$$ limit=memory.limit_in_bytes
	root=/sys/fs/cgroup/memory
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
	cg=/sys/fs/cgroup/mmkit-ds-$$ limit=memory.max root=/sys/fs/cgroup
else
	skip "no memory cgroup controller"
fi
cc -O2 -o "$tmp/ds" "$dir/deferred-split.c" || { bad "deferred-split.c does not build"; finish; }
mkdir "$cg" || skip "cannot make a memory cgroup at $cg"
echo 9M >"$cg/$limit"
sh -c "echo \$\$ >'$cg/cgroup.procs' && exec '$tmp/ds'" >"$tmp/out" 2>&1
rc=$?
rmdir "$cg"
cat "$tmp/out"
[ "$rc" -eq 0 ] || bad "the kernel side exited $rc (killed by the cgroup's OOM?)"
at_least() {
	n=$(sed -n "s/^$1 +//p" "$tmp/out")
	[ -n "$n" ] && [ "$n" -ge "$2" ] || bad "kernel: $1 +${n:-?}, expected at least +$2"
}
at_least thp_fault_alloc 2
at_least thp_deferred_split_page 2
at_least thp_split_page 2
has "$tmp/out" "kept 1 1" "the kernel kept the byte left in each THP"
run_status 0 60 "$mmkit" run "$dir/../scripts/thp-deferred-split.mmk"
finish
