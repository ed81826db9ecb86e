# A folio split maps the THP's zero-filled pages to the zero page with the
# protection of the VMA that maps each page: after an mprotect PROT_NONE
# of part of the THP, those pages stay inaccessible (kdiff found mmkit
# giving them the advised VMA's rwx; Linux 6.18 raises SIGSEGV).
mm C
mmap C 0x10400000 6M rwx populate huge
mprotect C 0x10573000 28K none
madvise C 0x10572000 4K pageout
expect pte C 0x10573000 present=1
expect-error SIGSEGV touch C 0x10573000 4K r
touch C 0x10572000 4K r
expect stat C anon_thp == 4M
