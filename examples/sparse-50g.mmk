# The reference workload of shared/spec/policies.md: a sparse 50 GiB
# private anonymous mapping at a 1 GiB-aligned address, with one byte
# written every 2 MiB.  On Linux 6.18 (x86-64) VmPTE grows by 102,604 kB;
# mmkit must give the same figures.
#
#   PTE tables: one per 2 MiB touched:  50G / 2M = 25,600
#   PMD tables: one per 1 GiB:          50G / 1G = 50
#   PUD tables: one per 512 GiB:        1 (0x4000000000 = 256 GiB; the
#               50 GiB end below 512 GiB)
#   pgtable:    (25,600 + 50 + 1) x 4 kB = 102,604 kB
#
# Data: 25,600 pages of 4 kB = 100 MiB of RAM, well inside the default 1G.
# Run it with: mmkit run --stats examples/sparse-50g.mmk
policy linux
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
expect stat A pte_tables == 25600
expect stat A pmd_tables == 50
expect stat A pud_tables == 1
expect stat A pgtable == 102604K
expect stat A rss == 100M
