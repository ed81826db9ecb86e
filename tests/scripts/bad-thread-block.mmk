#! exit 2
#! stderr FILE:9:1: expected `thread` or `run` after a thread block
# thread blocks: indented statements under `thread`, then `run`
mm A
mmap A 0x10000000 4K rw
thread T1 cpu=1
  write A 0x10000000 "x"
  read A 0x10000000 "x"
write A 0x10000000 "y"
run
