# With 1M of RAM (256 frames, page tables included), populating 2M cannot
# succeed: the fault that finds no frame fails the access with ENOMEM.
ram 1M
mm A
mmap A 0x10000000 2M rw
expect-error ENOMEM touch A 0x10000000 2M w
expect sys frames_used <= 256
# munmap gives everything back: the tables of the range go too (free_pgtables)
munmap A 0x10000000 2M
sync
expect stat A pgtable == 0
expect sys frames_used == 1
# and smaller work fits again
mmap A 0x10000000 512K rw
touch A 0x10000000 512K w
expect stat A rss == 512K
