#! cmd compare
#! exit 2
#! stderr FILE:6:13: unknown PROT `rwz`
# compare parses the script once, before any policy runs.
mm A
mmap A 0 4K rwz
