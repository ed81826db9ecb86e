#! cmd compare
#! stdout mmkit compare FILE: one run per policy
#! stdout                                   keep       linux    refcount       rwsem        full
#! stdout status                              ok          ok          ok          ok          ok
#! stdout expectations held                  1/3         3/3         3/3         2/3         2/3
#! stdout PTE tables, end                      4           0           0           0           0
#! stdout PTE tables, peak                     4           4           4           4           4
#! stdout PMD tables, end                      1           1           1           0           0
#! stdout PMD tables, peak                     1           1           1           1           1
#! stdout PUD tables, end                      1           1           1           0           0
#! stdout pgtable kB, end                     24           8           8           0           0
#! stdout frames used, end                     7           3           3           1           1
#! stdout frames used, peak                 2055        2055        2055        2055        2055
#! stdout pending_free, end                    0           0           0           0           0
#! stdout freed_pte                            0           4           4           4           4
#! stdout freed_pmd                            0           0           0           1           1
#! stdout freed_pud                            0           0           0           1           1
#! stderr keep: 2 of 3 expectations did not hold; the first: FILE:40: expect stat A pte_tables == 0: expected pte_tables == 0, got 4
#! stderr rwsem: 1 of 3 expectations did not hold; the first: FILE:41: expect stat A pgtable == 8K: expected pgtable == 8192, got 0
# `mmkit compare`: one script under the five policies (policies.md).  An
# 8 MiB private mapping, 1 GiB aligned, fully written (4 PTE tables under
# one PMD and one PUD table), then DONTNEEDed in one call covering every
# table:
#   keep      frees nothing on DONTNEED: 4 PTE + 1 PMD + 1 PUD = 24 kB
#   linux     frees the 4 PTE tables (each zap covers a whole table and
#             leaves it empty); the PMD and PUD tables stay: 8 kB
#   refcount  the last entry's reference frees each PTE table; upper
#             levels are not refcounted: 8 kB
#   rwsem     may free every level: back to the empty address space, 0 kB
#   full      frees empty PMD and PUD tables too: 0 kB
# Frames at the end: those tables plus the top-level table (PGD), which
# pgtable does not count.  The expectations are linux's; compare reports
# them per policy without enforcing them.
mm A
mmap A 0x40000000 8M rw
touch A 0x40000000 8M w
expect stat A pte_tables == 4
madvise A 0x40000000 8M dontneed
sync
expect stat A pte_tables == 0
expect stat A pgtable == 8K
