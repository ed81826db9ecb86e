#! exit 2
#! stderr FILE:5:14: unknown key `vmpte` (pgtable rss)
# checkpoint keys are the kernel's figures mmkit compares: pgtable, rss.
mm A
checkpoint A vmpte=4096
