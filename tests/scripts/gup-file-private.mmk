# A long-term read-only pin of a file page in a private mapping unshares
# it first (gup_must_unshare: R/O long-term pins of page-cache pages in
# COW mappings), so the pin keeps seeing what the mapping shows even when
# the file changes; a short-term pin takes the cached page as it is.
file data 64K
mm A
mmap A 0x140000000 64K rw file=data shared
write A 0x140000000 "orig"
mmap A 0x150000000 64K r file=data
read A 0x150000000 "orig"
expect page A 0x150000000 anon=0
pin P A 0x150000000 1 longterm
expect page A 0x150000000 anon=1 pinned=1
write A 0x140000000 "new!"
read A 0x150000000 "orig"
dma-read P 0 "orig"
unpin P
pin Q A 0x150001000 1
expect page A 0x150001000 anon=0
unpin Q
