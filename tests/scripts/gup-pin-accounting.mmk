# Pin accounting as Linux: FOLL_PIN of a small page adds 1024 to its
# refcount (GUP_PIN_COUNTING_BIAS), FOLL_GET adds 1; the zero page is
# never pinned.
mm A
mmap A 0x40000000 64K rw
write A 0x40000000 "data"
expect page A 0x40000000 refcount=1 pinned=0
pin P A 0x40000000 1
expect page A 0x40000000 refcount=1025 pinned=1
pin Q A 0x40000000 1 write fast
expect page A 0x40000000 refcount=2049 pinned=1
get G A 0x40000000 1
expect page A 0x40000000 refcount=2050
unpin P
unpin G
expect page A 0x40000000 refcount=1025 pinned=1
unpin Q dirty
expect page A 0x40000000 refcount=1 pinned=0 dirty=1
read A 0x40001000 "\x00"                   # the zero page
pin Z A 0x40001000 1
expect page A 0x40001000 zero=1 pinned=0
unpin Z
