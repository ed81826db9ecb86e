# migrate_vma moves only a page whose references are its mappings and the
# migration's own (migrate_vma_check_page): a GUP reference holder keeps
# using the page it took, so that page must stay where the process maps
# it.  Here a FOLL_GET reference holds one of two pages; migration to the
# device moves the other only, and the process's later write reaches the
# holder's page.  Moving it would leave the holder with a page the process
# no longer maps (docs/mutants.md: migrate-movable).
#! args --check
device gpu private 64K
mm A
mmap A 0x40000000 8K rw
write A 0x40000000 "held"
write A 0x40001000 "free"
get G A 0x40000000 1
migrate A 0x40000000 2 gpu
expect pte A 0x40000000 present=1 device=0
expect pte A 0x40001000 device=1
write A 0x40000000 "HELD"
dma-read G 0 "HELD"
unpin G
migrate A 0x40000000 1 gpu
expect pte A 0x40000000 device=1
read A 0x40000000 "HELD"
read A 0x40001000 "free"
