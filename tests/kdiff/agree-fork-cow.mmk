# kdiff: mmkit and the kernel agree on fork and copy-on-write: the data,
# the frames shared and then copied, rss, page tables and VMAs of both.
mm A
mmap A 0x10000000 8M rw
touch A 0x10000000 8M w
write A 0x10001000 "hello"
read A 0x10001000 "hello"
fork A B
expect page B 0x10001000 mapcount=2 anon=1 zero=0 dirty=0
expect same-frame A 0x10001000 B 0x10001000
write B 0x10001000 "HELLO"
expect distinct-frame A 0x10001000 B 0x10001000
read A 0x10001000 "hello"
read B 0x10001000 "HELLO"
exit B
expect page A 0x10001000 mapcount=1 anon=1
munmap A 0x10000000 8M
