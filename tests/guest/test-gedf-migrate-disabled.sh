# timeout: 120
# Under gedf a migrate-disabled task is not moved (issue 14): preempted while a sleepable
# syscall BPF program keeps it migrate-disabled, it waits on its CPU although gedf would
# send it to the other one, as it does the same task busy in user space
# (tests/guest/migrate_disabled.c, KTAP).
exec /tests/bin/migrate_disabled
