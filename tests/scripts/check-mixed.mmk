#! args --check --policy full
#! stdout ok:
# The invariant checker (invariants.md 1, 2, 4, 5, 6, 8, 9) runs after
# every statement of a mix of faults, COW, pins, mremap and reclaim; the
# device's write through the pin must be what the CPU then reads.
mm A
mmap A 0x40000000 4M rw
touch A 0x40000000 4M w
fork A B
write B 0x40000000 "child"
pin P A 0x40001000 2 write longterm
mprotect A 0x40100000 1M r
madvise A 0x40200000 2M dontneed
madvise B 0x40000000 1M free
madvise B 0x40000000 1M pageout
mremap A 0x40000000 1M 0x80000000 1M
dma-write P 0 "dma"
read A 0x80001000 "dma"              # the pin followed the page to its new address
unpin P dirty
read A 0x80001000 "dma"
exit B
munmap A 0x80000000 1M
