# The evaluation's local mode (make eval-local, README "Real machines"): runs a plan's
# runs on the machine this runs on, one after the other, as scripts/eval.sh boots them
# in QEMU, and leaves the same result folder for the statistics and the report:
#   sh eval-local.sh PLAN_DIR OUT_DIR
# PLAN_DIR holds runs.txt (python3 -m evaluation plan-local wrote it: name, time limit,
# script, description per line, tab-separated) and the scripts and files it names.
# eval.sh, beside this file, executes each run's script in OUT_DIR/runs/RUN/results
# within the run's time limit; run.env beside it records the machine (bare metal or
# the virtual machine detected), its CPU, frequency governors and SMT, and the verdict.
# Guard rails for a real machine: refuses without root or while a policy is attached;
# warns when CPU frequency scaling or SMT would distort latencies; reads every kernel
# setting the plan writes first and writes it back after each run, and detaches a
# policy a run left, also when the run is interrupted (INT, TERM, HUP: exit 130).
# Exit status: 0 when every run passed, 1 when one failed, 130 when interrupted, 3 when
# a policy or a setting could not be put back (the rest is not run).
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: sh eval-local.sh PLAN_DIR OUT_DIR"; exit 2; }
plan_dir=$1
# Absolute: each run starts in its own results folder
mkdir -p "$2" && out=$(cd "$2" && pwd) || exit 2
tab=$(printf '\t')
say() { echo "eval-local: $*"; }

[ "$(id -u)" = 0 ] || { say "needs root: it attaches policies and writes kernel settings"; exit 1; }
[ -f "$plan_dir/runs.txt" ] || { say "no $plan_dir/runs.txt (python3 -m evaluation plan-local writes it)"; exit 1; }
attached() { [ -e /proc/sched_bpf ] && ! grep -qx "prog_id 0" /proc/sched_bpf; }
if attached; then
	say "a policy is attached ($(grep '^prog_id' /proc/sched_bpf)): detach it first (rtsched detach)"
	exit 1
fi

# What the machine is: bare metal, or the virtual machine it is
machine() {
	if command -v systemd-detect-virt >/dev/null 2>&1; then
		virt=$(systemd-detect-virt 2>/dev/null)
		[ "$virt" = none ] && echo bare-metal || echo "${virt:-vm}"
	elif grep -qw hypervisor /proc/cpuinfo; then
		virt=$(dmesg 2>/dev/null | sed -n 's/.*Hypervisor detected: *//p' | head -1)
		echo "${virt:-vm}" | tr 'A-Z ' 'a-z-'
	else
		echo bare-metal
	fi
}
kind=$(machine)
governors=$(cat /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor 2>/dev/null | sort -u | tr '\n' ' ')
governors=${governors% }
smt=$(cat /sys/devices/system/cpu/smt/active 2>/dev/null || echo unknown)
say "machine: $kind, $(grep -c ^processor /proc/cpuinfo) CPUs, kernel $(uname -r)"
case " $governors " in
"  " | " performance ") ;;
*) say "warning: CPU frequency scaling (governors: $governors) distorts latencies: set the performance governor (cpupower frequency-set -g performance)" ;;
esac
[ "$smt" = 1 ] && say "warning: SMT is on: sibling threads share a core and distort latencies (echo off >/sys/devices/system/cpu/smt/control)"

# The settings the plan writes, as they are now
saved=$(mktemp -d)
cut -f3 "$plan_dir/runs.txt" | while IFS= read -r script; do
	while IFS= read -r line; do
		# The line's words, as eval.sh reads them
		case $line in write\ *) eval "set -- $line" && echo "$2" ;; esac
	done <"$script"
done | sort -u | while IFS= read -r path; do
	[ -e "$path" ] && printf '%s\t%s\n' "$path" "$(cat "$path")"
done >"$saved/settings"

child= group= env=
# After each run and at the end: no process of the run, no policy, every setting back.
# Fails when a policy stays attached or a setting could not be written back.
settle() {
	if [ -n "$group" ]; then
		# The whole session: timeout (busybox's signals only its child) may leave the
		# loads and measurements of a run it ended; the child alone while it has not
		# made its session yet
		kill -TERM "-$group" 2>/dev/null || kill -TERM "$child" 2>/dev/null
		[ -z "$child" ] || wait "$child" 2>/dev/null
		sleep 1
		kill -KILL "-$group" 2>/dev/null
		group= child=
	fi
	left=0
	if attached; then
		say "detaching the policy the run left ($(grep '^prog_id' /proc/sched_bpf))"
		rtsched detach >/dev/null 2>&1
		# The administrator's way out, when the link is not rtsched's to close
		attached && echo 1 >/proc/sys/kernel/sched_bpf_force_detach 2>/dev/null
		attached && { say "a policy is still attached: detach it (rtsched detach)"; left=1; }
	fi
	while IFS=$tab read -r path value; do
		[ "$(cat "$path" 2>/dev/null)" = "$value" ] && continue
		echo "$value" >"$path" 2>/dev/null && continue
		say "could not write $path back to $value"
		left=1
	done <"$saved/settings"
	return $left
}
interrupted() {
	trap '' INT TERM HUP
	say "interrupted: stopping the run, detaching, writing the settings back"
	settle
	[ -n "$env" ] && echo "verdict=interrupted" >>"$env"
	rm -rf "$saved"
	exit 130
}
trap interrupted INT TERM HUP

n=0 failed=0 total=$(wc -l <"$plan_dir/runs.txt")
while IFS=$tab read -r name limit script what; do
	n=$((n + 1))
	dir=$out/runs/$name
	rm -rf "$dir"
	mkdir -p "$dir/results"
	env=$dir/run.env
	{
		echo "kernel_release=$(uname -r)"
		echo "scenario=eval-local"
		echo "accel=$kind"
		echo "vcpus=$(grep -c ^processor /proc/cpuinfo)"
		echo "host_cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
		echo "host_cpus=$(grep -c ^processor /proc/cpuinfo)"
		echo "cpu_governors=${governors:-none}"
		echo "smt_active=$smt"
		echo "cmdline=$(cat /proc/cmdline)"
	} >"$env"
	say "run $n/$total: $what"
	start=$(date +%s)
	# Its own session (the subshell's pid is its id): an interruption stops the run's
	# every process, not this script
	(cd "$dir/results" && RTSCHED_PLAN=$script exec setsid timeout -s TERM "$limit" \
		sh "$here/eval.sh" >"$dir/results/output" 2>&1) &
	child=$! group=$!
	wait "$child"
	status=$?
	child=
	elapsed=$(($(date +%s) - start))
	echo "elapsed_s=$elapsed" >>"$env"
	if ! settle; then
		echo "verdict=not-restored" >>"$env"
		rm -rf "$saved"
		say "stopped: what run $n left could not all be put back (see above)"
		exit 3
	fi
	# coreutils' timeout exits 124; busybox's passes on its TERM (143)
	case $status in
	0) echo "verdict=exit-0" >>"$env" ;;
	124 | 143) [ "$status" = 124 ] || [ "$elapsed" -ge "$limit" ] && verdict=timeout || verdict=exit-$status
		echo "verdict=$verdict" >>"$env"; failed=$((failed + 1)) ;;
	*) echo "verdict=exit-$status" >>"$env"; failed=$((failed + 1)) ;;
	esac
	[ "$status" = 0 ] || say "run $n/$total failed ($(tail -1 "$env")): $dir/results/output"
	env=
done <"$plan_dir/runs.txt"
rm -rf "$saved"
say "$n runs, $failed failed: $out"
[ "$failed" = 0 ]
