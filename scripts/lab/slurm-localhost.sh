#!/bin/sh
# SPDX-License-Identifier: MIT
# slurm-localhost.sh start|stop [DIR] - a one-node Slurm cluster on this
# machine, for trying scripts/lab/explore-slurm.sh (docs/race-lab.md):
# munge, slurmctld and slurmd (Debian packages slurm-wlm and munge), with
# their configuration, state and logs in DIR (default /tmp/mmkit-slurm).
# Run as root.  `start` waits until the node is idle; `stop` ends the
# daemons it started.  After start:
#   export SLURM_CONF=DIR/slurm.conf
#   sbatch --wait --array=0-3 scripts/lab/explore-slurm.sh FILE
#   sh scripts/lab/explore-slurm.sh --merge 4
set -u
what=${1:?usage: slurm-localhost.sh start|stop [DIR]}
dir=${2:-/tmp/mmkit-slurm}
host=$(hostname -s)

# End each daemon and wait (10 s at most) until it has gone.
stop() {
	for d in slurmd slurmctld munged; do
		[ -f "$dir/$d.pid" ] || continue
		pid=$(cat "$dir/$d.pid")
		kill "$pid" 2>/dev/null
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		rm -f "$dir/$d.pid"
	done
	return 0
}

start() {
	for c in munged slurmctld slurmd sinfo; do
		command -v "$c" >/dev/null 2>&1 ||
			{ echo "slurm-localhost.sh: $c missing (apt install slurm-wlm)" >&2; exit 2; }
	done
	mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
	chmod 700 "$dir/munge"
	[ -f "$dir/munge/munge.key" ] ||
		dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
	chmod 400 "$dir/munge/munge.key"
	munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" \
		--pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
		--seed-file="$dir/munge/seed" -f || { echo "munged failed: $dir/munged.log" >&2; exit 1; }
	cpus=$(nproc)
	mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
	cat >"$dir/slurm.conf" <<CONF
ClusterName=mmkit
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=lab Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
	export SLURM_CONF="$dir/slurm.conf"
	slurmctld -f "$SLURM_CONF" || { echo "slurmctld failed: $dir/slurmctld.log" >&2; stop; exit 1; }
	slurmd -f "$SLURM_CONF" || { echo "slurmd failed: $dir/slurmd.log" >&2; stop; exit 1; }
	for _ in $(seq 1 60); do
		state=$(sinfo -h -N -o %t 2>/dev/null | head -n 1)
		case $state in idle | mix | alloc) echo "slurm-localhost.sh: node $host is $state (SLURM_CONF=$SLURM_CONF)"; return 0 ;; esac
		sleep 1
	done
	echo "slurm-localhost.sh: the node did not come up: $dir/slurmctld.log, $dir/slurmd.log" >&2
	stop
	exit 1
}

case $what in
start) start ;;
stop) stop ;;
*) echo "usage: slurm-localhost.sh start|stop [DIR]" >&2; exit 2 ;;
esac
