#! exit 2
#! stderr FILE:6:1: set-up statement `cpus` after the first `mm` (line 5)
# machine set-up comes before the first address space
ram 64M
mm A
cpus 4
