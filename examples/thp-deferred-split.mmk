# Partly unmapped THPs and the THP shrinker: an allocator that frees all
# but one page of each 2 MiB it got as a THP still holds the whole 2 MiB
# (the folio stays whole: RSS says 4 KiB, the frames say 2 MiB) until
# memory runs short; then reclaim splits the folios queued for deferred
# split and frees the pages nothing maps.  The host kernel does the same
# (tests/kdiff/deferred-split.sh runs it in a 9 MiB memory cgroup).
#
#   mmkit run --stats examples/thp-deferred-split.mmk
thp madvise
ram 8M
mm heap
mmap heap 0x40000000 4M rw huge
write heap 0x40000000 0x01*4M              # two THPs
munmap heap 0x40001000 2044K               # keep one page of each
munmap heap 0x40201000 2044K
expect stat heap rss == 8K
expect sys thp_deferred_split_page == 2     # both queued
expect sys frames_used >= 1024              # ... and still whole
mm other
mmap other 0x80000000 5M rw
touch other 0x80000000 5M w                 # needs the frames back
expect sys thp_split_page == 2              # the shrinker split both
read heap 0x40000000 "\x01"                 # the kept pages are intact
read heap 0x40200000 "\x01"
