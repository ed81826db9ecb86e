# A MAP_SHARED|MAP_ANONYMOUS mapping (shmem) is shared, not copied, by
# fork: writes on either side are seen by the other.
mm A
mmap A 0x10000000 8K rw shared
write A 0x10000000 "from parent"
fork A B
read B 0x10000000 "from parent"
write B 0x10000000 "from child!"
read A 0x10000000 "from child!"
expect same-frame A 0x10000000 B 0x10000000
expect page A 0x10000000 anon=0 mapcount=2
# writes do not break the sharing
write A 0x10001000 "second page"
read B 0x10001000 "second page"
expect same-frame A 0x10001000 B 0x10001000
# shmem pages count in RSS on both sides
expect stat A rss == 8K
expect stat B rss == 8K
exit B
expect page A 0x10000000 mapcount=1
read A 0x10000000 "from child!"
