# fork gives the child a PUD table for every PGD entry, and a PMD table for
# every PUD entry, that the parent's VMA has a table under, even when
# PT_RECLAIM left no PTE table below them (copy_pud_range and
# copy_pmd_range allocate before they look).  Linux 6.18: the child's
# VmPTE grows by 8 kB here, the parent keeps its PUD and PMD tables.
mm A
mmap A 0x40000000 4M rw
write A 0x40000000 "x"
write A 0x40300000 "y"
madvise A 0x40000000 4M dontneed
expect stat A pte_tables == 0
expect stat A pgtable == 8K
fork A B
expect stat B pte_tables == 0
expect stat B pmd_tables == 1
expect stat B pud_tables == 1
expect stat B pgtable == 8K
read B 0x40000000 "\x00"
expect stat B pte_tables == 1
