# fork write-protects the parent's entries and then flushes the parent's
# TLBs (dup_mmap's flush_tlb_mm): a CPU that cached a writable translation
# before the fork must fault on its next write and copy, not store into
# the page the child now shares.  CPU 1 writes before and after the fork;
# the child must keep "before".  Without the flush the checker sees CPU 1's
# writable TLB entry over a read-only PTE right after the fork (invariant
# 9) and the child reads the parent's write (docs/mutants.md: fork-flush).
#! args --check
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "before" cpu=1
fork P C
expect pte P 0x40000000 write=0
write P 0x40000000 "parent" cpu=1
read C 0x40000000 "before"
read P 0x40000000 "parent" cpu=1
expect distinct-frame P 0x40000000 C 0x40000000
