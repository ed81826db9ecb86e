# MAP_POPULATE faults the mapping in at mmap time: writable for a private
# writable mapping (no COW later), read faults otherwise.
mm A
mmap A 0x40000000 64K rw populate
expect stat A rss == 64K
expect pte A 0x4000f000 present=1 write=1
mmap A 0x50000000 64K r populate
expect page A 0x50000000 zero=1
mmap A 0x60000000 64K rw shared populate
expect stat A rss == 128K
expect pte A 0x60000000 write=1 dirty=0
