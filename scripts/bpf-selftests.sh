#!/usr/bin/env bash
# The kernel's own BPF selftests on a pristine and a patched kernel of the same
# configuration: does the series change anything they see?
#   bpf-selftests.sh [REFERENCE PATCHED]
# The kernels default to vanilla-stock-selftests and vanilla-bpf-selftests: the evaluation
# configuration plus kernel-config/selftests.config (modules, IPv4, network namespaces).
# Each kernel runs the test programs of its own tree (pristine or patched):
#   test_verifier  the selftests' own Makefile, out of tree; it loads bpf_testmod.ko,
#                  built for that kernel
#   test_progs     the runner with only prog_tests/libbpf_probes.c and libbpf_str.c:
#                  the full runner's BPF objects need a kernel with networking (vmlinux.h
#                  of the lean guest kernels lacks it), and these two files are what
#                  `test_progs -t libbpf_probe,libbpf_str` selects in the full runner.
# Each kernel boots once and runs both (scripts/guest/bpf-selftests.sh); the logs and
# the comparison land in out/bpf-selftests/<time>/ (scripts/bpf_selftests_compare.py).
# Exits 1 when a test present on both kernels has a different result, or when a test
# only the patched kernel has does not pass.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || [ $# -eq 2 ] || die "usage: $0 [REFERENCE_KERNEL PATCHED_KERNEL]"
reference=${1:-vanilla-stock-selftests} patched=${2:-vanilla-bpf-selftests}
parse_kernel_name "$patched"
[ "$flavour" = bpf ] || die "bpf-selftests: $patched is not a patched (bpf) kernel"
for kernel in "$reference" "$patched"; do
	parse_kernel_name "$kernel"
	[ "$variant" = selftests ] || die "bpf-selftests: $kernel is not a -selftests kernel (modules)"
done
BPF_CLANG=$(setting BPF_CLANG)

"$REPO_ROOT/scripts/build-kernel.sh" "$reference" "$patched"
build=$CACHE_DIR/bpf-selftests
bin=$build/bin
log=$build/build.log
mkdir -p "$build"
rm -rf "$bin"
: >"$log"
run() { run_logged bpf-selftests "$log" "$@"; }

# Each kernel runs the selftests of its own tree, as upstream runs them: a libbpf
# newer than the kernel reads the kernel's enums with names the kernel does not have
# (libbpf_str would compare "sched" with __MAX_BPF_PROG_TYPE on the pristine kernel).
tests=(prog_tests/libbpf_probes.c prog_tests/libbpf_str.c)
helpers=(test_progs.c cgroup_helpers.c trace_helpers.c network_helpers.c testing_helpers.c
	btf_helpers.c cap_helpers.c unpriv_helpers.c netlink_helpers.c jit_disasm_helpers.c
	test_loader.c xsk.c disasm.c disasm_helpers.c json_writer.c)
for kernel in "$reference" "$patched"; do
	parse_kernel_name "$kernel"
	tree=$(prepare_tree "$flavour")
	selftests=$tree/tools/testing/selftests/bpf
	kbuild=$CACHE_DIR/build/$kernel
	out=$build/$kernel
	mkdir -p "$out/progs/prog_tests" "$out/build" "$bin/$kernel"

	# bpf_testmod.ko: Module.symvers first (make modules, with the kernel's own make
	# variables, so that nothing of it is rebuilt)
	progress "bpf-selftests: $kernel: bpf_testmod.ko"
	run make -C "$tree" O="$kbuild" -j"$(nproc)" CC="ccache gcc" LOCALVERSION="-$kernel" modules
	rm -rf "$out/testmod"
	mkdir -p "$out/testmod"
	cp "$selftests"/bpf_testmod/*.[ch] "$selftests/bpf_testmod/Makefile" "$out/testmod/"
	run make -C "$kbuild" M="$out/testmod" CC="ccache gcc" modules
	cp "$out/testmod/bpf_testmod.ko" "$bin/$kernel/"

	# feature-llvm=0: no LLVM disassembler to carry into the guest. The extra files are
	# the test runners' other modules and helpers, which these tests do not use.
	progress "bpf-selftests: $kernel: test_verifier (selftests Makefile; log: $log)"
	run make -C "$selftests" -j"$(nproc)" OUTPUT="$out/build" VMLINUX_BTF="$kbuild/vmlinux" \
		CLANG="$BPF_CLANG" feature-llvm=0 TRUNNER_EXTRA_FILES= "$out/build/test_verifier"
	install -m 755 "$out/build/test_verifier" "$bin/$kernel/"

	progress "bpf-selftests: $kernel: test_progs with libbpf_probes.c and libbpf_str.c"
	# The test list as the selftests Makefile generates it, for these files only
	{
		echo '/* Generated header, do not edit */'
		(cd "$selftests" && sed -n -E \
			's/^void (serial_)?test_([a-zA-Z0-9_]+)\((void)?\).*/DEFINE_TEST(\2)/p' \
			"${tests[@]}" | sort)
	} >"$out/progs/prog_tests/tests.h"
	# The selftests Makefile's CFLAGS and libraries for test_progs, the generated list first
	(cd "$selftests" && run gcc -g -O0 -rdynamic -Wall -Werror -fno-omit-frame-pointer \
		-I"$out/progs" -I. -I"$out/build/tools/include" -I"$tree/include/generated" \
		-I"$tree/tools/lib" -I"$tree/tools/include" -I"$tree/tools/arch/x86/include" \
		-I"$tree/tools/include/uapi" -I"$out/build" -D_GNU_SOURCE= \
		"${helpers[@]}" "${tests[@]}" "$out/build/tools/build/libbpf/libbpf.a" \
		-lelf -lz -lrt -lpthread -o "$bin/$kernel/test_progs")
done

# The test initramfs plus the two programs and this scenario
initrd=$OUT_DIR/bpf-selftests/initramfs.cpio
INITRAMFS=$initrd "$REPO_ROOT/scripts/build-initramfs.sh" "$bin:/bpf-selftests"

results=$OUT_DIR/bpf-selftests/$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
status=0
for kernel in "$reference" "$patched"; do
	INITRAMFS=$initrd "$REPO_ROOT/scripts/run-qemu.sh" --timeout "${BPF_SELFTESTS_TIMEOUT:-3600}" \
		--out "$results/$kernel" "$kernel" bpf-selftests || status=$?
	[ $status -eq 0 ] || die "bpf-selftests: the $kernel run failed ($status; console: $results/$kernel/console.log)"
done
"$REPO_ROOT/scripts/bpf_selftests_compare.py" "$results/$reference" "$results/$patched" \
	| tee "$results/summary.md"
