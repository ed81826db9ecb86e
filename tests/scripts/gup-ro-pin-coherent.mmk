# cow.c: a long-term R/O pin stays coherent on shared, previously shared,
# and exclusive-but-read-only pages: the pin unshares first
# (FAULT_FLAG_UNSHARE), so the next write goes to the pinned page.
mm P
mmap P 0x40000000 12K rw
write P 0x40000000 "shared"
write P 0x40001000 "previously"
write P 0x40002000 "exclusive"
fork P C
pin S P 0x40000000 1 longterm              # shared with C: unshare copies
expect pte P 0x40000000 exclusive=1 write=0
expect distinct-frame P 0x40000000 C 0x40000000
write P 0x40000000 "SHARED"
dma-read S 0 "SHARED"
read C 0x40000000 "shared"
exit C                                     # page 2 was shared, now is not
pin R P 0x40001000 1 longterm fast         # fast bails, slow unshares (reuse)
expect pte P 0x40001000 exclusive=1
write P 0x40001000 "PREVIOUSLY"
dma-read R 0 "PREVIOUSLY"
mprotect P 0x40002000 4K r                 # exclusive but read-only
pin E P 0x40002000 1 longterm
mprotect P 0x40002000 4K rw
write P 0x40002000 "EXCLUSIVE"
dma-read E 0 "EXCLUSIVE"
unpin S
unpin R
unpin E
