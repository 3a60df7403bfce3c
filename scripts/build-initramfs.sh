#!/usr/bin/env bash
# Builds the guest initramfs (uncompressed cpio: nothing to decompress under emulation):
# busybox-static, rt-tests, stress-ng, rt-app with their shared libraries (and libgcc_s,
# which glibc loads at run time), a task set from scripts/taskset.py, the guest init,
# the scenarios (scripts/guest/*.sh, tests/guest/fixtures/*.sh), the in-guest tests
# (tests/tap.sh, tests/guest/*.sh; the runner's fixtures tests/guest/fixtures/check/
# to /tests/fixtures), what `make userspace` built (out/bin/rtsched to /bin, bpftool to
# /usr/sbin, out/lib/librtsched-map.so to /lib, out/policies/*.bpf.o to /policies,
# out/guest-tests/* to /tests/bin), the
# series' kselftest (make tools) to /tests/selftests, and any
# extra files given as SRC:DEST arguments.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${INITRAMFS:-$OUT_DIR/initramfs.cpio}
root=$(mktemp -d)
# mktemp makes it 0700: as the guest's / it would lock out unprivileged users
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

progress "initramfs: assembling"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,results,scenarios,lib64}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# Copies a program (to /usr/bin, or to the folder $2) and the shared libraries it links
# against.
copy_with_libs() {
	local bin=$1 dest=${2:-/usr/bin} lib
	[ -x "$bin" ] || die "initramfs: $bin missing (run 'make deps')"
	mkdir -p "$root$dest"
	cp "$bin" "$root$dest/"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}
for prog in cyclictest cyclicdeadline pi_stress hackbench stress-ng rt-app; do
	copy_with_libs "/usr/bin/$prog"
done
# glibc loads libgcc_s at pthread_exit() to unwind; without it rt-app aborts as its
# threads end, and its logs are lost.
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/lib/x86_64-linux-gnu/"

install -m 755 "$REPO_ROOT/scripts/guest/init" "$root/init"
cp "$REPO_ROOT"/scripts/guest/*.sh "$REPO_ROOT"/tests/guest/fixtures/*.sh "$root/scenarios/"
mkdir -p "$root/tests/fixtures"
cp "$REPO_ROOT"/tests/tap.sh "$REPO_ROOT"/tests/guest/*.sh "$root/tests/"
cp "$REPO_ROOT"/tests/guest/fixtures/check/*.sh "$root/tests/fixtures/"
# The loader, bpftool, policies and test programs (make userspace, make tools).
[ -x "$OUT_DIR/bin/rtsched" ] || die "initramfs: $OUT_DIR/bin/rtsched missing (run 'make userspace')"
copy_with_libs "$OUT_DIR/bin/rtsched" /bin
copy_with_libs "$TOOLS_DIR/usr/sbin/bpftool" /usr/sbin
copy_with_libs "$TOOLS_DIR/usr/selftests/test_sched_bpf" /tests/selftests
cp "$TOOLS_DIR/usr/selftests/test_sched_bpf.bpf.o" "$root/tests/selftests/"
mkdir -p "$root/policies" "$root/tests/bin"
for f in "$OUT_DIR"/policies/*.bpf.o; do
	if [ -e "$f" ]; then cp "$f" "$root/policies/"; fi
done
for f in "$OUT_DIR"/guest-tests/*; do
	if [ "${f%.bpf.o}" != "$f" ]; then
		cp "$f" "$root/tests/bin/"
	elif [ -f "$f" ] && [ -x "$f" ]; then
		copy_with_libs "$f" /tests/bin
	fi
done
# rtsched run --map-deadline preloads it from ../lib beside /bin/rtsched
cp "$OUT_DIR/lib/librtsched-map.so" "$root/lib/"
# One small task set from the experiments' generator, written for each scheduler of the
# experiments, for tests/guest/test-rtapp.sh (20 jobs: its threads live long enough
# for the test to read their parameters). SCHED_DEADLINE budgets of D (a margin of
# 1000 C, capped at D): under emulation the budget is charged for more than the job's
# loop (rt-app's timer and log, the syscalls): a thread of 177 us jobs overran a 2 C
# budget job after job, fell behind for good and ended at the run's duration with jobs
# missing, which is not what the test is about.
for sched in fifo-rm deadline mapped-deadline; do
	part=
	[ "$sched" = mapped-deadline ] && part=--partitioned
	python3 "$REPO_ROOT/scripts/taskset.py" generate --cpus 2 --utils 0.5 --sets 1 \
		--tasks-min 3 --tasks-max 3 --jobs 20 --seed 1 --sched "$sched" $part --dl-margin 1000 \
		--logdir "/tmp/rtapp/$sched" --out "$root/tests/rtapp/$sched" >/dev/null
done
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/tmp:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

for spec in "$@"; do
	mkdir -p "$root/$(dirname "${spec#*:}")"
	cp -r "${spec%%:*}" "$root/${spec#*:}"
done

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --quiet -o -0 -H newc -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
progress "initramfs: $out ($(du -m "$out" | cut -f1) MiB)"
