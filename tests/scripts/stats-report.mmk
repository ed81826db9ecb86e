#! args --stats
#! stdout ok: 6 statements, 2 expectations
#! stdout machine: frames_used
#! stdout pte_tables
# --stats: a table of the live address spaces and the machine
mm A
mmap A 0x10000000 8K rw
touch A 0x10000000 8K w
fork A B
expect stat B rss == 8K
expect same-frame A 0x10000000 B 0x10000000
