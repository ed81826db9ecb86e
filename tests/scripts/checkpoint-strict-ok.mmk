#! exit 0
#! args --strict-checkpoints 0.01
#! stdout ok: 5 statements
# Within REL (rss 4 KiB of 8 MiB apart): the run passes.
mm A
mmap A 0x10000000 8M rw
touch A 0x10000000 8M w
checkpoint A pgtable=24576 rss=8196K
exit A
