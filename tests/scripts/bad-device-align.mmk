#! exit 2
#! stderr FILE:5:14: bad value: a dax device's size must be a multiple of its alignment, 2M (align=4K allows multiples of 4K)
# A dax device is 2M aligned unless align=4K: its size must be a multiple
# of that, as memremap_pages requires.
device D dax 3M
mm A
