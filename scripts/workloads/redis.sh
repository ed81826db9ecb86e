#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/workloads/redis.sh: redis-server (Debian's, linked with the
# system jemalloc) recorded under redis-benchmark: three rounds of a
# dataset grown with SETs of 16 KiB values on 50k keys, then dropped with
# FLUSHALL and left for 2.5 s, in which jemalloc's decay (dirty_decay_ms
# 1000 here, 10000 by default: the same mechanism, sooner) purges the freed
# extents with MADV_DONTNEED while keeping their address space: the seed
# thread's allocator pattern.  The kernel (PT_RECLAIM) frees the emptied
# PTE tables; `keep` would not (docs/workloads.md).
. "$(dirname "$0")/lib.sh"
sh "$top/scripts/install-deps.sh" workloads
port=${PORT:-7379}
cat >"$out/redis-run.sh" <<SH
#!/bin/sh
MALLOC_CONF=dirty_decay_ms:1000,muzzy_decay_ms:0 \\
	redis-server --port $port --save '' --appendonly no --daemonize no >/dev/null &
srv=\$!
while ! redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.05; done
for round in 1 2 3; do
	redis-benchmark -p $port -q -n 50000 -r 50000 -d 16384 -t set >/dev/null
	grep -E '^Vm(RSS|PTE)' /proc/\$srv/status | tr -s ' \\t\\n' ' '; echo "(round \$round, grown)"
	redis-cli -p $port flushall >/dev/null
	sleep 2.5
	grep -E '^Vm(RSS|PTE)' /proc/\$srv/status | tr -s ' \\t\\n' ' '; echo "(round \$round, dropped)"
done
redis-cli -p $port shutdown nosave >/dev/null 2>&1
wait \$srv
SH
chmod +x "$out/redis-run.sh"
measure redis "$out/redis-run.sh"
