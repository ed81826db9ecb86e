#! args --check
#! exit 1
#! stderr FILE:17: migrate A 0x40000000 1 gpu: invariant 11: migration replaced the dirty PTE
# policies.md bug migrate_no_dirty, switched on by the `bug` statement:
# migrate_vma collection forgets to carry the entry's dirty bit to the
# page.  The page was lazily freed (MADV_FREE: clean) and written again,
# which dirtied only its entry; migrating it replaces that dirty entry
# while the page is clean, which the checker reports (invariant 11).
# tests/races/migrate_no_dirty.mmk races the same steps in two threads.
bug migrate_no_dirty
device gpu private 64K
mm A
mmap A 0x40000000 4K rw
write A 0x40000000 "old"
madvise A 0x40000000 4K free
write A 0x40000000 "new"
migrate A 0x40000000 1 gpu
