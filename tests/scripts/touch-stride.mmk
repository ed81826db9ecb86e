# touch with a stride: one access every 2M populates one page per PTE table.
mm A
mmap A 0x40000000 16M rw
touch A 0x40000000 16M w stride=2M
expect stat A rss == 32K
expect stat A pte_tables == 8
expect stat A pmd_tables == 1
expect stat A pud_tables == 1
expect stat A pgtable == 40K
expect pte A 0x40200000 present=1 write=1
expect pte A 0x40201000 none=1
# touch r maps the zero page: tables, but no RSS
mm B
mmap B 0x40000000 4M r
touch B 0x40000000 4M r stride=1M
expect stat B rss == 0
expect stat B pte_tables == 2
expect page B 0x40100000 zero=1
# touch w keeps the contents
write A 0x40400000 "kept"
touch A 0x40400000 4K w
read A 0x40400000 "kept"
