#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/workloads/redis.sh: redis-server (Debian's, linked with the
# system jemalloc, which purges freed extents with MADV_DONTNEED from a
# background thread) recorded under redis-benchmark: a dataset grown with
# SETs of 4 KiB values on 200k keys, then shrunk with DELs (docs/workloads.md).
. "$(dirname "$0")/lib.sh"
sh "$top/scripts/install-deps.sh" workloads
port=${PORT:-7379}
cat >"$out/redis-run.sh" <<SH
#!/bin/sh
redis-server --port $port --save '' --appendonly no --daemonize no >/dev/null &
srv=\$!
while ! redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.05; done
redis-benchmark -p $port -q -n 200000 -r 200000 -d 4096 -t set >/dev/null
redis-cli -p $port info memory | grep -E '^used_memory_human|^used_memory_rss_human'
redis-benchmark -p $port -q -n 200000 -r 200000 -t del >/dev/null 2>&1 ||
	redis-cli -p $port flushall >/dev/null
redis-cli -p $port memory purge >/dev/null
sleep 1
redis-cli -p $port info memory | grep -E '^used_memory_human|^used_memory_rss_human'
redis-cli -p $port shutdown nosave >/dev/null 2>&1
wait \$srv
SH
chmod +x "$out/redis-run.sh"
measure redis "$out/redis-run.sh"
