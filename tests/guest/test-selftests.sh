# The series' own kselftest (tools/testing/selftests/sched_bpf in patches/): each of
# its TAP lines counts as a test here, and one more checks that it ran to its summary
# with an exit status that matches its results (a crash would lose lines).
. /tests/tap.sh
out=/tmp/test_sched_bpf.out
/tests/selftests/test_sched_bpf >"$out" 2>&1
rc=$?
cat "$out"
if grep -q '^# Totals:' "$out" && { [ "$rc" -eq 0 ] || grep -q '^not ok' "$out"; }; then
	ok "selftests/sched_bpf ran to its summary (exit status $rc)"
else
	not_ok "selftests/sched_bpf ran to its summary (exit status $rc)"
fi
[ "$rc" -eq 0 ] || failures=$((failures + 1))
exit "$failures"
