# rt-tests pi_stress (priority-inversion groups; fails when a boost does not happen)
# with fifo, edf and gedf attached: a policy never undoes a PI boost.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 15

for policy in fifo edf gedf; do
	check "$policy attaches" rtsched attach --scope all "/policies/$policy.bpf.o"
	pi_stress --duration=10 --mlockall >/tmp/pi.out 2>&1
	rc=$?
	check "pi_stress passes with $policy attached (exit $rc)" [ "$rc" -eq 0 ]
	sed -n 's/^/# /p' /tmp/pi.out | tail -3
	check "$policy made no invalid decision" [ "$(counter invalid)" -eq 0 ]
	check "$policy is still attached" sh -c '! grep -qx "prog_id 0" /proc/sched_bpf'
	echo "# $policy: reordered $(counter reordered), preempted $(counter preempted)"
	check "detach $policy" rtsched detach
done
tap_end
