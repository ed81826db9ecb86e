# A read fault on private anonymous memory maps the shared zero page
# (read-only, not counted in RSS); a write replaces it with a new anon page.
mm A
mmap A 0x10000000 8K rw
read A 0x10000000 0x00*16
expect page A 0x10000000 zero=1 anon=0
expect pte A 0x10000000 present=1 write=0 dirty=0
expect stat A rss == 0
# the untouched page has no entry
expect pte A 0x10001000 none=1
# write after read: the zero page is replaced by an exclusive anon page
write A 0x10000000 "hello"
expect page A 0x10000000 zero=0 anon=1 mapcount=1 refcount=1
expect pte A 0x10000000 present=1 write=1 dirty=1 exclusive=1
expect stat A rss == 4K
read A 0x10000000 "hello\x00"
# a first write without a read before: a new anon page straight away
write A 0x10001000 "x"
expect page A 0x10001000 zero=0 anon=1 mapcount=1
expect pte A 0x10001000 present=1 write=1 dirty=1 young=1 exclusive=1
expect stat A rss == 8K
