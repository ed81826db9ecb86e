#! exit 2
#! stderr FILE:10:8: `exit` in a thread block can only release an mm made in that block: `A` (line 5) may be in use by the other threads of the run
# `exit` in a block of an mm made elsewhere: T1 could still be using it.
# (An mm the block made itself may exit there: see threads-fork.mmk.)
mm A
mmap A 0x10000000 4M rw
thread T1
  write A 0x10000000 "a"
thread T2
  exit A
run
