# policies.md bug fork_share_pinned: fork must copy a maybe-pinned
# exclusive anonymous page for the child at once; sharing it COW lets the
# parent's next write move its mapping away from the pin (CVE-2020-29374
# class).  T1 pins the parent's page for writing with GUP-fast while T2
# forks.  Whatever the order, the parent's later write must land in the
# pinned page; with the bug, the explorer finds the order (pin, then fork)
# where the DMA read after it sees the old contents.
#! find fork P C: invariant 7: anonymous page
policy linux
ram 512K
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "one"
thread T1
  pin W P 0x40000000 1 write longterm fast
thread T2
  fork P C
run
write P 0x40000000 "two"
dma-read W 0 "two"
