# keep frees no page table on MADV_DONTNEED (Linux before 6.14).
policy keep
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
madvise A 0x4000000000 50G dontneed
expect stat A pgtable == 102604K
expect stat A rss == 0
munmap A 0x4000000000 50G                 # free_pgtables frees them all
expect stat A pgtable == 0
