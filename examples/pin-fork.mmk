# A long-term R/W pin (an RDMA buffer, a VFIO DMA mapping) across fork: the
# CVE-2020-29374 class of bugs.  fork copies the maybe-pinned exclusive page
# for the child at once, so the device and the parent keep sharing one page
# and the child never sees later DMA.  Run: mmkit run examples/pin-fork.mmk
# With the historical bug back on, the checker stops at the fork (invariant
# 7: the pinned page is mapped by parent and child):
#   mmkit run --check --bug fork_share_pinned examples/pin-fork.mmk
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
