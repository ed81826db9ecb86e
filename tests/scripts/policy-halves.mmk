#! args --policy refcount
# Under refcount a table is freed when its last entry goes, whatever the
# zap's size: two 1 MiB DONTNEEDs free it (linux keeps it: policy-linux-8g).
mm A
mmap A 0x40000000 2M rw
touch A 0x40000000 2M w
madvise A 0x40000000 1M dontneed
expect stat A pte_tables == 1
madvise A 0x40100000 1M dontneed
expect stat A pte_tables == 0
