# Files: a program's text and data mapped from a file, as execve and the
# dynamic loader do it.  Run: mmkit run --stats examples/files.mmk
#
# The file's first 256K are in the page cache (a recording writes `cache`
# for what it found cached).  Reading code maps 16 cached pages per fault
# (fault-around); writing the private data mapping copies the page first,
# so the file never changes; a shared mapping writes through to it.
file libc 2M
cache libc 0 256K
mm A
mmap A 0x7ffff7c00000 1M rx file=libc                # text
mmap A 0x7ffff7d00000 64K rw file=libc off=1M        # data: private, COW
mmap A 0x7ffff7e00000 64K rw file=libc off=1M shared # a shared view of the same bytes
touch A 0x7ffff7c00000 256K r stride=64K             # 4 faults map 64 pages
expect stat A rss == 256K
write A 0x7ffff7d00010 "private"
read A 0x7ffff7e00010 "\x00"                         # the file did not change
write A 0x7ffff7e00100 "shared"
read A 0x7ffff7d00100 "\x00"                         # the private copy did not either
fork A B
read B 0x7ffff7d00010 "private"
mmap A 0x7ffff7f00000 64K r file=libc off=0x1ff000   # its last page, and beyond
read A 0x7ffff7f00000 "\x00"
expect-error SIGBUS read A 0x7ffff7f01000 "\x00"     # past the file's end
