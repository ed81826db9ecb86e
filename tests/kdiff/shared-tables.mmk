# kdiff: 0x2a9000000000 is in the agent's 512 GiB region (its libraries
# are at 0x2aaaaaaab000): page tables there are the agent's too, so
# pgtable is not compared for A from here on; everything else is.
mm A
mmap A 0x2a9000000000 64K rw
touch A 0x2a9000000000 64K w
