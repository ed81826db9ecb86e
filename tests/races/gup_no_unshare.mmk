# policies.md bug gup_no_unshare: a read-only pin of an anonymous page
# that fork left shared must first unshare it (make the parent's copy
# exclusive), or the parent's next write COWs away from the pin.  T1 forks
# while T2 takes a read-only long-term pin.  Whatever the order, the pin
# must see the parent's later write; with the bug, the explorer finds the
# order (fork, then pin) where it does not.
#! find pin S P 0x40000000 1 longterm: invariant 7: anonymous page
policy linux
ram 512K
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "shared"
thread T1
  fork P C
thread T2
  pin S P 0x40000000 1 longterm
run
write P 0x40000000 "SHARED"
dma-read S 0 "SHARED"
