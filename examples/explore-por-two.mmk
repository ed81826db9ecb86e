#! cmd explore
#! args --por --preemptions 0
#! stdout explored
# Two CPUs each write a whole 2 MiB PTE table and DONTNEED it again: the
# faults and zaps of the two conflict on every entry of the table, and
# under `linux` either zap may free the emptied table under the other.
#   mmkit explore --por examples/explore-por-two.mmk   # K = 2: not shown
#       to finish in 5 minutes (Release, 2-core VM; docs/race-lab.md, "At
#       table size": where its decisions and executions come from)
#   mmkit explore --por --preemptions 1 examples/explore-por-two.mmk
#       # 13,583 interleavings, none cut (74-89 s)
# (The header lines above are for the test suite: K = 0 there.)
policy linux
mm A
mmap A 0x40000000 2M rw
thread T1
  touch A 0x40000000 2M w
  madvise A 0x40000000 2M dontneed
thread T2
  touch A 0x40000000 2M w
  madvise A 0x40000000 2M dontneed
run
