# mremap moves whole page tables where the ranges allow (move_pgt_entry):
# a PMD-aligned 2M extent moves its PTE table, a PUD-aligned 1G extent its
# PMD table.  It allocates the destination's PUD table whenever the source
# has a PUD entry, even if nothing below it moves (alloc_new_pud before
# get_old_pmd).  With dontunmap the source VMA stays and keeps no table.
# Every pgtable figure below is the VmPTE delta Linux 6.18 showed for the same
# calls (kp probes; the old VMA's emptied tables are freed by the munmap
# that ends a plain move, as free_pgtables does).
mm A
mmap A 0x140000000 2M rw
write A 0x140000000 "t"
expect stat A pgtable == 12K
mremap A 0x140000000 2M 0x180000000 2M
expect stat A pgtable == 12K
expect stat A pte_tables == 1
read A 0x180000000 "t"
mm B
mmap B 0x140000000 2M rw
write B 0x140000000 "t"
mremap B 0x140000000 2M 0x180000000 2M dontunmap
expect stat B pgtable == 16K
expect stat B pte_tables == 1
read B 0x140000000 "\x00"
expect stat B pgtable == 20K
mm C
mmap C 0x140000000 4K rw
mremap C 0x140000000 4K 0x8000000000 4K
expect stat C pgtable == 0
mm F
mmap F 0x140000000 4K rw
write F 0x140000000 "f"
mmap F 0x140200000 4K rw
mmap F 0x1c0000000 2M rw
mremap F 0x1c0000000 2M 0x8000000000 2M
expect stat F pgtable == 12K
mremap F 0x140200000 4K 0x8000200000 4K
expect stat F pgtable == 16K
expect stat F pud_tables == 2
mm G
mmap G 0x140000000 4K rw
write G 0x140000000 "g"
mmap G 0x200000000 1G rw
write G 0x200000000 "G"
expect stat G pgtable == 20K
mremap G 0x200000000 1G 0x8040000000 1G dontunmap
expect stat G pgtable == 24K
expect stat G pmd_tables == 2
read G 0x8040000000 "G"
read G 0x200000000 "\x00"
expect stat G pgtable == 32K
mm H
mmap H 0x200000000 1G rw
write H 0x200000000 "h"
mremap H 0x200000000 1G 0x8040000000 1G
expect stat H pgtable == 12K
expect stat H pud_tables == 1
read H 0x8040000000 "h"
