#! exit 2
#! stderr FILE:5:21: `expect stat` cannot follow expect-error
# expect-error wraps an operation, not an expectation
mm A
expect-error EINVAL expect stat A vmas == 0
