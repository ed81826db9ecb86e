# refcount frees each PTE table when its last reference (entry or walker)
# goes; PMD and PUD tables are not refcounted and stay.
policy refcount
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
madvise A 0x4000000000 50G dontneed
expect stat A pte_tables == 0
expect stat A pgtable == 204K
