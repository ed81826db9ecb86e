# Zero-page mappings are copied as they are at fork: both sides map the
# zero page; a write on either side gets a fresh page for that side only.
mm A
mmap A 0x10000000 4K rw
read A 0x10000000 0x00*8
fork A B
expect page A 0x10000000 zero=1
expect page B 0x10000000 zero=1
expect same-frame A 0x10000000 B 0x10000000
write B 0x10000000 "b"
expect distinct-frame A 0x10000000 B 0x10000000
expect page A 0x10000000 zero=1
expect page B 0x10000000 zero=0 anon=1 mapcount=1
read A 0x10000000 "\x00"
read B 0x10000000 "b\x00"
expect stat A rss == 0
expect stat B rss == 4K
