# BPF_PROG_TEST_RUN units of fifo, rr and edf on synthetic runqueues
# (tests/guest/policy_test_run.c, KTAP).
exec /tests/bin/policy_test_run /policies
