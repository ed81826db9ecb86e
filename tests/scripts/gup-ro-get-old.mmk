# cow.c: an R/O GET reference keeps the old content after either side
# writes (the writer gets a copy; the reference keeps the page it took).
mm P
mmap P 0x40000000 4K rw
write P 0x40000000 "old"
fork P C
get G P 0x40000000 1
write C 0x40000000 "new"                   # child copies
dma-read G 0 "old"
write P 0x40000000 "NEW"                   # parent copies too: refcount 3 > 1
dma-read G 0 "old"
read P 0x40000000 "NEW"
unpin G
fork C D                                   # share C's page again
get F C 0x40000000 1 fast                  # the same with GUP-fast
write C 0x40000000 "two"
dma-read F 0 "new"
unpin F
write D 0x40000000 "mine"                  # sole reference: reused, exclusive
get H D 0x40000000 1                       # on an exclusive page the next
write D 0x40000000 "in place"              # write reuses it: coherent
dma-read H 0 "in place"
unpin H
