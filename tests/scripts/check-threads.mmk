#! args --check --policy rwsem
#! stdout ok:
# Continuous checks while threads fault and reclaim on shared tables; the
# full check after `run`.
cpus 3
mm A
mmap A 0x40000000 8M rw
thread T1 cpu=1
  touch A 0x40000000 4M w
  madvise A 0x40000000 4M dontneed
  touch A 0x40000000 4M w
thread T2 cpu=2
  touch A 0x40200000 4M w
  madvise A 0x40200000 2M dontneed
run
madvise A 0x40000000 8M dontneed
expect stat A pgtable == 0
