# A partial munmap that empties a PTE table a neighbouring VMA still
# shares: free_pgtables keeps it (the table is not wholly inside the hole),
# but under the rwsem policy the zapper then takes the page-table rwsem
# for write and frees every table of the range that the zap emptied, as
# it does after MADV_DONTNEED (`full` does the same; `linux` keeps it).
policy rwsem
mm A
mmap A 0x40000000 4M rw
touch A 0x40100000 4K w          # the only page of the first table
touch A 0x40300000 4K w          # a page of the second table
expect stat A pte_tables == 2
munmap A 0x40100000 2M           # [+1M, +3M): the first table empties
expect stat A pte_tables == 1
expect stat A vmas == 2
read A 0x40300000 "\x00"
touch A 0x40000000 4K w          # the left VMA faults a new table
expect stat A pte_tables == 2
