# Files (script.md "Files"): a tmpfs file mapped private and shared.  The
# rss figures are what Linux 6.18 showed for the same calls on a memfd
# whose first 64K were written (so in the page cache): /tmp/fp.c in the
# issue 15 note.
file lib 100000
cache lib 0 64K
mm A
mmap A 0x140000000 128K rx file=lib
read A 0x140002000 "\x00"
expect stat A rss == 64K                  # fault-around: the 16 cached pages
mmap A 0x150000000 128K rw file=lib       # private: copy-on-write
write A 0x150001000 "c"
expect stat A rss == 68K
expect page A 0x150001000 anon=1
expect page A 0x140001000 anon=0
mmap A 0x160000000 128K rw file=lib shared
write A 0x160001000 "shared"
expect stat A rss == 72K
read A 0x140001000 "shared"               # the file changed under A's private view
read A 0x150001000 "c"                    # but not under its copy
expect-error SIGBUS read A 0x140019000 "\x00"   # page 25: past the end of 100000 bytes
expect stat A rss == 72K
read A 0x140018000 "\x00"                 # page 24, the partial last page
expect stat A rss == 76K
madvise A 0x150000000 128K dontneed       # the private copy goes
read A 0x150001000 "shared"               # the file shows through again
