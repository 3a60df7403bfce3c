#!/usr/bin/env bash
# Extracts Debian's linux-source-6.12 once into the build cache as a git repository whose
# first commit is the pristine tree (tag "pristine"); variants are worktrees of it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball=/usr/src/$SRC_PKG.tar.xz
[ -f "$tarball" ] || die "$tarball missing: run 'make deps' (installs $SRC_PKG)"
version=$(dpkg-query -W -f '${Version}' "$SRC_PKG")

if [ -f "$SRC_DIR/.bpf-rtsched-version" ] &&
	[ "$(cat "$SRC_DIR/.bpf-rtsched-version")" = "$version" ]; then
	progress "source: $SRC_PKG $version already extracted"
	exit 0
fi

progress "source: extracting $SRC_PKG $version (about a minute)"
rm -rf "$SRC_DIR" "$CACHE_DIR/trees"
mkdir -p "$SRC_DIR"
tar -xf "$tarball" -C "$SRC_DIR" --strip-components=1
cd "$SRC_DIR"
git init -q
git config user.name "bpf-rtsched developers"
git config user.email "dev@bpf-rtsched.invalid"
# Debian's top-level .gitignore ends in "/*": without -f nothing would be added.
git add -f -A .
git commit -q -m "Debian $SRC_PKG $version (pristine)"
git tag -f pristine >/dev/null
echo "$version" >.bpf-rtsched-version
echo /.bpf-rtsched-version >>.git/info/exclude
progress "source: $SRC_PKG $version ready"
