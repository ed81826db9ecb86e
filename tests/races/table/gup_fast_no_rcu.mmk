# gup_fast_no_rcu at table size (docs/race-lab.md, "At table size"): a
# GUP-fast pin in the middle of a written 2 MiB table against a DONTNEED
# of all of it, which PT_RECLAIM frees.  Run with `--por`.
#! find invariant 1: GUP-fast read poison
policy linux
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
thread T1
  pin P A 0x40100000 1 fast
  unpin P
thread T2
  madvise A 0x40000000 2M dontneed
run
