# The THP variants of the anonymous COW tests of Linux's selftest cow.c
# (tools/testing/selftests/mm/cow.c) that need no GUP: COW after fork in
# the parent (with and without the mprotect() optimization) and in the
# child, on a PMD-mapped THP, a PTE-mapped THP, a single PTE-mapped THP,
# a partially mremap()ed THP and a partially shared THP (the selftest's
# thp_run variants, swap-out ones aside: no swap).  Each side must keep
# its own bytes.  thp-cow-pin.mmk has the GUP cases.  `mmkit kdiff` runs
# it on the host kernel (6.18, THP madvise) and agrees.
thp madvise

# PMD-mapped THP, COW in the parent after fork: the child keeps the old bytes
mm P1
mmap P1 0x40000000 2M rw huge
write P1 0x40000000 0x01*2M
expect page P1 0x40000000 thp=1
fork P1 C1
write P1 0x40000000 0x02*2M
read C1 0x40000000 0x01*2M
read P1 0x40000000 0x02*2M
exit C1
exit P1

# PMD-mapped THP, COW in the parent after fork, with mprotect() optimization
mm P2
mmap P2 0x40000000 2M rw huge
write P2 0x40000000 0x01*2M
expect page P2 0x40000000 thp=1
fork P2 C2
mprotect P2 0x40000000 2M r
mprotect P2 0x40000000 2M rw
write P2 0x40000000 0x02*2M
read C2 0x40000000 0x01*2M
read P2 0x40000000 0x02*2M
exit C2
exit P2

# PMD-mapped THP, COW in the child after fork: the parent keeps the old bytes
mm P3
mmap P3 0x40000000 2M rw huge
write P3 0x40000000 0x01*2M
expect page P3 0x40000000 thp=1
fork P3 C3
write C3 0x40000000 0x02*2M
read P3 0x40000000 0x01*2M
read C3 0x40000000 0x02*2M
exit C3
exit P3

# PTE-mapped THP (mprotect of one page splits the PMD), COW in the parent after fork: the child keeps the old bytes
mm P4
mmap P4 0x40000000 2M rw huge
write P4 0x40000000 0x01*2M
expect page P4 0x40000000 thp=1
mprotect P4 0x40001000 4K r
mprotect P4 0x40001000 4K rw
expect pte P4 0x40000000 huge=0
expect page P4 0x40000000 thp=1
fork P4 C4
write P4 0x40000000 0x02*2M
read C4 0x40000000 0x01*2M
read P4 0x40000000 0x02*2M
exit C4
exit P4

# PTE-mapped THP (mprotect of one page splits the PMD), COW in the parent after fork, with mprotect() optimization
mm P5
mmap P5 0x40000000 2M rw huge
write P5 0x40000000 0x01*2M
expect page P5 0x40000000 thp=1
mprotect P5 0x40001000 4K r
mprotect P5 0x40001000 4K rw
expect pte P5 0x40000000 huge=0
expect page P5 0x40000000 thp=1
fork P5 C5
mprotect P5 0x40000000 2M r
mprotect P5 0x40000000 2M rw
write P5 0x40000000 0x02*2M
read C5 0x40000000 0x01*2M
read P5 0x40000000 0x02*2M
exit C5
exit P5

# PTE-mapped THP (mprotect of one page splits the PMD), COW in the child after fork: the parent keeps the old bytes
mm P6
mmap P6 0x40000000 2M rw huge
write P6 0x40000000 0x01*2M
expect page P6 0x40000000 thp=1
mprotect P6 0x40001000 4K r
mprotect P6 0x40001000 4K rw
expect pte P6 0x40000000 huge=0
expect page P6 0x40000000 thp=1
fork P6 C6
write C6 0x40000000 0x02*2M
read P6 0x40000000 0x01*2M
read C6 0x40000000 0x02*2M
exit C6
exit P6

# single PTE-mapped THP (all but the first page zapped; that page tested), COW in the parent after fork: the child keeps the old bytes
mm P7
mmap P7 0x40000000 2M rw huge
write P7 0x40000000 0x01*2M
expect page P7 0x40000000 thp=1
madvise P7 0x40001000 2044K dontneed
expect page P7 0x40000000 thp=1
fork P7 C7
write P7 0x40000000 0x02*4K
read C7 0x40000000 0x01*4K
read P7 0x40000000 0x02*4K
exit C7
exit P7

# single PTE-mapped THP (all but the first page zapped; that page tested), COW in the parent after fork, with mprotect() optimization
mm P8
mmap P8 0x40000000 2M rw huge
write P8 0x40000000 0x01*2M
expect page P8 0x40000000 thp=1
madvise P8 0x40001000 2044K dontneed
expect page P8 0x40000000 thp=1
fork P8 C8
mprotect P8 0x40000000 4K r
mprotect P8 0x40000000 4K rw
write P8 0x40000000 0x02*4K
read C8 0x40000000 0x01*4K
read P8 0x40000000 0x02*4K
exit C8
exit P8

# single PTE-mapped THP (all but the first page zapped; that page tested), COW in the child after fork: the parent keeps the old bytes
mm P9
mmap P9 0x40000000 2M rw huge
write P9 0x40000000 0x01*2M
expect page P9 0x40000000 thp=1
madvise P9 0x40001000 2044K dontneed
expect page P9 0x40000000 thp=1
fork P9 C9
write C9 0x40000000 0x02*4K
read P9 0x40000000 0x01*4K
read C9 0x40000000 0x02*4K
exit C9
exit P9

# partially mremap()ed THP (its second half moved away; the first half tested), COW in the parent after fork: the child keeps the old bytes
mm P10
mmap P10 0x40000000 2M rw huge
write P10 0x40000000 0x01*2M
expect page P10 0x40000000 thp=1
mmap P10 0x80000000 1M none
mremap P10 0x40100000 1M 0x80000000 1M
expect page P10 0x40000000 thp=1
fork P10 C10
write P10 0x40000000 0x02*1M
read C10 0x40000000 0x01*1M
read P10 0x40000000 0x02*1M
exit C10
exit P10

# partially mremap()ed THP (its second half moved away; the first half tested), COW in the parent after fork, with mprotect() optimization
mm P11
mmap P11 0x40000000 2M rw huge
write P11 0x40000000 0x01*2M
expect page P11 0x40000000 thp=1
mmap P11 0x80000000 1M none
mremap P11 0x40100000 1M 0x80000000 1M
expect page P11 0x40000000 thp=1
fork P11 C11
mprotect P11 0x40000000 1M r
mprotect P11 0x40000000 1M rw
write P11 0x40000000 0x02*1M
read C11 0x40000000 0x01*1M
read P11 0x40000000 0x02*1M
exit C11
exit P11

# partially mremap()ed THP (its second half moved away; the first half tested), COW in the child after fork: the parent keeps the old bytes
mm P12
mmap P12 0x40000000 2M rw huge
write P12 0x40000000 0x01*2M
expect page P12 0x40000000 thp=1
mmap P12 0x80000000 1M none
mremap P12 0x40100000 1M 0x80000000 1M
expect page P12 0x40000000 thp=1
fork P12 C12
write C12 0x40000000 0x02*1M
read P12 0x40000000 0x01*1M
read C12 0x40000000 0x02*1M
exit C12
exit P12

# partially shared THP (a child shared its first page and exited), COW in the parent after fork: the child keeps the old bytes
mm P13
mmap P13 0x40000000 2M rw huge
write P13 0x40000000 0x01*2M
expect page P13 0x40000000 thp=1
madvise P13 0x40001000 2044K dontfork
fork P13 P13k
exit P13k
madvise P13 0x40001000 2044K dofork
expect page P13 0x40000000 thp=1
fork P13 C13
write P13 0x40000000 0x02*2M
read C13 0x40000000 0x01*2M
read P13 0x40000000 0x02*2M
exit C13
exit P13

# partially shared THP (a child shared its first page and exited), COW in the parent after fork, with mprotect() optimization
mm P14
mmap P14 0x40000000 2M rw huge
write P14 0x40000000 0x01*2M
expect page P14 0x40000000 thp=1
madvise P14 0x40001000 2044K dontfork
fork P14 P14k
exit P14k
madvise P14 0x40001000 2044K dofork
expect page P14 0x40000000 thp=1
fork P14 C14
mprotect P14 0x40000000 2M r
mprotect P14 0x40000000 2M rw
write P14 0x40000000 0x02*2M
read C14 0x40000000 0x01*2M
read P14 0x40000000 0x02*2M
exit C14
exit P14

# partially shared THP (a child shared its first page and exited), COW in the child after fork: the parent keeps the old bytes
mm P15
mmap P15 0x40000000 2M rw huge
write P15 0x40000000 0x01*2M
expect page P15 0x40000000 thp=1
madvise P15 0x40001000 2044K dontfork
fork P15 P15k
exit P15k
madvise P15 0x40001000 2044K dofork
expect page P15 0x40000000 thp=1
fork P15 C15
write C15 0x40000000 0x02*2M
read P15 0x40000000 0x01*2M
read C15 0x40000000 0x02*2M
exit C15
exit P15
