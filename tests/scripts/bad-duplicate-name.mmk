#! exit 2
#! stderr FILE:5:8: mm `A` is already defined (line 3)
mm A
mm B
fork B A
