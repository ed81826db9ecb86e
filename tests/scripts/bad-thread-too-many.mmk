#! exit 2
#! stderr FILE:11:1: thread `T3`: no CPU left for it (the machine has 2 CPUs
# More blocks in one run than CPUs: T1 asks for CPU 1, T2 gets CPU 0 (the
# runner gives it up during `run`), and nothing is left for T3.
mm A
mmap A 0x10000000 4M rw
thread T1 cpu=1
  write A 0x10000000 "a"
thread T2
  write A 0x10100000 "b"
thread T3
  write A 0x10200000 "c"
run
