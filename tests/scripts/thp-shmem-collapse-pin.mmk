# A pinned shmem page stops MADV_COLLAPSE of its range (collapse_file's
# folio_ref_freeze fails on the pin's references: EAGAIN), and the range
# stays as it was: the pin and the mapping still see one page, so a DMA
# write through the pin is what the process reads.  Once unpinned, the
# collapse succeeds and carries the bytes into the new folio.
thp madvise
mm A
mmap A 0x40000000 2M rw shared
write A 0x40001000 "cpu"
pin P A 0x40001000 1
expect-error EAGAIN madvise A 0x40000000 2M collapse
expect stat A shmem_pmd == 0
dma-write P 0 "dma"
read A 0x40001000 "dma"
unpin P
madvise A 0x40000000 2M collapse
expect stat A shmem_pmd == 2M
read A 0x40001000 "dma"
