# cow.c: no leak from parent to child or child to parent after fork, with
# or without a GUP pin.  A read-only pin of a page the child shares must
# unshare it first (gup_must_unshare), on the slow path and on GUP-fast
# (B5: GUP-fast gives such a page to the slow path): the pin then holds
# the parent's own copy, sees the parent's later writes and never the
# child's.  A pin of the shared page itself would go stale at the
# parent's next write, which copies away from it (docs/mutants.md:
# gup-fast-unshare).
#! args --check
mm P
mmap P 0x40000000 64K rw
write P 0x40000000 "parent-0"
write P 0x40001000 "slow-0"
write P 0x40002000 "fast-0"
fork P C
write C 0x40000000 "child-1"
read P 0x40000000 "parent-0"
write P 0x40000000 "parent-2"
read C 0x40000000 "child-1"
expect distinct-frame P 0x40000000 C 0x40000000
expect pte P 0x40000000 exclusive=1
expect pte C 0x40000000 exclusive=1
# read-only pins of pages P still shares with C
pin S P 0x40001000 1
pin F P 0x40002000 1 fast
expect pte P 0x40001000 exclusive=1
expect pte P 0x40002000 exclusive=1
write C 0x40001000 "child-S"
write C 0x40002000 "child-F"
dma-read S 0 "slow-0"
dma-read F 0 "fast-0"
write P 0x40001000 "parent-S"
write P 0x40002000 "parent-F"
dma-read S 0 "parent-S"
dma-read F 0 "parent-F"
read C 0x40001000 "child-S"
read C 0x40002000 "child-F"
unpin S
unpin F
