# MM_ID (Linux 6.15+): a large folio tracks the mms that map it in two
# slots, and folio_maybe_mapped_shared() is the flag those keep, not a
# guess from the first page.  Two consequences the host kernel shows
# (`mmkit kdiff` agrees):
# 1. A THP that three processes mapped at once stays "maybe shared"
#    after two let go (the third's mappings were in no slot): MADV_PAGEOUT
#    of part of it in the last one leaves it whole (kdiff --random --thp
#    seed 781 found it).
# 2. A THP whose pages one process maps in two tables (mremap moved half
#    of it) is still that process's alone: after a fork and the child's
#    exit, a write fault reuses the page instead of copying it, and a
#    partial MADV_PAGEOUT splits it.
thp madvise
mm A
mmap A 0x40000000 2M rw huge
write A 0x40000000 0x01*2M
fork A B
fork B C
exit A
exit B
expect page C 0x40000000 thp=1
mremap C 0x40100000 1M 0x80000000 1M
madvise C 0x40000000 4K pageout
expect page C 0x40001000 thp=1
expect page C 0x80000000 thp=1
expect sys thp_split_page == 0
mm D
mmap D 0x40000000 2M rw huge
write D 0x40000000 0x02*2M
mremap D 0x40100000 1M 0x80000000 1M
fork D E
exit E
write D 0x40000000 "d"
expect page D 0x40000000 thp=1
write D 0x80000000 "e"
expect page D 0x80000000 thp=1
read D 0x40001000 0x02*4K
madvise D 0x40000000 4K pageout
expect page D 0x40001000 thp=0
expect sys thp_split_page == 1
read D 0x40000000 "d"
read D 0x80000000 "e"
# 3. Two processes map a PTE-mapped THP after fork: each write fault
#    copies (the folio is shared), and neither sees the other's bytes.
mm F
mmap F 0x40000000 2M rw huge
write F 0x40000000 0x03*2M
mprotect F 0x40001000 4K r
mprotect F 0x40001000 4K rw
fork F G
write F 0x40000000 "f"
read G 0x40000000 "\x03"
write G 0x40002000 "g"
read F 0x40002000 "\x03"
read F 0x40000000 "f"
