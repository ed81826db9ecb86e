# A collapse in one process retracts the page tables of another: the
# child's MADV_COLLAPSE of shared anonymous memory unmaps the parent's 4
# KiB pages (try_to_unmap through the object's i_mmap list) and frees the
# parent's emptied PTE table (retract_page_tables, no mmap_lock of the
# parent taken); the parent's next fault maps the new folio with a PMD.
# A VMA split by mprotect clears the leaf, and the pieces fault PTEs.
# Figures from the host kernel (6.18, THP `madvise`): `mmkit kdiff` agrees.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
touch A 0x40000000 2M w
expect stat A rss == 2M
expect stat A pte_tables == 1
fork A B
read B 0x40000000 "\x00"
expect stat B rss == 64K
madvise B 0x40000000 2M collapse
expect stat B shmem_pmd == 2M
expect stat A rss == 0
expect stat A pte_tables == 0
expect stat A shmem_pmd == 0
write A 0x40001000 "p"
expect stat A shmem_pmd == 2M
expect stat A rss == 2M
read B 0x40001000 "p"
mprotect A 0x40001000 4K r
expect stat A shmem_pmd == 0
expect stat A rss == 0
read A 0x40002000 "\x00"
expect stat A rss == 64K
exit B
read A 0x40001000 "p"
