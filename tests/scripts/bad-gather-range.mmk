#! exit 2
#! stderr FILE:5:8: bad value: gather must be 1 to 512 pages
# The parser allowed up to 1M, the library 512: `gather 1M` parsed, then
# failed with "cannot build the machine: EINVAL" and no line.
gather 1024
mm A
