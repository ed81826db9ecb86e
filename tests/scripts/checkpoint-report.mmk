#! exit 0
#! stdout FILE: 3 checkpoints, mmkit (policy linux) beside the kernel:
#! stdout pgtable  largest difference 20.00% (line 13, mm A: mmkit 16384 B, kernel 20480 B); at each mm's last checkpoint at most 20.00%
#! stdout rss      largest difference 0.00%
#! stdout ok: 8 statements, 0 expectations
# Checkpoints never fail a run; the largest difference is reported (the
# second checkpoint states one PTE table more than mmkit keeps).
mm A
mmap A 0x10000000 8M rw
touch A 0x10000000 8M w
checkpoint A pgtable=24576 rss=8M      # 4 PTE + PMD + PUD tables
munmap A 0x10000000 4M
checkpoint A pgtable=20480 rss=4M
mm B
checkpoint B pgtable=0 rss=0
