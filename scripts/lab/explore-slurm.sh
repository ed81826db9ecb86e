#!/bin/sh
# SPDX-License-Identifier: MIT
# explore-slurm.sh - one `mmkit explore` search as a Slurm job array, one
# shard per array task, then the merge (docs/race-lab.md, "Shards").
#
#   sbatch --array=0-7 scripts/lab/explore-slurm.sh FILE [EXPLORE-OPTION...]
#       runs shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT, writing
#       $SHARD_DIR/shard-I.json (SHARD_DIR: default ./explore-shards; on a
#       file system every node sees);
#   sbatch --dependency=afterany:JOBID --wrap \
#       "sh scripts/lab/explore-slurm.sh --merge 8"
#       merges them once the array is done (exit 1 on a violation).
#   MMKIT: the mmkit binary (default: mmkit on PATH).
#
# Run by hand, without Slurm, it does what one array task does for the
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT it is given.
set -u
mmkit=${MMKIT:-mmkit}
dir=${SHARD_DIR:-./explore-shards}
if [ "${1:-}" = --merge ]; then
	n=${2:?usage: explore-slurm.sh --merge N}
	# shellcheck disable=SC2046
	exec "$mmkit" explore --merge $(seq 0 $((n - 1)) | sed "s|.*|$dir/shard-&.json|")
fi
file=${1:?usage: sbatch --array=0-N-1 explore-slurm.sh FILE [EXPLORE-OPTION...]}
shift
i=${SLURM_ARRAY_TASK_ID:?not in a Slurm job array (SLURM_ARRAY_TASK_ID unset)}
n=${SLURM_ARRAY_TASK_COUNT:?not in a Slurm job array (SLURM_ARRAY_TASK_COUNT unset)}
mkdir -p "$dir"
"$mmkit" explore --json --shard "$i/$n" "$@" "$file" >"$dir/shard-$i.json"
rc=$?
# 1 is a violation, which the merge reports; anything else is a failure.
[ "$rc" -le 1 ]
