# Scenario "eval": executes one run of the evaluation plan, line by line. The host wrote
# the plan (scripts/evaluation/plan.py): the run's script, appended to the initramfs, is
# named on the kernel command line (rtsched.plan=PATH, here RTSCHED_PLAN). Every setting,
# command line and result file comes from its lines; this file only knows how to run
# them. A line is a verb and its words, in shell quoting; CMD... is a command:
#   record FILE               record every following line in FILE: STEP, STATUS, LINE
#                             (tab-separated; STATUS skipped: not run, see below)
#   step ID                   a step begins
#   guest FILE RELEASE CPUS   the guest's facts to FILE; stops the run unless
#                             high-resolution timers run (init waited up to 30 s for
#                             them) and this is kernel RELEASE with CPUS CPUs
#   write PATH VALUE          a kernel setting; keeps the value it replaces (nothing
#                             where PATH is absent)
#   restore PATH              writes back the value write kept
#   attach CMD...             attaches a policy for the rest of the step
#   detach CMD...             detaches it; fails if the kernel detached it before
#   load SECONDS LOG CMD...   starts a load in the background (output to LOG); it must
#                             still run SECONDS s later
#   counters_start CPU        the policy's program runs and reordered picks on CPU from
#   counters_append CPU FILE  /proc/sched_bpf, the difference appended to FILE
#   measure FILE CMD...       runs a measurement, its output and errors to FILE
#   unload TEMP               stops the load; removes what stress-ng left in TEMP
#   save FILE CMD...          a command's output to FILE
#   histogram FROM TO         cyclictest's histogram file FROM, filtered, to TO
# Once a line of a step fails, the rest of the step is skipped but for unload and
# detach, which undo what ran. Exit status: 0 when no line failed, else 1.
# The run's files land in /results, the current folder (scripts/guest/init).
# shellcheck disable=SC2317 # the verb_ functions run as "verb_$verb"
failed=0 skip=0 step='' record=/dev/null load_pid='' attached=0 before=''
note() { echo "eval: $step: $*"; }

hres_active() { grep -q '\.resolution: 1 nsecs' /proc/timer_list 2>/dev/null; }

verb_guest() {
	ncpu=$(grep -c ^processor /proc/cpuinfo)
	{
		echo "hres_wait_s=$(cat /tmp/hres_wait_s 2>/dev/null)"
		echo "uname_r=$(uname -r)"
		echo "uname_v=$(uname -v)"
		echo "guest_cpus=$ncpu"
		echo "sched_bpf=$([ -e /proc/sched_bpf ] && echo yes || echo no)"
		echo "cyclictest=$(cyclictest --help 2>&1 | head -1)"
		echo "stress_ng=$(stress-ng --version 2>&1 | head -1)"
	} >"$1"
	hres_active || { note "no high-resolution timers after 30 s"; return 1; }
	[ "$(uname -r)" = "$2" ] && [ "$ncpu" = "$3" ] && return 0
	note "the plan is for $2 with $3 CPUs, this is $(uname -r) with $ncpu"
	return 1
}

verb_write() {
	[ -e "$1" ] || { note "no $1: not set"; return 0; }
	cat "$1" >"$saved/$(echo "$1" | tr / _)" && echo "$2" >"$1"
}
verb_restore() {
	[ -f "$saved/$(echo "$1" | tr / _)" ] || return 0
	cat "$saved/$(echo "$1" | tr / _)" >"$1"
}

verb_attach() {
	"$@" || return
	attached=1
}
# A policy the kernel detached during the step (starved, invalid, aborted) voids it.
verb_detach() {
	attached=0
	if grep -qx "prog_id 0" /proc/sched_bpf 2>/dev/null; then
		note "the kernel detached the policy: $(grep last_exit /proc/sched_bpf)"
		"$@"
		return 1
	fi
	"$@"
}

verb_load() {
	settle=$1 log=$2
	shift 2
	"$@" >"$log" 2>&1 &
	load_pid=$!
	sleep "$settle"
	kill -0 "$load_pid" 2>/dev/null
}
verb_unload() {
	kill "$load_pid" 2>/dev/null
	wait "$load_pid" 2>/dev/null
	load_pid=
	rm -rf "$1"/stress-ng-* 2>/dev/null
	return 0
}

# "CALLS REORDERED" so far on CPU $1: program runs of any op, picks the policy's order
# changed; nothing without /proc/sched_bpf
counters() {
	[ -e /proc/sched_bpf ] || return 0
	awk -v cpu="$1" '$1 == "cpu" { for (i = 2; i <= NF; i++) col[$i] = i; next }
		col["reordered"] && $1 == cpu {
			print $col["enqueue"] + $col["dequeue"] + $col["tick"], $col["reordered"] }' \
		/proc/sched_bpf
}
verb_counters_start() { before=$(counters "$1"); }
verb_counters_append() {
	[ -n "$before" ] || return 0
	# shellcheck disable=SC2046,SC2086 # two numbers each
	set -- "$2" $before $(counters "$1")
	echo "policy_calls $(($4 - $2))" >>"$1"
	echo "policy_reordered $(($5 - $3))" >>"$1"
}

verb_measure() {
	out=$1
	shift
	"$@" >"$out" 2>&1
}
verb_save() {
	out=$1
	shift
	"$@" >"$out"
}

# Empty buckets and the overflow cycle numbers carry no information.
verb_histogram() {
	[ -s "$1" ] || { note "no histogram in $1"; return 1; }
	awk '/^# Thread/ { next } /^[0-9]/ { for (i = 2; i <= NF; i++) if ($i + 0) { print; next }; next } { print }' \
		"$1" >"$2" && rm -f "$1"
}

# Whether a line runs: unload and detach when there is something to undo, the others
# while no line of the step failed.
runs() {
	case $1 in
	unload) [ -n "$load_pid" ] ;;
	detach) [ "$attached" = 1 ] ;;
	*) [ "$skip" = 0 ] ;;
	esac
}

[ -f "$RTSCHED_PLAN" ] || { echo "eval: no plan '$RTSCHED_PLAN' (scripts/eval.sh runs this scenario)"; exit 1; }
echo "eval: plan $RTSCHED_PLAN"
saved=$(mktemp -d) # the values write replaced
# The plan is read on fd 4, so that no command reads it on its stdin.
while IFS= read -r line <&4; do
	case $line in '' | '#'*) continue ;; esac
	# The line's words: the shell undoes the plan's quoting
	eval "set -- $line"
	verb=$1
	shift
	case $verb in
	record) record=$1; continue ;;
	step) step=$1 skip=0; echo "eval: $step"; continue ;;
	esac
	if runs "$verb"; then
		"verb_$verb" "$@" 4<&-
		status=$?
	else
		status=skipped
	fi
	printf '%s\t%s\t%s\n' "$step" "$status" "$line" >>"$record"
	case $status in 0 | skipped) continue ;; esac
	note "failed ($status): $line"
	failed=1 skip=1
	[ "$verb" = guest ] && break
done 4<"$RTSCHED_PLAN"
rm -rf "$saved"
echo "eval: done (failed=$failed)"
exit $failed
