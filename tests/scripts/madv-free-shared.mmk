# MADV_FREE marks a page lazily free even while fork shares it (only a
# PG_dirty page must be exclusive); reclaim leaves it while shared and
# takes it once the other process stopped mapping it.  Linux 6.18 (kdiff
# seed 5847): C's rss drops by the one page A copied away from.
mm A
mmap A 0x1000000000 4M rw populate
fork A C
madvise C 0x1000000000 4M free
madvise C 0x1000000000 4M pageout
expect stat C rss == 4M                    # all still shared with A
write A 0x1000000000 "copy"                # A copies its first page
madvise C 0x1000000000 4M pageout
expect stat C rss == 4092K                 # C's old first page is gone
read C 0x1000000000 "\x00"
read A 0x1000000000 "copy"
