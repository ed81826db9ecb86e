#! cmd explore
#! args --por --preemptions 1
#! stdout explored
# A race over a whole PTE table, searched with partial-order reduction:
# CPU 0 zaps the 2 MiB it wrote (MADV_DONTNEED; under `linux`, PT_RECLAIM
# frees the emptied table) while CPU 1 writes in the middle of it.  Most
# interleavings of the two only reorder steps on different pages;
# `--por` runs one of each class (docs/race-lab.md):
#   mmkit explore --por examples/explore-por.mmk      # K = 2: 66 interleavings
#       and 901 executions cut by sleep sets (1 s for a Release build on a
#       2-core VM; without sleep sets 29,594 in 43 s, without --por not done
#       in minutes)
#   mmkit explore --preemptions 1 [--por] examples/explore-por.mmk   # 2,164 (19)
#   mmkit explore --por --bug no_pmd_recheck examples/explore-por.mmk   # found in 9
# (The header lines above are for the test suite: K = 1 there.)
policy linux
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
thread T1
  madvise A 0x40000000 2M dontneed
thread T2
  write A 0x40100000 "x"
run
