# Ask the host kernel: mmkit kdiff examples/kernel-agreement.mmk
# runs this on Linux (one real process per address space) and on mmkit
# and compares every errno, signal, byte, rss, VmPTE and VMA count.
# (mmkit run examples/kernel-agreement.mmk checks the expectations below,
# which are the figures Linux 6.18 gave.)
mm A
mmap A 0x140000000 2M rw
write A 0x140000000 "t"
expect stat A pgtable == 12K
# mremap moves the whole PTE table of an aligned 2M range
mremap A 0x140000000 2M 0x180000000 2M dontunmap
expect stat A pgtable == 16K
read A 0x180000000 "t"
# shared memory: a read maps the 16 cached pages around it
mmap A 0x150000000 1M rw shared
touch A 0x150000000 128K w
madvise A 0x150000000 1M dontneed
read A 0x150005000 "\x00"
expect stat A rss == 68K
# the same-size move of several VMAs keeps their gaps (Linux 6.17+)
mmap A 0x160000000 64K rw
mmap A 0x160020000 64K r
mremap A 0x160008000 128K 0x170000000 128K
expect stat A vmas == 7
