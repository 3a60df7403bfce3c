# TAP helpers for in-guest tests (busybox sh). Sourced, not a scenario of its own.
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
failures=0
# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# counter COLUMN: the sum over all CPUs of one column of /proc/sched_bpf's counters
counter() {
	awk -v col="$1" '$1 == "cpu" { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		c && /^[0-9]/ { s += $c } END { print s + 0 }' /proc/sched_bpf
}
# exit_field KEY: a value of /proc/sched_bpf's last_exit line, empty when there is none
exit_field() {
	awk -v k="$1" '$1 == "last_exit" { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' /proc/sched_bpf
}
