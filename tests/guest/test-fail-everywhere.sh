# A policy that fails on one CPU is stock on all CPUs before the next decision, while
# the kernel's helper has not detached it yet (tests/guest/fail_everywhere.c, KTAP).
exec /tests/bin/fail_everywhere
