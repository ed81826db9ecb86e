# cow.c: a long-term R/W pin stays coherent with the mapping across an
# mprotect R/O -> R/W cycle and across fork (fork copies the pinned page
# for the child at once; the parent keeps its pinned page).
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "one"
pin W P 0x40000000 1 write longterm
mprotect P 0x40000000 4K r
mprotect P 0x40000000 4K rw
write P 0x40000000 "two"
dma-read W 0 "two"
dma-write W 0 "dma"
read P 0x40000000 "dma"
fork P C
expect distinct-frame P 0x40000000 C 0x40000000
read C 0x40000000 "dma"                    # the child's copy, taken at fork
write P 0x40000000 "three"                 # no COW: the parent's page is exclusive
dma-read W 0 "three"
dma-write W 0 "four!"
read C 0x40000000 "dma"                    # the child never sees the device
unpin W dirty
pin V P 0x40000000 1 write longterm fast   # and with GUP-fast
fork P D
write P 0x40000000 "five"
dma-read V 0 "five"
unpin V
