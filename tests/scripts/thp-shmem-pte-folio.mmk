# A PMD-sized shmem folio that may not be PMD-mapped (MADV_NOHUGEPAGE) is
# mapped whole by PTEs on a write fault (Linux 6.18's finish_fault maps a
# large folio of anonymous shmem at once where the VMA and the table hold
# all of it); so does a read fault's fault-around (6.18: "map entire
# large folio faultaround"), not just its 16-page window; once the advice
# is gone a fault maps it by a PMD again where the pmd is none (a child
# that never touched it: under every policy, as `keep` leaves A's emptied
# table in place).  `mmkit kdiff` agrees.
thp madvise
mm A
mmap A 0x40000000 4M rw shared
write A 0x40000000 "a"
madvise A 0x40000000 2M collapse
madvise A 0x40000000 2M nohugepage
expect stat A shmem_pmd == 2M
madvise A 0x40000000 2M dontneed
write A 0x40001000 "w"
expect stat A rss == 2M
expect stat A shmem_pmd == 0
expect pte A 0x401ff000 present=1 dirty=1 write=1
madvise A 0x40000000 2M dontneed
read A 0x40100000 "\x00"
expect stat A rss == 2M
expect stat A shmem_pmd == 0
madvise A 0x40000000 2M hugepage
fork A B
read B 0x40000000 "a"
read B 0x40001000 "w"
expect stat B shmem_pmd == 2M
