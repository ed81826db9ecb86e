#! cmd explore
#! args --preemptions 1
#! stdout explored
# MADV_COLLAPSE against a GUP pin (slow path) of a page in the 2M.  The
# collapse scans under mmap_lock read, drops it and takes it for write:
# the pin can land between the scan and the write lock.  So after clearing
# the pmd the collapse looks at every page's references again
# (__collapse_huge_page_isolate) and gives up with EAGAIN on an extra one;
# without that recheck it copies the pinned page into the THP and the pin
# goes stale: the device no longer sees what the CPU writes (invariant 7).
# docs/mutants.md: collapse-isolate.
policy linux
ram 8M
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 8K w
thread T1
  pin P A 0x40000000 1
thread T2
  may-fail EAGAIN madvise A 0x40000000 2M collapse
run
write A 0x40000000 "cpu"
dma-read P 0 "cpu"
unpin P
