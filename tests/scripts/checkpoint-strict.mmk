#! exit 1
#! args --strict-checkpoints 0.1
#! stderr FILE:12: checkpoint A: pgtable mmkit 16384, kernel 20480: relative difference 0.2000, more than --strict-checkpoints 0.1
# --strict-checkpoints: a difference beyond REL fails the run at its end,
# naming the first checkpoint beyond it (line 12; line 10 agrees, and rss
# within 0.1 at line 14 would not fail).
mm A
mmap A 0x10000000 8M rw
touch A 0x10000000 8M w
checkpoint A pgtable=24576 rss=8M
munmap A 0x10000000 4M
checkpoint A pgtable=20480 rss=4M
munmap A 0x10400000 4K
checkpoint A pgtable=16384 rss=4M
