#!/usr/bin/env bash
# Boots a kernel with the initramfs, runs one scenario, and returns its exit status.
#   run-qemu.sh [options] KERNEL SCENARIO [KEY=VALUE...]
# KERNEL is a kernel name (see build-kernel.sh) or a bzImage path; KEY=VALUE pairs reach the
# guest as RTSCHED_KEY. Options:
#   --cpus N      vCPUs (2)            --mem MiB   guest memory (1024)
#   --timeout S   kill after S s (600) --out DIR   results folder (out/runs/KERNEL-SCENARIO)
#   --accel A     kvm, tcg or icount (default: kvm when usable, else tcg; or $BPF_RTSCHED_ACCEL)
#   --append ARGS more kernel parameters (e.g. nohz_full=1)
#   --exec-trace FILE  QEMU logs every translation to FILE and chains no blocks, with
#                 an HMP monitor on the UNIX socket FILE.monitor to log executions
#                 (scripts/cost_profile.py)
# DIR receives console.log (ttyS0), port.log (ttyS1, the results port: see
# scripts/guest/init), run.env (what ran where, and the verdict) and results/ (the
# scenario's output, status and files, unpacked from the port). Exit status: the
# scenario's, or 1 when the console shows a panic, oops, BUG, WARNING or lockdep report,
# or 124 on timeout, or 125 when the guest's results did not arrive whole.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cpus=2 mem=1024 timeout_s=600 out= accel=${BPF_RTSCHED_ACCEL:-} extra_args= exec_trace=
while [ $# -gt 0 ]; do
	case $1 in
	--cpus) cpus=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--append) extra_args=$2; shift 2 ;;
	--exec-trace) exec_trace=$2; shift 2 ;;
	-*) die "run-qemu: unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || die "usage: run-qemu.sh [options] KERNEL SCENARIO [KEY=VALUE...]"
kernel=$1 scenario=$2
shift 2

if [ -f "$kernel" ]; then
	bzimage=$kernel
	# A build folder's (NAME/arch/x86/boot/bzImage) is named after it, any other image after its file
	case $kernel in
	*/arch/x86/boot/bzImage) kernel_name=$(basename "${kernel%/arch/x86/boot/bzImage}") ;;
	*) kernel_name=$(basename "$kernel") ;;
	esac
else
	kernel_name=$kernel bzimage=$CACHE_DIR/build/$kernel/arch/x86/boot/bzImage
fi
[ -f "$bzimage" ] || die "run-qemu: no kernel $bzimage (run 'make kernels')"
initrd=${INITRAMFS:-$OUT_DIR/initramfs.cpio}
[ -f "$initrd" ] || die "run-qemu: no initramfs $initrd (run 'make initramfs')"
out=${out:-$OUT_DIR/runs/$kernel_name-$scenario}

# KVM only when it really runs a Linux guest: on some hosts /dev/kvm opens and even runs
# firmware, yet the kernel stops with "KVM internal error" and QEMU hangs. The probe boots
# this kernel until it prints its banner; the verdict is cached until the host reboots.
kvm_usable() {
	local verdict_file=$CACHE_DIR/kvm-usable.$(cat /proc/sys/kernel/random/boot_id) con pid i
	mkdir -p "$CACHE_DIR"
	if [ ! -f "$verdict_file" ]; then
		echo no >"$verdict_file.tmp"
		if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
			con=$(mktemp)
			qemu-system-x86_64 -accel kvm -cpu host -M pc -m 256 -nodefaults -display none \
				-no-reboot -serial "file:$con" -kernel "$bzimage" \
				-append "console=ttyS0 panic=-1" </dev/null >/dev/null 2>&1 &
			pid=$!
			for ((i = 0; i < 20; i++)); do
				grep -q 'Linux version' "$con" && { echo yes >"$verdict_file.tmp"; break; }
				kill -0 $pid 2>/dev/null || break
				sleep 1
			done
			kill $pid 2>/dev/null || true
			wait $pid 2>/dev/null || true
			rm -f "$con"
		fi
		mv "$verdict_file.tmp" "$verdict_file"
	fi
	[ "$(cat "$verdict_file")" = yes ]
}
if [ -z "$accel" ]; then
	# stderr: bash reports the probe's QEMU aborting under a KVM that cannot run Linux
	if kvm_usable 2>/dev/null; then accel=kvm; else accel=tcg; fi
fi
case $accel in
kvm) accel_args=(-accel kvm -cpu host) ;;
tcg) accel_args=(-accel tcg,thread=multi -cpu max) ;;
# Guest time follows executed instructions: little host noise, still not a real machine.
icount) accel_args=(-accel tcg -cpu max -icount shift=1,sleep=off) ;;
*) die "run-qemu: --accel must be kvm, tcg or icount" ;;
esac

rm -rf "$out"
mkdir -p "$out/results" "$CACHE_DIR"
# loglevel=5: WARN() and lockdep print at KERN_WARNING and must reach the console scan.
append="console=ttyS0 panic=-1 oops=panic loglevel=5 rtsched.scenario=$scenario"
append+=" rtsched.kernel=$kernel_name rtsched.cpus=$cpus rtsched.accel=$accel"
# Under icount the emulated HPET, the boot's global clock event, ticks at half its rate
# while the kernel verifies the local APIC timer against it: PREEMPT_RT kernels then
# disabled the APIC timer in every boot ("verification failure"). With the PIT in its
# place the APIC timer passes, and high-resolution timers start once the TSC
# clocksource is registered, about 1.6 s into the boot. Every kernel gets it alike.
# Under icount a PREEMPT_RT guest sending an evaluation's results (600 KB) on ttyS1
# counted that port's interrupt as unhandled, disabled it ("irq 3: nobody cared") and
# the transfer stopped: noirqdebug keeps spurious-interrupt detection from doing that.
[ "$accel" = icount ] && append+=" hpet=disable noirqdebug"
for kv in "$@"; do
	append+=" rtsched.$kv"
done
[ -z "$extra_args" ] || append+=" $extra_args"
cat >"$out/run.env" <<EOT
kernel=$kernel_name
# awk reads to the end: an early exit would fail the pipeline with SIGPIPE.
kernel_release=$(strings "$bzimage" | awk '/^6\.[0-9]/ && !r { r = $1 } END { print r ? r : "unknown" }')
scenario=$scenario
accel=$accel
vcpus=$cpus
guest_mem_mib=$mem
host_cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
host_cpus=$(nproc)
cmdline=$append
EOT

monitor_args=(-monitor none)
if [ -n "$exec_trace" ]; then
	# sun_path holds 108 bytes
	[ ${#exec_trace} -lt 99 ] || die "run-qemu: --exec-trace path too long for a socket: $exec_trace"
	monitor_args=(-d nochain,in_asm -D "$exec_trace" -monitor "unix:$exec_trace.monitor,server,nowait")
fi
progress "qemu: $kernel_name, scenario $scenario, $cpus vCPUs, $accel"
start=$(date +%s)
# Under emulation on a busy host the guest's APIC timer calibration can fail
# at boot, leaving it without high-resolution timers: an emulator artefact,
# not the kernel's, and no machine to measure on. The runner stops such a boot
# as soon as the console shows it and boots again, once; the retry is recorded.
apic_failed='APIC timer disabled due to verification failure'
for attempt in 1 2; do
	timeout --foreground -k 5 "$timeout_s" qemu-system-x86_64 "${accel_args[@]}" \
		-M pc -smp "$cpus" -m "$mem" -nodefaults -display none -no-reboot \
		-serial "file:$out/console.log" -serial "file:$out/port.log" "${monitor_args[@]}" \
		-kernel "$bzimage" -initrd "$initrd" -append "$append" \
		</dev/null >"$out/qemu.log" 2>&1 &
	qemu_pid=$!
	# Calibration is over once the guest's init runs
	while kill -0 $qemu_pid 2>/dev/null && ! grep -q '^rtsched-init:' "$out/console.log" 2>/dev/null; do
		if grep -q "$apic_failed" "$out/console.log" 2>/dev/null; then
			kill $qemu_pid 2>/dev/null || true
			break
		fi
		sleep 1
	done
	set +e
	wait $qemu_pid
	qemu_status=$?
	set -e
	calibration_failed=0
	grep -q "$apic_failed" "$out/console.log" && calibration_failed=1
	[ $calibration_failed = 1 ] && [ $attempt = 1 ] || break
	progress "qemu: the emulated APIC timer failed calibration at boot; booting again"
	echo "boot_retried=apic-timer-calibration" >>"$out/run.env"
	mv "$out/console.log" "$out/console-failed-boot.log"
	rm -f "$out/port.log"
done
elapsed=$(($(date +%s) - start))
echo "elapsed_s=$elapsed" >>"$out/run.env"

# Kernel reports that make a run fail even when the scenario passed: kernel lines only
# (printk's timestamp), so that the tests' own words cannot match.
bad=$(grep -a -n -E '\[ *[0-9]+\.[0-9]{6}\] .*(Kernel panic|Oops|BUG:|WARNING:|lockdep|possible (recursive|circular) locking|INFO: task .* blocked|rcu.*(stall|detected stalls)|Call Trace:)' \
	"$out/console.log" | head -5 || true)
lost=$("$REPO_ROOT/scripts/results_port.py" "$out/port.log" "$out/results") || true
status=$(cat "$out/results/status" 2>/dev/null || true)

# The verdict in run.env tells the test runner why a run failed.
verdict() { echo "verdict=$1" >>"$out/run.env"; }
if [ $calibration_failed = 1 ]; then
	verdict apic-timer-calibration
	progress "qemu: the emulated APIC timer failed calibration in both boots (console: $out/console.log)"
	exit 125
fi
if [ $qemu_status -eq 124 ]; then
	verdict timeout
	progress "qemu: timed out after ${timeout_s}s (console: $out/console.log)"
	tail -5 "$out/console.log" >&2
	exit 124
fi
if [ -n "$bad" ]; then
	verdict kernel-problem
	progress "qemu: console shows a kernel problem (console: $out/console.log):"
	echo "$bad" >&2
	exit 1
fi
if [ $qemu_status -ne 0 ]; then
	verdict qemu-failed
	progress "qemu: exited $qemu_status: $(head -3 "$out/qemu.log")"
	exit 125
fi
if [ -n "$lost" ]; then
	verdict results-lost
	echo "verdict_detail=$lost" >>"$out/run.env"
	progress "qemu: $lost (console: $out/console.log)"
	tail -5 "$out/console.log" >&2
	exit 125
fi
if ! grep -q 'reboot: Power down' "$out/console.log"; then
	verdict no-poweroff
	progress "qemu: guest did not power off cleanly (console: $out/console.log)"
	exit 125
fi
verdict "exit-$status"
progress "qemu: scenario $scenario exited $status after ${elapsed}s"
exit "$status"
