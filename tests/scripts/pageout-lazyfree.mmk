# MADV_FREE then MADV_PAGEOUT: clean lazily freed pages are discarded;
# a write after MADV_FREE cancels it for that page.
mm A
mmap A 0x40000000 4M rw
touch A 0x40000000 4M w
write A 0x40000000 "gone"
madvise A 0x40000000 4M free
expect page A 0x40000000 dirty=0
expect pte A 0x40000000 dirty=0 young=0
write A 0x40001000 "kept"
expect pte A 0x40001000 dirty=1
madvise A 0x40000000 4M pageout
read A 0x40001000 "kept"
expect stat A rss == 4K
read A 0x40000000 "\x00\x00\x00\x00"
madvise A 0x40000000 4M pageout             # a dirty, non-lazy page stays
read A 0x40001000 "kept"
mmap A 0x80000000 1M rw shared              # shmem: no swap, pages stay
write A 0x80000000 "shm"
madvise A 0x80000000 1M pageout
read A 0x80000000 "shm"
