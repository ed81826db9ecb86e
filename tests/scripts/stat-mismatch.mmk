#! exit 1
#! stderr FILE:6: expect stat A vmas == 2: expected vmas == 2, got 0
#! stdout pte_tables
#! args --stats
mm A
expect stat A vmas == 2
