# rtsched run: an application in the policy's scope from its first instruction. The
# command runs as a SCHED_FIFO process whose parameters every thread and process it
# creates inherits (SCHED_FLAG_BPF_INHERIT); with edf attached, its jobs are ordered
# by deadline.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 11

out=$(rtsched run --fifo 10 --deadline 10ms --period 20ms -- sh -c 'rtsched get $$')
echo "# $out"
check "the command runs as SCHED_FIFO with its parameters, to inherit" \
	sh -c "echo '$out' | grep -q 'SCHED_FIFO.*deadline 10000000 ns, period 20000000 ns, inherited'"
out=$(rtsched run --fifo 10 --deadline 10ms -- sh -c 'sleep 1 & rtsched get $!; wait')
echo "# $out"
check "a process the command starts has them too" \
	sh -c "echo '$out' | grep -q 'deadline 10000000 ns, period 0 ns, inherited'"
out=$(rtsched run --fifo 10 --deadline 10ms -- sh -c 'rtsched clear $$; sleep 1 & rtsched get $!; wait')
check "once cleared, they pass on no more ($out)" sh -c "echo '$out' | grep -q 'no parameters'"

# edf orders what run started: the registered scope holds the command's threads
check "attach edf (scope: registered threads)" rtsched attach /policies/edf.bpf.o
enq=$(counter enqueue)
check "cyclictest (100 jobs of a thread it creates) runs under rtsched run" \
	sh -c 'rtsched run --fifo 10 --deadline 5ms --period 5ms -- \
		cyclictest -m -t1 -p10 -i5000 -l100 -q >/dev/null'
check "edf keyed each of its jobs (enqueue counter $enq, then $(counter enqueue))" \
	[ "$(counter enqueue)" -ge $((enq + 100)) ]
rtsched detach

expect_status 2 "run without a command" rtsched run --deadline 1ms
expect_status 2 "run without parameters" rtsched run --fifo 10 -- true
expect_status 2 "run with priority 100" rtsched run --fifo 100 --deadline 1ms -- true
expect_status 127 "run of a command that does not exist" \
	rtsched run --fifo 10 --deadline 1ms -- /nonexistent
check "what follows -- is the command's: --help is echo's" \
	sh -c 'rtsched run --fifo 10 --deadline 1ms -- echo --help | grep -qx -- --help'
tap_end
