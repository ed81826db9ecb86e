#! exit 2
#! stderr FILE:8:38: cpu= cannot be used inside a thread block: its statements run on the block's CPU (`thread T1 cpu=N`)
# Statements in a block run on the block's CPU; cpu= belongs on `thread`.
cpus 4
mm A
mmap A 0x10000000 4M rw
thread T1 cpu=2
  expect-error SIGSEGV write A 0 "x" cpu=3
run
