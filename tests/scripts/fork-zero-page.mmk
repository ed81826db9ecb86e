# fork copies the page tables of a private mapping only if it has an
# anon_vma (vma_needs_copy), i.e. once any page of it was written or
# copied: a mapping that was only read (the zero page) is not copied, and
# the child faults the zero page in again.  Once copied, zero-page entries
# are copied as they are.  (Linux 6.18 agrees: the child's VmPTE does not
# grow for the read-only mapping.)
mm A
mmap A 0x10000000 4K rw
read A 0x10000000 0x00*8
fork A B
expect page A 0x10000000 zero=1
expect pte B 0x10000000 none=1
expect stat B pgtable == 0
read B 0x10000000 0x00*8
expect page B 0x10000000 zero=1
expect same-frame A 0x10000000 B 0x10000000
write B 0x10000000 "b"
expect distinct-frame A 0x10000000 B 0x10000000
expect page A 0x10000000 zero=1
expect page B 0x10000000 zero=0 anon=1 mapcount=1
read A 0x10000000 "\x00"
read B 0x10000000 "b\x00"
expect stat A rss == 0
expect stat B rss == 4K
# A written mapping is copied, its zero-page entries with it.
mmap A 0x20000000 8K rw
write A 0x20000000 "a"
read A 0x20001000 0x00*8
fork A C
expect page C 0x20001000 zero=1
expect same-frame A 0x20001000 C 0x20001000
expect page C 0x20000000 anon=1 mapcount=2
