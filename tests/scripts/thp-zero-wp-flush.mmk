# A read fault in a THP range maps the huge zero page with one PMD; the
# first write replaces it with a new THP (do_huge_zero_wp_pmd), clearing
# and flushing the PMD first (pmdp_huge_clear_flush).  CPU 1 caches the
# zero page's translation; after CPU 0's write it must read the data, not
# zeros through a stale 2 MiB entry (invariant 9 at the write, with the
# checker on; docs/mutants.md: huge-zero-wp-flush).
#! args --check
thp always
mm A
mmap A 0x40000000 2M rw
read A 0x40001000 "\x00\x00" cpu=1
expect pte A 0x40000000 huge=1
expect page A 0x40000000 zero=1
write A 0x40001000 "hi" cpu=0
expect page A 0x40000000 zero=0 thp=1
read A 0x40001000 "hi" cpu=1
