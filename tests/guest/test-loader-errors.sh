# Every loader error gives one clear line and its exit code; the previous policy stays.
. /tests/tap.sh
plan 26

# expect CODE DESCRIPTION COMMAND...: exit code CODE and exactly one "rtsched: " line
expect() {
	code=$1 desc=$2
	shift 2
	"$@" >/tmp/err.out 2>/tmp/err.txt
	got=$?
	lines=$(grep -c '^rtsched: ' /tmp/err.txt)
	if [ "$got" -eq "$code" ] && [ "$lines" -eq 1 ]; then
		ok "$desc (exit $got: $(grep '^rtsched: ' /tmp/err.txt))"
	else
		not_ok "$desc (exit $got, want $code)"
		sed 's/^/# /' /tmp/err.txt
	fi
}

check "attach fifo as the policy to keep" rtsched attach /policies/fifo.bpf.o
id=$(sed -n 's/^prog_id //p' /proc/sched_bpf)

expect 3 "missing object" rtsched swap /nonexistent.bpf.o
head -c 4096 /dev/urandom >/tmp/corrupt.bpf.o
expect 3 "corrupt object" rtsched swap /tmp/corrupt.bpf.o
expect 4 "policy the verifier rejects" rtsched swap /tests/bin/hostile_ctx_write.bpf.o
check "the verifier log is shown" grep -q "invalid bpf_context access" /tmp/err.txt
expect 1 "swap to a policy that declares an op the kernel does not have" \
	rtsched swap /tests/bin/hostile_init.bpf.o
check "... and the loader says so" grep -q "refused its answer to BPF_SCHED_OP_INIT" /tmp/err.txt
expect 8 "second attach while a policy is attached" rtsched attach /policies/fifo.bpf.o
expect 6 "attach as an unprivileged user" /tests/bin/as_nobody rtsched attach /policies/fifo.bpf.o
check "... which is EPERM" grep -q "Operation not permitted" /tmp/err.txt
# Loading takes CAP_BPF, attaching CAP_SYS_NICE on top, each refused without it
expect 6 "attach as root without CAP_SYS_NICE" \
	/tests/bin/drop_cap sys_nice -- rtsched attach /policies/fifo.bpf.o
check "... fails at the attach, with EPERM" \
	grep -q "cannot attach.*Operation not permitted" /tmp/err.txt
expect 6 "load as root without CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN" \
	/tests/bin/drop_cap bpf perfmon sys_admin -- rtsched attach /policies/fifo.bpf.o
check "... fails at the load, with EPERM" grep -q "cannot load.*Operation not permitted" /tmp/err.txt
expect 6 "force-detach as an unprivileged user" /tests/bin/as_nobody rtsched detach --force
expect 7 "parameters for a TID that does not exist" rtsched set 999999 --deadline 10ms
expect 2 "unknown subcommand" rtsched frobnicate
check "the previous policy is still attached" grep -qx "prog_id $id" /proc/sched_bpf
check "detach" rtsched detach
expect 1 "detach with nothing attached" rtsched detach

# Per-thread parameters round-trip through sched_setattr
/tests/bin/rt_sleep 10 30 &
tid=$!
sleep 0.2
check "set deadline and period of a FIFO thread" rtsched set "$tid" --deadline 10ms --period 20ms --runtime 2ms
check "get shows them" sh -c "rtsched get $tid | grep -q 10000000"
expect 6 "an unprivileged user cannot set a root thread's parameters" \
	/tests/bin/as_nobody rtsched set "$tid" --deadline 5ms
check "... which is EPERM" grep -q "Operation not permitted" /tmp/err.txt
kill "$tid"
# sched_setattr()'s rules: a user may set the parameters of their own RT thread
/tests/bin/as_nobody --rtprio 20 /tests/bin/rt_sleep 10 30 &
utid=$!
sleep 0.2
check "an unprivileged user sets the parameters of their own FIFO thread" \
	/tests/bin/as_nobody rtsched set "$utid" --deadline 5ms --period 10ms
check "get shows them" sh -c "rtsched get $utid | grep -q 5000000"
kill "$utid"
tap_end
