# mremap moves page-table entries with their pages: no copy, no fault.
# Run: mmkit run --stats examples/mremap.mmk
mm A
mmap A 0x40000000 4M rw
write A 0x40000000 "first"
write A 0x403ff000 "last"
expect stat A rss == 8K
fork A P                                   # P keeps a view of the frames
mremap A 0x40000000 4M 0x80000000 8M       # move and grow
expect same-frame A 0x80000000 P 0x40000000
read A 0x80000000 "first"
read A 0x803ff000 "last"
expect-error SIGSEGV read A 0x40000000 "\x00"
write A 0x80700000 "grown"                 # the new tail is ordinary anon memory
expect stat A vmas == 1
expect stat A rss == 12K
mremap A 0x80000000 8M 0xc0000000 4K       # shrink while moving
read A 0xc0000000 "first"
expect-error SIGSEGV read A 0xc0001000 "\x00"
expect stat A rss == 4K
