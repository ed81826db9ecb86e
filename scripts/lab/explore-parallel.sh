#!/bin/sh
# SPDX-License-Identifier: MIT
# explore-parallel.sh N FILE [EXPLORE-OPTION...] - one `mmkit explore`
# search split into N shards run by GNU parallel, then merged:
#   mmkit explore --json --shard I/N [EXPLORE-OPTION...] FILE   for I in 0..N-1
#   mmkit explore --merge [--json] shard-*.json
# Prints what `--merge` prints (the last line: `explored T interleavings`,
# T the unsharded search's count) and exits with its status: 0 no
# violation, 1 a violation (its replay command on stderr), 2 usage.
# Environment:
#   MMKIT          the mmkit binary (default: mmkit on PATH)
#   PARALLEL_ARGS  more options for GNU parallel: `-j 4` for slots (default:
#                  one job per CPU), `--sshlogin 8/host1,8/host2` to run on
#                  other machines (each needs MMKIT and FILE at the same path)
#   SHARD_DIR      where the shards' JSON goes (default: a temporary one,
#                  removed after); kept if given
#   MERGE_JSON     1: the merge prints one JSON object on stdout
set -u
n=${1:?usage: explore-parallel.sh N FILE [EXPLORE-OPTION...]}
file=${2:?usage: explore-parallel.sh N FILE [EXPLORE-OPTION...]}
shift 2
mmkit=${MMKIT:-mmkit}
command -v parallel >/dev/null 2>&1 ||
	{ echo "explore-parallel.sh: GNU parallel is not installed (apt install parallel)" >&2; exit 2; }
case $n in
'' | *[!0-9]* | 0) echo "explore-parallel.sh: N must be a positive number, not \`$n\`" >&2; exit 2 ;;
esac
if [ -n "${SHARD_DIR:-}" ]; then
	dir=$SHARD_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi
# Each shard's exit status is 0 or 1 (a violation): the merge judges.
# shellcheck disable=SC2086
seq 0 $((n - 1)) | parallel ${PARALLEL_ARGS:-} --halt never \
	"'$mmkit' explore --json --shard {}/$n $* '$file' > '$dir/shard-{}.json' 2> '$dir/shard-{}.err'; [ \$? -le 1 ]" ||
	{ echo "explore-parallel.sh: a shard failed to run:" >&2; cat "$dir"/shard-*.err >&2; exit 2; }
json=""
[ "${MERGE_JSON:-0}" = 1 ] && json=--json
# shellcheck disable=SC2046
"$mmkit" explore --merge $json $(seq 0 $((n - 1)) | sed "s|.*|$dir/shard-&.json|")
