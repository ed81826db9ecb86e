# Page-table accounting (VmPTE): 8M of touched memory at 256M needs four
# PTE tables (2M each), one PMD table and one PUD table: 6 x 4K = 24K.
# The top-level PGD table is not counted, as in Linux.
mm A
expect stat A pgtable == 0
expect stat A pte_tables == 0
expect sys pgtable_frames == 1          # A's PGD
mmap A 0x10000000 8M rw
expect stat A pgtable == 0              # mmap allocates no tables
touch A 0x10000000 8M w
expect stat A pte_tables == 4
expect stat A pmd_tables == 1
expect stat A pud_tables == 1
expect stat A pgtable == 24K
expect stat A rss == 8M
expect stat A vmas == 1
expect sys pgtable_frames == 7
expect sys frames_used == 2055          # 2048 data pages + 7 tables
# a second address space accounts for its own tables
mm B
mmap B 0x10000000 4K rw
write B 0x10000000 "b"
expect stat B pgtable == 12K
expect stat A pgtable == 24K
expect sys pgtable_frames == 11
