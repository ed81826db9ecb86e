#! exit 2
#! stderr FILE:11:9: mm `B` (line 8) belongs to thread `T1` until `run`: only that block may use it
# An mm made in a block is that block's until `run`: another block of the
# same run would race with its creation.
mm A
mmap A 0x10000000 4M rw
thread T1
  fork A B
  write B 0x10000000 "b"
thread T2
  write B 0x10000000 "x"
run
