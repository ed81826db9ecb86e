# Shared memory and THP: MADV_COLLAPSE of shmem collapses the page cache,
# not one process's page table (Linux's collapse_file).  Two processes map
# the same 4 MiB of MAP_SHARED|MAP_ANONYMOUS memory; the child collapses
# the first 2 MiB.  The parent's PTE table for it is retracted
# (retract_page_tables: freed under RCU and the pmd lock, without the
# parent's mmap_lock), and its next fault maps the new folio with one PMD.
# Once the parent alone maps it, MADV_PAGEOUT of part of it splits the
# folio into small pages (split_folio), still in the page cache.
#
#   mmkit run --stats examples/thp-shmem.mmk
#   mmkit kdiff examples/thp-shmem.mmk            # the host kernel agrees
#   mmkit explore --bug retract_no_pmd_recheck tests/races/retract_no_pmd_recheck.mmk
thp madvise
mm parent
mmap parent 0x40000000 4M rw shared
touch parent 0x40000000 1M w              # 256 pages in the page cache
write parent 0x40000000 "shared"
expect stat parent pte_tables == 1
fork parent child
madvise child 0x40000000 2M collapse      # 512 slots -> one PMD-sized folio
expect stat child shmem_pmd == 2M
expect stat parent rss == 0               # its PTEs went with the old pages
expect stat parent pte_tables == 0        # ... and its table, retracted
read parent 0x40000000 "shared"           # a fault maps the folio whole
expect stat parent shmem_pmd == 2M
expect page parent 0x40000000 thp=1
madvise parent 0x40080000 4K dontneed     # part of a shmem PMD: it goes whole
expect stat parent shmem_pmd == 0
read parent 0x40080000 "\x00"             # and comes back on the next fault
expect stat parent shmem_pmd == 2M
exit child                                # the parent alone maps it now
madvise parent 0x40100000 4K pageout      # part of it paged out: the folio splits
expect stat parent rss == 0               # every mapping of it went
expect sys thp_split_page == 1
read parent 0x40000000 "shared"           # its pages are small ones now
expect page parent 0x40000000 thp=0 dirty=1
