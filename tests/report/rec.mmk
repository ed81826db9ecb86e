# The script behind tests/report/checkpoints.json: `mmkit run --json` of it,
# with a "checkpoints" object added by hand in the shape the recorder will
# give (docs/report.md): kernel figures near mmkit's, two 4K PTE-table
# disagreements and a few pages of rss, so the report has differences to draw.
mm A
mmap A 0x10000000 8M rw
touch A 0x10000000 2M w
touch A 0x10200000 2M w
fork A B
touch A 0x10400000 4M w
madvise A 0x10000000 4M dontneed
exit B
munmap A 0x10400000 2M
