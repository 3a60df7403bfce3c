#!/usr/bin/env bash
# Builds the guest initramfs (uncompressed cpio: nothing to decompress under emulation):
# busybox-static, rt-tests, stress-ng, rt-app with their shared libraries, the guest init,
# the scenarios (scripts/guest/*.sh, tests/guest/fixtures/*.sh), the in-guest tests
# (tests/guest/*.sh) and any extra files given as
# SRC:DEST arguments (the loader, policies, test programs).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${INITRAMFS:-$OUT_DIR/initramfs.cpio}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

progress "initramfs: assembling"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,results,scenarios,lib64}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# Copies a program and the shared libraries it links against.
copy_with_libs() {
	local bin=$1 lib
	[ -x "$bin" ] || die "initramfs: $bin missing (run 'make deps')"
	cp "$bin" "$root/usr/bin/"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}
for prog in cyclictest cyclicdeadline pi_stress hackbench stress-ng rt-app; do
	copy_with_libs "/usr/bin/$prog"
done

install -m 755 "$REPO_ROOT/scripts/guest/init" "$root/init"
cp "$REPO_ROOT"/scripts/guest/*.sh "$REPO_ROOT"/tests/guest/fixtures/*.sh "$root/scenarios/"
mkdir -p "$root/tests"
cp "$REPO_ROOT"/tests/guest/*.sh "$root/tests/"
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
