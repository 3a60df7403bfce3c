# The evaluation's benchmark programs, briefly, so that they cannot break unseen:
# pingpong hands a token between two SCHED_FIFO threads and counts the switches,
# alone and with a queued thread, detached and with fifo deciding every pick;
# pick_cost times fifo's and edf's picks with BPF_PROG_TEST_RUN.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 10

switches() { sed -n 's/^switches \([0-9]*\)$/\1/p' "$1"; }
rate() { sed -n 's/^switches_per_s \([0-9]*\)$/\1/p' "$1"; }
# A second of ping-pong switches thousands of times even emulated; its rate agrees
# with its count over that second.
sane() {
	[ "$(switches "$1")" -ge 1000 ] && [ "$(rate "$1")" -ge $(($(switches "$1") / 2)) ] &&
		[ "$(rate "$1")" -le $(($(switches "$1") * 2)) ]
}
for queued in 0 1; do
	check "pingpong, $queued queued, detached: runs 1 s" \
		sh -c "/tests/bin/pingpong 0 1 $queued >/tmp/pp$queued.out"
	check "pingpong, $queued queued: $(switches /tmp/pp$queued.out) switches, $(rate /tmp/pp$queued.out)/s" \
		sane /tmp/pp$queued.out
done

check "attach fifo" rtsched attach /policies/fifo.bpf.o
picks=$(counter pick)
check "pingpong, 1 queued, fifo: runs 1 s" sh -c "/tests/bin/pingpong 0 1 1 >/tmp/ppfifo.out"
picks=$(($(counter pick) - picks))
check "pingpong with fifo: $(switches /tmp/ppfifo.out) switches, fifo picked $picks times" \
	[ "$picks" -ge $(($(switches /tmp/ppfifo.out) / 2)) ]
check "detach fifo" rtsched detach
sed 's/^/# /' /tmp/pp0.out /tmp/pp1.out /tmp/ppfifo.out

# "pick_cost POLICY N NS" for N = 1, 8, 64: a time for each, more than 0 and under 1 ms
for policy in fifo edf; do
	/tests/bin/pick_cost "/policies/$policy.bpf.o" 1000 1 8 64 >/tmp/pc-$policy.out
	check "pick_cost $policy: $(awk '{ printf "%s tasks %s ns; ", $3, $4 }' /tmp/pc-$policy.out)" \
		awk -v p="$policy" '$1 == "pick_cost" && $2 == p && $4 > 0 && $4 < 1000000 { n++ }
			END { exit n != 3 }' /tmp/pc-$policy.out
done
tap_end
