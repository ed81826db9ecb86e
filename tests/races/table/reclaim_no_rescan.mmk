# reclaim_no_rescan at table size (docs/race-lab.md, "At table size"): a
# DONTNEED of a whole written 2 MiB table, which PT_RECLAIM frees, against
# a write fault in the middle of it.  Run with `--por`: the full search
# at two preemptions does not end in minutes.
#! find invariant 2: PTE table pfn
policy linux
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
thread T1
  madvise A 0x40000000 2M dontneed
thread T2
  write A 0x40100000 "x"
run
