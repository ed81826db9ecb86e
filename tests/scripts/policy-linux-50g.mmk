# policies.md reference: 50 GiB sparse mapping, one byte per 2 MiB, then
# MADV_DONTNEED of everything under Linux 6.14+ PT_RECLAIM (policy linux).
policy linux
mm A
mmap A 0x4000000000 50G rw
touch A 0x4000000000 50G w stride=2M
expect stat A pgtable == 102604K          # +102,604 kB
madvise A 0x4000000000 50G dontneed
expect stat A pte_tables == 0              # 25,600 -> 0
expect stat A pmd_tables == 50             # PMD and PUD tables stay
expect stat A pgtable == 204K              # +204 kB
read A 0x4000000000 "\x00"                 # one read: a zero-page mapping
expect stat A pgtable == 208K              # +208 kB
sync
expect sys pending_free == 0
expect sys pgtable_frames == 53            # 1 PTE + 50 PMD + 1 PUD + the PGD
