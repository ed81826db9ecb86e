#! cmd compare
#! args --json
#! stdout {"file": "FILE", "status": "ok", "policies": {"keep": {"status": "ok", "first_unmet":
#! stdout "linux": {"status": "ok", "statements": 5, "expectations": 1, "expectations_held": 1,
#! stdout "pte_tables": 0, "pte_tables_peak": 1, "pmd_tables": 0, "pmd_tables_peak": 1, "pud_tables": 0, "pud_tables_peak": 1, "pgtable_kb": 0, "pgtable_kb_peak_bound": 12, "frames_used": 1, "frames_peak": 5
#! stdout "pte_tables": 1, "pte_tables_peak": 1, "pmd_tables": 1, "pmd_tables_peak": 1, "pud_tables": 1, "pud_tables_peak": 1, "pgtable_kb": 12, "pgtable_kb_peak_bound": 12, "frames_used": 4, "frames_peak": 5
#! stdout "freed_pte": 1, "freed_pmd": 1, "freed_pud": 1,
# `mmkit compare --json`: the same figures as one JSON object, keyed by
# policy.  One 2 MiB table, written in one page, then DONTNEEDed whole:
# keep keeps PTE, PMD and PUD tables (12 kB; frames: those and the PGD);
# linux frees the PTE table; full returns to the bare PGD (frames_used 1).
mm A
mmap A 0x40000000 2M rw
write A 0x40000000 "x"
madvise A 0x40000000 2M dontneed
expect stat A pte_tables == 0
