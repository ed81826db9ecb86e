# Linux's fork does not copy the page tables of a shared anonymous
# mapping (vma_needs_copy: no anon_vma): the child faults its entries in
# from the shmem object on first access.
mm A
mmap A 0x10000000 4K rw shared
write A 0x10000000 "shm"
fork A B
expect pte B 0x10000000 none=1
expect stat B rss == 0
read B 0x10000000 "shm"
expect pte B 0x10000000 present=1
expect same-frame A 0x10000000 B 0x10000000
