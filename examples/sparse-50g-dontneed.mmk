# The reference workload of shared/spec/policies.md, continued: the sparse
# 50 GiB private anonymous mapping of sparse-50g.mmk (one byte written
# every 2 MiB, at a 1 GiB-aligned address), then MADV_DONTNEED of the
# whole range, then a read of one page.  On Linux 6.18 (x86-64,
# PT_RECLAIM=y) VmPTE grows by:
#   after the writes         +102,604 kB  (25,600 PTE + 50 PMD + 1 PUD tables)
#   after MADV_DONTNEED          +204 kB  (every PTE table was covered by the
#                                          zap and left empty: all freed;
#                                          the 50 PMD tables and the PUD stay)
#   after a read of one page     +208 kB  (one PTE table again, mapping the
#                                          shared zero page)
# The expectations are those of policy `linux`.  To see what each policy
# returns, and what it costs, run:
#   mmkit compare examples/sparse-50g-dontneed.mmk
policy linux
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
expect stat A pgtable == 102604K
expect stat A rss == 100M
madvise A 0x4000000000 50G dontneed
expect stat A pgtable == 204K
expect stat A pte_tables == 0
expect stat A pmd_tables == 50
expect stat A rss == 0
read A 0x4000000000 0x00*1
expect stat A pgtable == 208K
expect page A 0x4000000000 zero=1
sync
expect sys pending_free == 0
