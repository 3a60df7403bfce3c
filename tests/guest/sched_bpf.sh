# Readers of /proc/sched_bpf for the in-guest tests (busybox sh). Sourced.
# counter COLUMN: the sum over all CPUs of one column of the per-CPU counters
counter() {
	awk -v col="$1" '$1 == "cpu" { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		c && /^[0-9]/ { s += $c } END { print s + 0 }' /proc/sched_bpf
}
# exit_field KEY: a value of the last_exit line, empty when there is none
exit_field() {
	awk -v k="$1" '$1 == "last_exit" { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' /proc/sched_bpf
}
