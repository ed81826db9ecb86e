#! exit 2
#! stderr FILE:10:11: cpu=1 is already taken by thread `T1` (line 8) in this run
# Two blocks of one run cannot share a CPU: each thread holds its CPU for
# the whole run.  Nothing runs from a malformed script.
cpus 3
mm A
mmap A 0x10000000 4M rw
thread T1 cpu=1
  write A 0x10000000 "a"
thread T2 cpu=1
  write A 0x10200000 "b"
run
