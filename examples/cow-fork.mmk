# A tour of fork and copy-on-write.  Run it with:
#   mmkit run --stats examples/cow-fork.mmk
# Each `expect` states what Linux does at that point; the script stops with
# a message at the first one that does not hold.

# A process with 8 KiB of private anonymous memory.
mm parent
mmap parent 0x10000000 8K rw

# Reading memory nobody wrote maps the shared zero page: no memory used.
read parent 0x10000000 0x00*4
expect page parent 0x10000000 zero=1
expect stat parent rss == 0

# Writing replaces it with a page of the process's own, mapped writable
# and exclusive (PageAnonExclusive).
write parent 0x10000000 "hello from the parent"
expect page parent 0x10000000 anon=1 mapcount=1 refcount=1
expect pte parent 0x10000000 write=1 dirty=1 exclusive=1

# fork: the child gets a copy of the address space, but not of the data.
# Both map the same frame, write-protected, and it is exclusive to neither.
fork parent child
expect same-frame parent 0x10000000 child 0x10000000
expect page child 0x10000000 mapcount=2 refcount=2
expect pte parent 0x10000000 write=0 exclusive=0
expect pte child 0x10000000 write=0 exclusive=0
read child 0x10000000 "hello from the parent"

# The child writes: its write fault copies the page (wp_page_copy).
write child 0x10000000 "HELLO"
expect distinct-frame parent 0x10000000 child 0x10000000
read child 0x10000000 "HELLO from the parent"
read parent 0x10000000 "hello from the parent"
expect pte child 0x10000000 write=1 exclusive=1

# The parent's page is mapped once now: its next write fault reuses it in
# place (no copy) and makes it exclusive again.
expect page parent 0x10000000 mapcount=1 refcount=1
write parent 0x10000000 "howdy"
expect pte parent 0x10000000 write=1 exclusive=1
read parent 0x10000000 "howdy from the parent"

# The child exits; once deferred frees are done, only the parent's memory
# is in use: 4 page tables (PGD, PUD, PMD, PTE) and 1 page.
exit child
sync
expect sys frames_used == 5
