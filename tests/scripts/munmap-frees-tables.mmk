# munmap frees the page tables that no longer cover any VMA
# (free_pgtables), under every policy; tables still shared with a
# remaining VMA stay.
mm A
mmap A 0x10000000 4M rw
touch A 0x10000000 4M w
expect stat A pte_tables == 2
munmap A 0x10000000 2M
sync
expect stat A pte_tables == 1
expect stat A pmd_tables == 1
munmap A 0x10200000 1M               # half of the last table's range
expect stat A pte_tables == 1
munmap A 0x10300000 1M
sync
expect stat A pte_tables == 0
expect stat A pgtable == 0
expect stat A vmas == 0
