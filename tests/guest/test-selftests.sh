# The series' own kselftest (tools/testing/selftests/sched_bpf in patches/), KTAP with
# its plan from kselftest_harness.h.
exec /tests/selftests/test_sched_bpf
