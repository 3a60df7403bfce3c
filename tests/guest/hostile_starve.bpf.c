// SPDX-License-Identifier: GPL-2.0
/* Hostile: the task that became runnable first goes last, for ever. Among
 * CPU-bound tasks of one level, the first one queued never runs again:
 * the watchdog must detach the policy ("starved") and name that task. */
#include "bpf_sched.h"

/* The key each new arrival gets: smaller and smaller */
__u64 next_key = ~0ULL;

static int starve_enqueue(struct bpf_sched_ctx *ctx)
{
	ctx->task.key = __sync_fetch_and_add(&next_key, -1);
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(hostile_starve, .enqueue = starve_enqueue)

char LICENSE[] SEC("license") = "GPL";
