#! exit 1
#! stderr FILE:7: thread T1 cpu=0: not implemented yet (race-lab issue)
# thread blocks parse now and run with the race lab
mm A
mmap A 0x10000000 4K rw
write A 0x10000000 "x"
thread T1 cpu=0
  write A 0x10000000 "a"
thread T2 cpu=1
  madvise A 0x10000000 4K dontneed
run
