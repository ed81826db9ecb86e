# The THP variants of the GUP cases of Linux's selftest cow.c
# (tools/testing/selftests/mm/cow.c): R/O long-term pins (GUP and
# GUP-fast) on a R/O-mapped shared, previously-shared and exclusive page,
# which must unshare so that the pin sees the process's later writes; a
# R/W long-term pin (an io_uring fixed buffer) across mprotect() and
# fork(), which must keep seeing the parent's page.  On a PMD-mapped THP,
# a PTE-mapped THP, a single PTE-mapped THP, a partially mremap()ed THP
# and a partially shared THP (the selftest's thp_run variants, swap-out
# ones aside).  Run under every policy; thp-cow.mmk has the cases without
# GUP, which the host kernel judges too.
thp madvise

# PMD-mapped THP, R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes
mm P1
mmap P1 0x40000000 2M rw huge
write P1 0x40000000 0x01*2M
expect page P1 0x40000000 thp=1
fork P1 C1
pin P P1 0x40000000 512 longterm
write P1 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C1 0x40000000 0x01*2M
unpin P
exit C1
exit P1

# PMD-mapped THP, R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes (GUP-fast)
mm P2
mmap P2 0x40000000 2M rw huge
write P2 0x40000000 0x01*2M
expect page P2 0x40000000 thp=1
fork P2 C2
pin P P2 0x40000000 512 longterm fast
write P2 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C2 0x40000000 0x01*2M
unpin P
exit C2
exit P2

# PMD-mapped THP, R/O GUP pin on R/O-mapped previously-shared page
mm P3
mmap P3 0x40000000 2M rw huge
write P3 0x40000000 0x01*2M
expect page P3 0x40000000 thp=1
fork P3 C3
exit C3
pin P P3 0x40000000 512 longterm
write P3 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P3

# PMD-mapped THP, R/O GUP pin on R/O-mapped previously-shared page (GUP-fast)
mm P4
mmap P4 0x40000000 2M rw huge
write P4 0x40000000 0x01*2M
expect page P4 0x40000000 thp=1
fork P4 C4
exit C4
pin P P4 0x40000000 512 longterm fast
write P4 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P4

# PMD-mapped THP, R/O GUP pin on R/O-mapped exclusive page
mm P5
mmap P5 0x40000000 2M rw huge
write P5 0x40000000 0x01*2M
expect page P5 0x40000000 thp=1
mprotect P5 0x40000000 2M r
pin P P5 0x40000000 512 longterm
mprotect P5 0x40000000 2M rw
write P5 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P5

# PMD-mapped THP, R/O GUP pin on R/O-mapped exclusive page (GUP-fast)
mm P6
mmap P6 0x40000000 2M rw huge
write P6 0x40000000 0x01*2M
expect page P6 0x40000000 thp=1
mprotect P6 0x40000000 2M r
pin P P6 0x40000000 512 longterm fast
mprotect P6 0x40000000 2M rw
write P6 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P6

# PMD-mapped THP, R/O-mapping a page registered as an io_uring fixed buffer (a R/W long-term pin)
mm P7
mmap P7 0x40000000 2M rw huge
write P7 0x40000000 0x01*2M
expect page P7 0x40000000 thp=1
pin P P7 0x40000000 512 write longterm
mprotect P7 0x40000000 2M r
mprotect P7 0x40000000 2M rw
write P7 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P7

# PMD-mapped THP, fork() with an io_uring fixed buffer: the child gets copies, the pin keeps the parent's pages
mm P8
mmap P8 0x40000000 2M rw huge
write P8 0x40000000 0x01*2M
expect page P8 0x40000000 thp=1
pin P P8 0x40000000 512 write longterm
fork P8 C8
write P8 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C8 0x40000000 0x01*2M
unpin P
exit C8
exit P8

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes
mm P9
mmap P9 0x40000000 2M rw huge
write P9 0x40000000 0x01*2M
expect page P9 0x40000000 thp=1
mprotect P9 0x40001000 4K r
mprotect P9 0x40001000 4K rw
expect pte P9 0x40000000 huge=0
expect page P9 0x40000000 thp=1
fork P9 C9
pin P P9 0x40000000 512 longterm
write P9 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C9 0x40000000 0x01*2M
unpin P
exit C9
exit P9

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes (GUP-fast)
mm P10
mmap P10 0x40000000 2M rw huge
write P10 0x40000000 0x01*2M
expect page P10 0x40000000 thp=1
mprotect P10 0x40001000 4K r
mprotect P10 0x40001000 4K rw
expect pte P10 0x40000000 huge=0
expect page P10 0x40000000 thp=1
fork P10 C10
pin P P10 0x40000000 512 longterm fast
write P10 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C10 0x40000000 0x01*2M
unpin P
exit C10
exit P10

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped previously-shared page
mm P11
mmap P11 0x40000000 2M rw huge
write P11 0x40000000 0x01*2M
expect page P11 0x40000000 thp=1
mprotect P11 0x40001000 4K r
mprotect P11 0x40001000 4K rw
expect pte P11 0x40000000 huge=0
expect page P11 0x40000000 thp=1
fork P11 C11
exit C11
pin P P11 0x40000000 512 longterm
write P11 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P11

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped previously-shared page (GUP-fast)
mm P12
mmap P12 0x40000000 2M rw huge
write P12 0x40000000 0x01*2M
expect page P12 0x40000000 thp=1
mprotect P12 0x40001000 4K r
mprotect P12 0x40001000 4K rw
expect pte P12 0x40000000 huge=0
expect page P12 0x40000000 thp=1
fork P12 C12
exit C12
pin P P12 0x40000000 512 longterm fast
write P12 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P12

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped exclusive page
mm P13
mmap P13 0x40000000 2M rw huge
write P13 0x40000000 0x01*2M
expect page P13 0x40000000 thp=1
mprotect P13 0x40001000 4K r
mprotect P13 0x40001000 4K rw
expect pte P13 0x40000000 huge=0
expect page P13 0x40000000 thp=1
mprotect P13 0x40000000 2M r
pin P P13 0x40000000 512 longterm
mprotect P13 0x40000000 2M rw
write P13 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P13

# PTE-mapped THP (mprotect of one page splits the PMD), R/O GUP pin on R/O-mapped exclusive page (GUP-fast)
mm P14
mmap P14 0x40000000 2M rw huge
write P14 0x40000000 0x01*2M
expect page P14 0x40000000 thp=1
mprotect P14 0x40001000 4K r
mprotect P14 0x40001000 4K rw
expect pte P14 0x40000000 huge=0
expect page P14 0x40000000 thp=1
mprotect P14 0x40000000 2M r
pin P P14 0x40000000 512 longterm fast
mprotect P14 0x40000000 2M rw
write P14 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P14

# PTE-mapped THP (mprotect of one page splits the PMD), R/O-mapping a page registered as an io_uring fixed buffer (a R/W long-term pin)
mm P15
mmap P15 0x40000000 2M rw huge
write P15 0x40000000 0x01*2M
expect page P15 0x40000000 thp=1
mprotect P15 0x40001000 4K r
mprotect P15 0x40001000 4K rw
expect pte P15 0x40000000 huge=0
expect page P15 0x40000000 thp=1
pin P P15 0x40000000 512 write longterm
mprotect P15 0x40000000 2M r
mprotect P15 0x40000000 2M rw
write P15 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P15

# PTE-mapped THP (mprotect of one page splits the PMD), fork() with an io_uring fixed buffer: the child gets copies, the pin keeps the parent's pages
mm P16
mmap P16 0x40000000 2M rw huge
write P16 0x40000000 0x01*2M
expect page P16 0x40000000 thp=1
mprotect P16 0x40001000 4K r
mprotect P16 0x40001000 4K rw
expect pte P16 0x40000000 huge=0
expect page P16 0x40000000 thp=1
pin P P16 0x40000000 512 write longterm
fork P16 C16
write P16 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C16 0x40000000 0x01*2M
unpin P
exit C16
exit P16

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes
mm P17
mmap P17 0x40000000 2M rw huge
write P17 0x40000000 0x01*2M
expect page P17 0x40000000 thp=1
madvise P17 0x40001000 2044K dontneed
expect page P17 0x40000000 thp=1
fork P17 C17
pin P P17 0x40000000 1 longterm
write P17 0x40000000 0x02*4K
dma-read P 0 0x02*4K
read C17 0x40000000 0x01*4K
unpin P
exit C17
exit P17

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes (GUP-fast)
mm P18
mmap P18 0x40000000 2M rw huge
write P18 0x40000000 0x01*2M
expect page P18 0x40000000 thp=1
madvise P18 0x40001000 2044K dontneed
expect page P18 0x40000000 thp=1
fork P18 C18
pin P P18 0x40000000 1 longterm fast
write P18 0x40000000 0x02*4K
dma-read P 0 0x02*4K
read C18 0x40000000 0x01*4K
unpin P
exit C18
exit P18

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped previously-shared page
mm P19
mmap P19 0x40000000 2M rw huge
write P19 0x40000000 0x01*2M
expect page P19 0x40000000 thp=1
madvise P19 0x40001000 2044K dontneed
expect page P19 0x40000000 thp=1
fork P19 C19
exit C19
pin P P19 0x40000000 1 longterm
write P19 0x40000000 0x02*4K
dma-read P 0 0x02*4K
unpin P
exit P19

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped previously-shared page (GUP-fast)
mm P20
mmap P20 0x40000000 2M rw huge
write P20 0x40000000 0x01*2M
expect page P20 0x40000000 thp=1
madvise P20 0x40001000 2044K dontneed
expect page P20 0x40000000 thp=1
fork P20 C20
exit C20
pin P P20 0x40000000 1 longterm fast
write P20 0x40000000 0x02*4K
dma-read P 0 0x02*4K
unpin P
exit P20

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped exclusive page
mm P21
mmap P21 0x40000000 2M rw huge
write P21 0x40000000 0x01*2M
expect page P21 0x40000000 thp=1
madvise P21 0x40001000 2044K dontneed
expect page P21 0x40000000 thp=1
mprotect P21 0x40000000 4K r
pin P P21 0x40000000 1 longterm
mprotect P21 0x40000000 4K rw
write P21 0x40000000 0x02*4K
dma-read P 0 0x02*4K
unpin P
exit P21

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O GUP pin on R/O-mapped exclusive page (GUP-fast)
mm P22
mmap P22 0x40000000 2M rw huge
write P22 0x40000000 0x01*2M
expect page P22 0x40000000 thp=1
madvise P22 0x40001000 2044K dontneed
expect page P22 0x40000000 thp=1
mprotect P22 0x40000000 4K r
pin P P22 0x40000000 1 longterm fast
mprotect P22 0x40000000 4K rw
write P22 0x40000000 0x02*4K
dma-read P 0 0x02*4K
unpin P
exit P22

# single PTE-mapped THP (all but the first page zapped; that page tested), R/O-mapping a page registered as an io_uring fixed buffer (a R/W long-term pin)
mm P23
mmap P23 0x40000000 2M rw huge
write P23 0x40000000 0x01*2M
expect page P23 0x40000000 thp=1
madvise P23 0x40001000 2044K dontneed
expect page P23 0x40000000 thp=1
pin P P23 0x40000000 1 write longterm
mprotect P23 0x40000000 4K r
mprotect P23 0x40000000 4K rw
write P23 0x40000000 0x02*4K
dma-read P 0 0x02*4K
unpin P
exit P23

# single PTE-mapped THP (all but the first page zapped; that page tested), fork() with an io_uring fixed buffer: the child gets copies, the pin keeps the parent's pages
mm P24
mmap P24 0x40000000 2M rw huge
write P24 0x40000000 0x01*2M
expect page P24 0x40000000 thp=1
madvise P24 0x40001000 2044K dontneed
expect page P24 0x40000000 thp=1
pin P P24 0x40000000 1 write longterm
fork P24 C24
write P24 0x40000000 0x02*4K
dma-read P 0 0x02*4K
read C24 0x40000000 0x01*4K
unpin P
exit C24
exit P24

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes
mm P25
mmap P25 0x40000000 2M rw huge
write P25 0x40000000 0x01*2M
expect page P25 0x40000000 thp=1
mmap P25 0x80000000 1M none
mremap P25 0x40100000 1M 0x80000000 1M
expect page P25 0x40000000 thp=1
fork P25 C25
pin P P25 0x40000000 256 longterm
write P25 0x40000000 0x02*1M
dma-read P 0 0x02*1M
read C25 0x40000000 0x01*1M
unpin P
exit C25
exit P25

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes (GUP-fast)
mm P26
mmap P26 0x40000000 2M rw huge
write P26 0x40000000 0x01*2M
expect page P26 0x40000000 thp=1
mmap P26 0x80000000 1M none
mremap P26 0x40100000 1M 0x80000000 1M
expect page P26 0x40000000 thp=1
fork P26 C26
pin P P26 0x40000000 256 longterm fast
write P26 0x40000000 0x02*1M
dma-read P 0 0x02*1M
read C26 0x40000000 0x01*1M
unpin P
exit C26
exit P26

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped previously-shared page
mm P27
mmap P27 0x40000000 2M rw huge
write P27 0x40000000 0x01*2M
expect page P27 0x40000000 thp=1
mmap P27 0x80000000 1M none
mremap P27 0x40100000 1M 0x80000000 1M
expect page P27 0x40000000 thp=1
fork P27 C27
exit C27
pin P P27 0x40000000 256 longterm
write P27 0x40000000 0x02*1M
dma-read P 0 0x02*1M
unpin P
exit P27

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped previously-shared page (GUP-fast)
mm P28
mmap P28 0x40000000 2M rw huge
write P28 0x40000000 0x01*2M
expect page P28 0x40000000 thp=1
mmap P28 0x80000000 1M none
mremap P28 0x40100000 1M 0x80000000 1M
expect page P28 0x40000000 thp=1
fork P28 C28
exit C28
pin P P28 0x40000000 256 longterm fast
write P28 0x40000000 0x02*1M
dma-read P 0 0x02*1M
unpin P
exit P28

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped exclusive page
mm P29
mmap P29 0x40000000 2M rw huge
write P29 0x40000000 0x01*2M
expect page P29 0x40000000 thp=1
mmap P29 0x80000000 1M none
mremap P29 0x40100000 1M 0x80000000 1M
expect page P29 0x40000000 thp=1
mprotect P29 0x40000000 1M r
pin P P29 0x40000000 256 longterm
mprotect P29 0x40000000 1M rw
write P29 0x40000000 0x02*1M
dma-read P 0 0x02*1M
unpin P
exit P29

# partially mremap()ed THP (its second half moved away; the first half tested), R/O GUP pin on R/O-mapped exclusive page (GUP-fast)
mm P30
mmap P30 0x40000000 2M rw huge
write P30 0x40000000 0x01*2M
expect page P30 0x40000000 thp=1
mmap P30 0x80000000 1M none
mremap P30 0x40100000 1M 0x80000000 1M
expect page P30 0x40000000 thp=1
mprotect P30 0x40000000 1M r
pin P P30 0x40000000 256 longterm fast
mprotect P30 0x40000000 1M rw
write P30 0x40000000 0x02*1M
dma-read P 0 0x02*1M
unpin P
exit P30

# partially mremap()ed THP (its second half moved away; the first half tested), R/O-mapping a page registered as an io_uring fixed buffer (a R/W long-term pin)
mm P31
mmap P31 0x40000000 2M rw huge
write P31 0x40000000 0x01*2M
expect page P31 0x40000000 thp=1
mmap P31 0x80000000 1M none
mremap P31 0x40100000 1M 0x80000000 1M
expect page P31 0x40000000 thp=1
pin P P31 0x40000000 256 write longterm
mprotect P31 0x40000000 1M r
mprotect P31 0x40000000 1M rw
write P31 0x40000000 0x02*1M
dma-read P 0 0x02*1M
unpin P
exit P31

# partially mremap()ed THP (its second half moved away; the first half tested), fork() with an io_uring fixed buffer: the child gets copies, the pin keeps the parent's pages
mm P32
mmap P32 0x40000000 2M rw huge
write P32 0x40000000 0x01*2M
expect page P32 0x40000000 thp=1
mmap P32 0x80000000 1M none
mremap P32 0x40100000 1M 0x80000000 1M
expect page P32 0x40000000 thp=1
pin P P32 0x40000000 256 write longterm
fork P32 C32
write P32 0x40000000 0x02*1M
dma-read P 0 0x02*1M
read C32 0x40000000 0x01*1M
unpin P
exit C32
exit P32

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes
mm P33
mmap P33 0x40000000 2M rw huge
write P33 0x40000000 0x01*2M
expect page P33 0x40000000 thp=1
madvise P33 0x40001000 2044K dontfork
fork P33 P33k
exit P33k
madvise P33 0x40001000 2044K dofork
expect page P33 0x40000000 thp=1
fork P33 C33
pin P P33 0x40000000 512 longterm
write P33 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C33 0x40000000 0x01*2M
unpin P
exit C33
exit P33

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped shared page: the pin unshares, and sees the parent's later writes (GUP-fast)
mm P34
mmap P34 0x40000000 2M rw huge
write P34 0x40000000 0x01*2M
expect page P34 0x40000000 thp=1
madvise P34 0x40001000 2044K dontfork
fork P34 P34k
exit P34k
madvise P34 0x40001000 2044K dofork
expect page P34 0x40000000 thp=1
fork P34 C34
pin P P34 0x40000000 512 longterm fast
write P34 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C34 0x40000000 0x01*2M
unpin P
exit C34
exit P34

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped previously-shared page
mm P35
mmap P35 0x40000000 2M rw huge
write P35 0x40000000 0x01*2M
expect page P35 0x40000000 thp=1
madvise P35 0x40001000 2044K dontfork
fork P35 P35k
exit P35k
madvise P35 0x40001000 2044K dofork
expect page P35 0x40000000 thp=1
fork P35 C35
exit C35
pin P P35 0x40000000 512 longterm
write P35 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P35

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped previously-shared page (GUP-fast)
mm P36
mmap P36 0x40000000 2M rw huge
write P36 0x40000000 0x01*2M
expect page P36 0x40000000 thp=1
madvise P36 0x40001000 2044K dontfork
fork P36 P36k
exit P36k
madvise P36 0x40001000 2044K dofork
expect page P36 0x40000000 thp=1
fork P36 C36
exit C36
pin P P36 0x40000000 512 longterm fast
write P36 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P36

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped exclusive page
mm P37
mmap P37 0x40000000 2M rw huge
write P37 0x40000000 0x01*2M
expect page P37 0x40000000 thp=1
madvise P37 0x40001000 2044K dontfork
fork P37 P37k
exit P37k
madvise P37 0x40001000 2044K dofork
expect page P37 0x40000000 thp=1
mprotect P37 0x40000000 2M r
pin P P37 0x40000000 512 longterm
mprotect P37 0x40000000 2M rw
write P37 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P37

# partially shared THP (a child shared its first page and exited), R/O GUP pin on R/O-mapped exclusive page (GUP-fast)
mm P38
mmap P38 0x40000000 2M rw huge
write P38 0x40000000 0x01*2M
expect page P38 0x40000000 thp=1
madvise P38 0x40001000 2044K dontfork
fork P38 P38k
exit P38k
madvise P38 0x40001000 2044K dofork
expect page P38 0x40000000 thp=1
mprotect P38 0x40000000 2M r
pin P P38 0x40000000 512 longterm fast
mprotect P38 0x40000000 2M rw
write P38 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P38

# partially shared THP (a child shared its first page and exited), R/O-mapping a page registered as an io_uring fixed buffer (a R/W long-term pin)
mm P39
mmap P39 0x40000000 2M rw huge
write P39 0x40000000 0x01*2M
expect page P39 0x40000000 thp=1
madvise P39 0x40001000 2044K dontfork
fork P39 P39k
exit P39k
madvise P39 0x40001000 2044K dofork
expect page P39 0x40000000 thp=1
pin P P39 0x40000000 512 write longterm
mprotect P39 0x40000000 2M r
mprotect P39 0x40000000 2M rw
write P39 0x40000000 0x02*2M
dma-read P 0 0x02*2M
unpin P
exit P39

# partially shared THP (a child shared its first page and exited), fork() with an io_uring fixed buffer: the child gets copies, the pin keeps the parent's pages
mm P40
mmap P40 0x40000000 2M rw huge
write P40 0x40000000 0x01*2M
expect page P40 0x40000000 thp=1
madvise P40 0x40001000 2044K dontfork
fork P40 P40k
exit P40k
madvise P40 0x40001000 2044K dofork
expect page P40 0x40000000 thp=1
pin P P40 0x40000000 512 write longterm
fork P40 C40
write P40 0x40000000 0x02*2M
dma-read P 0 0x02*2M
read C40 0x40000000 0x01*2M
unpin P
exit C40
exit P40
