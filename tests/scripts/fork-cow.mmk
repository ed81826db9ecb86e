# fork shares private anonymous pages copy-on-write: both sides map the
# same write-protected frame until one writes.
mm A
mmap A 0x10000000 8K rw
write A 0x10000000 "parent data"
expect pte A 0x10000000 write=1 exclusive=1
fork A B
expect stat B vmas == 1
expect same-frame A 0x10000000 B 0x10000000
# both entries write-protected, the page no longer exclusive to one mm
expect pte A 0x10000000 present=1 write=0 exclusive=0
expect pte B 0x10000000 present=1 write=0 exclusive=0
expect page A 0x10000000 anon=1 mapcount=2 refcount=2
read B 0x10000000 "parent data"
# the child writes: it gets its own copy, the parent's page is untouched
write B 0x10000000 "CHILD!"
expect distinct-frame A 0x10000000 B 0x10000000
read B 0x10000000 "CHILD! data"
read A 0x10000000 "parent data"
expect page B 0x10000000 anon=1 mapcount=1 refcount=1
expect pte B 0x10000000 write=1 dirty=1 exclusive=1
# the parent's page is now mapped once, still write-protected until the
# parent's next write fault, which reuses it (refcount 1: no copy needed)
expect page A 0x10000000 mapcount=1 refcount=1
expect pte A 0x10000000 write=0 exclusive=0
write A 0x10000000 "PARENT"
expect page A 0x10000000 mapcount=1 refcount=1
expect pte A 0x10000000 write=1 exclusive=1
read A 0x10000000 "PARENT data"
read B 0x10000000 "CHILD! data"
# the page nobody touched before fork is still unpopulated on both sides
expect pte A 0x10001000 none=1
expect pte B 0x10001000 none=1
expect stat A rss == 4K
expect stat B rss == 4K
