# Readers of /proc/sched_bpf and a forced move, for the in-guest tests (busybox sh). Sourced.
# counter COLUMN: the sum over all CPUs of one column of the per-CPU counters
counter() {
	awk -v col="$1" '$1 == "cpu" { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		c && /^[0-9]/ { s += $c } END { print s + 0 }' /proc/sched_bpf
}
# forced_move MASK CMD: a busy SCHED_FIFO 10 thread of the scope (it carries a
# deadline) on the CPUs of MASK, whose pid is $busy, while CMD (evaluated) forces it off
# its CPU. Sets calls and refused, the CPU-selection op's calls and refused answers in
# the meantime, and cpu, where the thread runs after.
forced_move() {
	taskset "$1" rtsched run --fifo 10 --deadline 10ms -- sh -c 'while :; do :; done' &
	busy=$!
	sleep 0.5
	calls=$(counter select_cpu) refused=$(counter select_refused)
	eval "$2"
	sleep 0.5
	calls=$(($(counter select_cpu) - calls)) refused=$(($(counter select_refused) - refused))
	cpu=$(awk '{ print $39 }' "/proc/$busy/stat")
	kill "$busy"
	wait "$busy" 2>/dev/null
}
# exit_field KEY: a value of the last_exit line, empty when there is none
exit_field() {
	awk -v k="$1" '$1 == "last_exit" { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' /proc/sched_bpf
}
