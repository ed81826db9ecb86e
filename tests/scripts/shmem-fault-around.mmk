# A read fault on shared memory also maps the neighbouring pages the shmem
# object already holds (do_fault_around, fault_around_bytes 64K): the
# 16-page window aligned around the address, clamped to the VMA and the
# PTE table.  Write faults map only their own page.  Every rss below is what
# Linux 6.18 showed for the same calls (kp probes, issue 14 item 8).
mm A
mmap A 0x140000000 1M rw shared
touch A 0x140000000 128K w
expect stat A rss == 128K
madvise A 0x140000000 1M dontneed          # unmapped; the pages stay in shmem
expect stat A rss == 0
read A 0x140005000 "\x00"                   # maps pages 0-15
expect stat A rss == 64K
expect pte A 0x14000f000 present=1 young=1 dirty=0
expect pte A 0x140010000 none=1
read A 0x140014000 "\x00"                   # maps pages 16-31
expect stat A rss == 128K
read A 0x140028000 "\x00"                   # a hole: only the new page
expect stat A rss == 132K
expect pte A 0x140029000 none=1
write A 0x14002a000 "w"
expect stat A rss == 136K

# Clamped to the VMA: a mapping of pages 3-10 of its window.
mm B
mmap B 0x140003000 32K rw shared
write B 0x140003000 "a"
write B 0x140004000 "b"
madvise B 0x140003000 32K dontneed
read B 0x140004000 "b"
expect stat B rss == 8K
read B 0x140003000 "a"

# Another process that shares the object sees its pages around too.
mm C
mmap C 0x140000000 64K rw shared
touch C 0x140000000 64K w
fork C D
expect stat D rss == 0
read D 0x140008000 "\x00"
expect stat D rss == 64K

# A mapping grown past its object by mremap: a read beyond the end is
# SIGBUS, but its fault-around has already mapped the neighbour the object
# holds (Linux 6.18: rss 4K and a PTE table after the SIGBUS).
mm E
mmap E 0x400000000000 2M rw shared
write E 0x4000001ff000 "last"
mremap E 0x4000001ff000 4K 0x7fffd27000 68K
fork E F
expect stat F pgtable == 0
expect-error SIGBUS read F 0x7fffd2e8cc "\x00"
expect stat F rss == 4K
expect stat F pte_tables == 1
read F 0x7fffd27000 "last"
