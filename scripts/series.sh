#!/usr/bin/env bash
# The kernel series as commits, for editing:
#   series.sh edit [--reset]  a worktree of the pristine tree with each patch of
#                             patches/series applied as one commit (its own branch);
#                             made once and never reset behind the developer's back
#                             (--reset makes it again from patches/)
#   series.sh export          writes the worktree's commits back to patches/ (git
#                             format-patch with fixed options: an unchanged worktree
#                             exports byte-identical patches) and patches/series
# Change a patch with git commit --fixup / rebase -i --autosquash in the worktree, then
# export; the builds (make check, make kernels) apply patches/ as before.
# $BPF_RTSCHED_EDIT_TREE and $BPF_RTSCHED_PATCHES move the worktree and patches/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${BPF_RTSCHED_EDIT_TREE:-$CACHE_DIR/trees/edit}
patches=${BPF_RTSCHED_PATCHES:-$REPO_ROOT/patches}
# One branch per worktree location, so that a second worktree never takes the first's.
branch=series-edit-$(echo "$tree" | sha256sum | cut -c1-8)

edit() {
	if [ "${1:-}" = --reset ] && [ -d "$tree" ]; then
		git -C "$SRC_DIR" worktree remove --force "$tree"
		git -C "$SRC_DIR" branch -q -D "$branch" 2>/dev/null || true
	fi
	if [ -d "$tree" ]; then
		progress "series: worktree $tree already there ($(git -C "$tree" rev-list --count pristine..HEAD) commits on pristine); --reset makes it again"
		echo "$tree"
		return
	fi
	"$REPO_ROOT/scripts/fetch-source.sh" >&2
	git -C "$SRC_DIR" worktree prune
	git -C "$SRC_DIR" worktree add -q -B "$branch" "$tree" pristine
	mapfile -t files < <(sed -e '/^#/d' -e '/^$/d' -e "s|^|$patches/|" "$patches/series")
	if [ ${#files[@]} -gt 0 ] && ! git -C "$tree" am -q "${files[@]}" >&2; then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		die "series: $patches/series does not apply with git am to the pristine tree"
	fi
	progress "series: $tree holds the ${#files[@]} patches as commits on pristine"
	echo "$tree"
}

export_series() {
	[ -d "$tree" ] || die "series: no worktree $tree (run 'make series-edit' first)"
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		die "series: $tree has uncommitted changes; commit them into their patch first"
	local new
	new=$(mktemp -d)
	trap 'rm -rf "$new"' RETURN
	# Fixed options so that the same commits always give the same bytes.
	git -C "$tree" -c core.abbrev=9 -c diff.noprefix=false -c format.signature= \
		format-patch -q --zero-commit --no-signature --no-cover-letter --numbered \
		--no-binary -o "$new" pristine..HEAD
	(cd "$new" && ls -- *.patch 2>/dev/null || true) >"$new/series"
	mkdir -p "$patches"
	local old
	for old in "$patches"/[0-9][0-9][0-9][0-9]-*.patch; do
		# 0000-cover-letter.patch is written by hand, not exported
		case $old in */0000-*) ;; *) rm -f "$old" ;; esac
	done
	cp "$new"/*.patch "$new/series" "$patches/" 2>/dev/null || cp "$new/series" "$patches/"
	progress "series: exported $(grep -c . "$new/series" || true) patches to $patches"
}

case ${1:-} in
edit) edit "${2:-}" ;;
export) export_series ;;
*) die "usage: series.sh edit [--reset] | export" ;;
esac
