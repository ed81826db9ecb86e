#! args --json
#! stdout "series": {"every": 1, "max_points": 2000, "points": [{"n": 1, "i": 0, "line": 12, "mms": {"A": {"pte": 0, "pmd": 0, "pud": 0, "pgtable": 0, "rss": 0}}}, {"n": 2, "i": 1, "line": 13, "mms": {"A": {"pte": 0, "pmd": 0, "pud": 0, "pgtable": 0, "rss": 0}}}, {"n": 3, "i": 2, "line": 14, "mms": {"A": {"pte": 1, "pmd": 1, "pud": 1, "pgtable": 12288, "rss": 8192}}}, {"n": 4, "i": 3, "line": 15, "mms": {"A": {"pte": 1, "pmd": 1, "pud": 1, "pgtable": 12288, "rss": 8192}, "B": {"pte": 1, "pmd": 1, "pud": 1, "pgtable": 12288, "rss": 8192}}}, {"n": 5, "i": 4, "line": 16, "end": true, "mms": {"A": {"pte": 1, "pmd": 1, "pud": 1, "pgtable": 12288, "rss": 8192}, "B": {"pte": 1, "pmd": 1, "pud": 1, "pgtable": 12288, "rss": 0}}}]}
#! stderr ok: 5 statements, 0 expectations
# --json's time series (docs/report.md): a point after every statement
# (n statements run, i the statement's index, its line), each live
# address space's tables per level, pgtable and rss bytes; the last point
# is the end figures.  The fork copies the tables and maps the two pages
# into both (rss 8K each); the DONTNEED in the child empties its rss but
# keeps its tables.  Points are in the file's entry and, for the last
# file, at the top as well: the stdout line above matches either.

mm A
mmap A 0x10000000 8K rw
touch A 0x10000000 8K w
fork A B
madvise B 0x10000000 8K dontneed
