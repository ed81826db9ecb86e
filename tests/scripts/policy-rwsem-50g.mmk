# rwsem: the zapper write-trylocks the page-table rwsem (uncontended here)
# and frees empty tables of every level.
policy rwsem
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
madvise A 0x4000000000 50G dontneed
expect stat A pgtable == 0
