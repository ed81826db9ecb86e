#! exit 1
#! stderr FILE:13: read A 0x10000000 "b": expected 0x62 at offset 0 (address 0x10000000), got 0x61
# Three blocks fail, each at its own statement whatever the interleaving.
# A block stops at its first failure, the others run to their end, and the
# failure with the lowest line number is reported.  Nothing after `run`
# runs.
cpus 3
mm A
mmap A 0x10000000 4M rw
write A 0x10000000 "a"
thread T1
  read A 0x10000000 "a"
  read A 0x10000000 "b"
  read A 0x10000000 "c"
thread T2
  write A 0x10200000 "x"
  write A 0x20000000 "z"
thread T3
  read A 0x10300000 "q"
run
expect stat A rss == 0
