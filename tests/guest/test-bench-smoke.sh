# The evaluation's benchmark program, briefly, so that it cannot break unseen: pingpong
# hands a token between two SCHED_FIFO threads and counts the switches, alone, with a
# queued thread and with 64, detached and with fifo ordering every user RT task; and
# across two CPUs with gedf, the variant that compares global placement; and the cost
# ladder's scenario (make cost-ladder) with its two probe policies.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 17

switches() { sed -n 's/^switches \([0-9]*\)$/\1/p' "$1"; }
rate() { sed -n 's/^switches_per_s \([0-9]*\)$/\1/p' "$1"; }
# A second of ping-pong switches thousands of times even emulated (or at least
# $2 times); its rate agrees with its count over that second.
sane() {
	[ "$(switches "$1")" -ge "${2:-1000}" ] && [ "$(rate "$1")" -ge $(($(switches "$1") / 2)) ] &&
		[ "$(rate "$1")" -le $(($(switches "$1") * 2)) ]
}
for queued in 0 1; do
	check "pingpong, $queued queued, detached: runs 1 s" \
		sh -c "/tests/bin/pingpong 0 1 $queued >/tmp/pp$queued.out"
	check "pingpong, $queued queued: $(switches /tmp/pp$queued.out) switches, $(rate /tmp/pp$queued.out)/s" \
		sane /tmp/pp$queued.out
done

check "attach fifo, every user RT task in scope" rtsched attach --scope all /policies/fifo.bpf.o
reordered=$(counter reordered)
check "pingpong, 1 queued, fifo: runs 1 s" sh -c "/tests/bin/pingpong 0 1 1 >/tmp/ppfifo.out"
check "pingpong with fifo: $(switches /tmp/ppfifo.out) switches, $(rate /tmp/ppfifo.out)/s" \
	sane /tmp/ppfifo.out
check "fifo reordered nothing (counter $reordered, then $(counter reordered))" \
	[ "$(counter reordered)" -eq "$reordered" ]
check "pingpong, 64 queued, fifo: runs 1 s" sh -c "/tests/bin/pingpong 0 1 64 >/tmp/pp64.out"
check "detach fifo" rtsched detach

check "attach gedf, every user RT task in scope" rtsched attach --scope all /policies/gedf.bpf.o
check "pingpong across CPUs, gedf: runs 1 s" sh -c "/tests/bin/pingpong -1 1 0 >/tmp/ppx.out"
# Each hand-over across CPUs waits for the other vCPU's thread on the emulator's host:
# a busy host stalls it a time slice (CI saw 326/s, and once 642/s then 159/s, where
# 13,000/s is usual on the same kernel): across CPUs 100 switches show that it works,
# and a second with fewer gets one more run; both rates are shown.
rerun_stalled 1 'echo "$(rate /tmp/ppx.out)/s"' "sane /tmp/ppx.out 100" \
	"/tests/bin/pingpong -1 1 0 >/tmp/ppx.out"
check "pingpong across CPUs: $(switches /tmp/ppx.out) switches ($tries)" sane /tmp/ppx.out 100
check "detach gedf" rtsched detach

# One run per probe: a rate each, and the scenario leaves no policy attached
check "cost-ladder scenario, tick_only and keyless_enqueue: runs" sh -c \
	"RTSCHED_STATES=tick_only,keyless_enqueue RTSCHED_ROUNDS=1 RTSCHED_SECONDS=1 \
	sh /scenarios/cost-ladder.sh >/tmp/ladder.out"
check "cost-ladder: a rate of at least 1000/s per probe ($(awk '{ printf "%s%s %s/s", sep, $2, $4; sep = ", " }' /tmp/ladder.out))" \
	[ "$(awk '$1 == "ladder" && $4 >= 1000' /tmp/ladder.out | wc -l)" -eq 2 ]
check "cost-ladder: no policy attached after it" sh -c "rtsched status | grep -q '^policy: *none'"
diag /tmp/pp0.out /tmp/pp1.out /tmp/ppfifo.out /tmp/pp64.out /tmp/ppx.out /tmp/ladder.out
tap_end
