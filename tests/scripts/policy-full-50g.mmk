# full returns the address space to its baseline: no table at any level.
policy full
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
madvise A 0x4000000000 50G dontneed
expect stat A pgtable == 0
expect stat A pud_tables == 0
sync
expect sys pgtable_frames == 1             # the PGD only
