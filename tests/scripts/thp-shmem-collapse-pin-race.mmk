#! cmd explore
#! args --preemptions 1 --por
#! stdout explored
# MADV_COLLAPSE of shmem against a GUP pin of a page in the 2M: the pin
# can land after collapse_file's scan and after it unmapped the page, up
# to the moment it freezes the old page's references.  The freeze (a
# compare-and-exchange from the cache's and collapse's two references to
# zero) fails on the pin's, and the collapse gives up with EAGAIN; without
# it the new folio replaces the pinned page and the pin goes stale: the
# device no longer sees what the CPU writes.  docs/mutants.md:
# collapse-file-freeze.
policy linux
mm A
mmap A 0x40000000 2M rw shared
write A 0x40001000 "old"
thread T1
  pin P A 0x40001000 1
thread T2
  may-fail EAGAIN madvise A 0x40000000 2M collapse
run
write A 0x40001000 "cpu"
dma-read P 0 "cpu"
unpin P
