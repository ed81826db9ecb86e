#! exit 0
#! args --json
#! stdout "checkpoints": {"count": 2, "pgtable_max_rel": 0.5, "rss_max_rel": 0, "final_pgtable_rel": 0, "final_rss_rel": 0, "points": [{"i": 3, "line": 11, "mm": "A", "kernel": {"pgtable": 8192, "rss": 4096}, "mmkit": {"pgtable": 12288, "rss": 4096}}, {"i": 5, "line": 13, "mm": "A", "kernel": {"pgtable": 0, "rss": null}, "mmkit": {"pgtable": 0, "rss": 0}}]}
# --json: the summary script.md specifies and the points (statement index,
# line, mm, both sides' figures; a key the checkpoint lacks is null).
# 4K of 8K apart is 0.5; the last checkpoint agrees (munmap of the only
# mapping frees every table, as free_pgtables does), so final is 0.
mm A
mmap A 0x10000000 4K rw
touch A 0x10000000 4K w
checkpoint A pgtable=8K rss=4K
munmap A 0x10000000 4K
checkpoint A pgtable=0
