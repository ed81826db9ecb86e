# policies.md's 8 GiB reference cases (Linux 6.18, PT_RECLAIM=y), as growth
# of VmPTE.  Run: mmkit run --stats examples/policies-8g.mmk
# Compare the five policies on it: mmkit compare examples/policies-8g.mmk
policy linux
mm A
mmap A 0x40000000 8G rw
touch A 0x40000000 8G w stride=2M
expect stat A pgtable == 16420K            # +16,420 kB
madvise A 0x40000000 8G free
expect stat A pgtable == 16420K            # MADV_FREE frees no table
madvise A 0x40000000 4G dontneed
expect stat A pgtable == 8228K             # first half: exactly half freed
madvise A 0x140000000 1M dontneed          # a table emptied in two halves...
madvise A 0x140100000 1M dontneed
expect stat A pgtable == 8228K             # ...is not freed
madvise A 0x40000000 8G dontneed
expect stat A pgtable == 36K               # 8 PMD tables + 1 PUD table
mm B
mmap B 0x40000000 8G rw
touch B 0x40000000 8G w stride=2M          # two pages per table:
touch B 0x40001000 8G w stride=2M
madvise B 0x40000000 4K dontneed           # one page of the first table
expect stat B pgtable == 16420K            # frees nothing
mm C
mmap C 0x40000000 2M rw shared             # shared anonymous, one table
touch C 0x40000000 2M w
madvise C 0x40000000 2M dontneed
expect stat C pte_tables == 0              # freed too
