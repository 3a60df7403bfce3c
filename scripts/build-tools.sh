#!/usr/bin/env bash
# Builds the userspace side of the patched kernel into $CACHE_DIR/tools/usr (or
# $BPF_RTSCHED_TOOLS_DIR/usr):
#   include/      the patched UAPI headers (make headers_install), libbpf's headers
#                 and kselftest.h, the kernel's TAP helper that the C guest tests use
#   lib/libbpf.a  libbpf, static, from the tree's tools/lib/bpf
#   sbin/bpftool  bpftool from tools/bpf/bpftool (no skeletons, no JIT disassembler)
#   src/json_writer/  bpftool's json_writer.c and .h, compiled into rtsched
#   selftests/    the series' kselftest, tools/testing/selftests/sched_bpf, when the
#                 tree has it
# The tree is the "bpf" tree (pristine + patches/series), or $BPF_RTSCHED_TOOLS_TREE.
# Nothing is rebuilt unless the tree's content or this script changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tools=$TOOLS_DIR
build=$tools/build
prefix=$tools/usr

# One build at a time: a second one waits, then finds the tools up to date.
mkdir -p "$tools"
exec 9>"$tools/.lock"
flock -n 9 || { progress "tools: waiting for another build-tools.sh"; flock 9; }

if [ -n "${BPF_RTSCHED_TOOLS_TREE:-}" ]; then
	tree=$(cd "$BPF_RTSCHED_TOOLS_TREE" && pwd) || die "tools: BPF_RTSCHED_TOOLS_TREE is not a directory"
	[ -f "$tree/tools/lib/bpf/Makefile" ] || die "tools: $tree is not a kernel tree"
	# A development tree has no series stamp: its commit and uncommitted changes stand in.
	tree_id=$(
		git -C "$tree" rev-parse HEAD 2>/dev/null || true
		git -C "$tree" diff HEAD 2>/dev/null | sha256sum
	)
else
	"$REPO_ROOT/scripts/fetch-source.sh" >&2
	tree=$(prepare_tree bpf)
	tree_id=$(cat "$tree/.bpf-rtsched-series")
fi

selftests=$tree/tools/testing/selftests/sched_bpf
want=$(printf '%s\n%s\n' "$tree" "$tree_id" | cat - "$0" | sha256sum | cut -c1-16)
stamp=$tools/.bpf-rtsched-inputs
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$prefix/lib/libbpf.a" ] &&
	[ -x "$prefix/sbin/bpftool" ] && [ -f "$prefix/include/linux/bpf.h" ] &&
	[ -f "$prefix/src/json_writer/json_writer.c" ] &&
	[ -f "$prefix/include/kselftest.h" ] &&
	{ [ ! -d "$selftests" ] || [ -x "$prefix/selftests/test_sched_bpf" ]; }; then
	progress "tools: up to date ($prefix)"
	exit 0
fi

log=$tools/build.log
rm -rf "$build" "$prefix" "$stamp"
mkdir -p "$build/libbpf" "$build/bpftool" "$prefix/sbin"
: >"$log"
run() { run_logged tools "$log" "$@"; }

progress "tools: UAPI headers from $tree"
run make -C "$tree" O="$build/headers" INSTALL_HDR_PATH="$prefix" headers_install
install -m 644 "$tree/tools/testing/selftests/kselftest.h" "$prefix/include/"
grep -q BPF_PROG_TYPE_SCHED "$prefix/include/linux/bpf.h" ||
	progress "tools: warning: $tree has no BPF_PROG_TYPE_SCHED (series not applied yet?)"

progress "tools: libbpf (static)"
run make -C "$tree/tools/lib/bpf" -j"$(nproc)" BUILD_STATIC_ONLY=1 OUTPUT="$build/libbpf/" \
	DESTDIR="$tools" prefix=/usr libdir_relative=lib install

# bpftool: fixed features instead of auto-detection, so that the result does not depend
# on which clang, LLVM or libbfd happens to be installed. Skeletons would need a vmlinux
# BTF of the target kernel; the JIT disassembler would pull libLLVM into the initramfs.
progress "tools: bpftool"
cat >"$build/bpftool/features" <<'FEATURES'
feature-clang-bpf-co-re=0
feature-llvm=0
feature-libcap=0
feature-libbfd=0
feature-libbfd-liberty=0
feature-libbfd-liberty-z=0
feature-disassembler-four-args=0
feature-disassembler-init-styled=0
FEATURES
run make -C "$tree/tools/bpf/bpftool" -j"$(nproc)" OUTPUT="$build/bpftool/" \
	FEATURES_DUMP="$build/bpftool/features" VMLINUX_BTF= CC=gcc HOSTCC=gcc
install -m 755 "$build/bpftool/bpftool" "$prefix/sbin/bpftool"
# bpftool's JSON writer, which the loader compiles (the repository keeps no copy)
mkdir -p "$prefix/src/json_writer"
install -m 644 "$tree/tools/bpf/bpftool/json_writer.c" "$tree/tools/bpf/bpftool/json_writer.h" \
	"$prefix/src/json_writer/"

if [ -d "$selftests" ]; then
	progress "tools: selftests/sched_bpf"
	run make -C "$selftests" -j"$(nproc)" OUTPUT="$build/selftests" \
		KHDR_INCLUDES="-isystem $prefix/include" CLANG="$(setting BPF_CLANG)" CC=gcc
	mkdir -p "$prefix/selftests"
	install -m 755 "$build/selftests/test_sched_bpf" "$prefix/selftests/"
	install -m 644 "$build/selftests/test_sched_bpf.bpf.o" "$prefix/selftests/"
fi
# Userspace links libbpf statically: leave no shared copy for the linker to prefer.
rm -f "$prefix"/lib/libbpf.so*

echo "$want" >"$stamp"
progress "tools: built libbpf $(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/libbpf.pc"), bpftool, headers in $prefix"
