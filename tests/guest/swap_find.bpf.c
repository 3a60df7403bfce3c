// SPDX-License-Identifier: GPL-2.0
/*
 * The second policy of the swap-leak test (swap_leak.c), attached in
 * swap_mark's place with bpf_link_update(): counts per op the tasks that show
 * it any key or data. It writes none, so every nonzero word it sees came
 * from another attachment.
 */
#include <stdbool.h>
#include "bpf_sched.h"

__u64 seen[BPF_SCHED_OP_TICK + 1];	/* calls per op */
__u64 leaks[BPF_SCHED_OP_TICK + 1];	/* of them, with another policy's words */
/* Enqueues of tasks queued at the swap, of tasks from another CPU */
__u64 seen_queued, leaks_queued, seen_migrated, leaks_migrated;

static int find_mark(struct bpf_sched_ctx *ctx)
{
	bool leak = ctx->task.key || ctx->task.data;
	__u32 op = ctx->op;

	if (op > BPF_SCHED_OP_TICK)
		return BPF_SCHED_DEFAULT;
	__sync_fetch_and_add(&seen[op], 1);
	if (leak)
		__sync_fetch_and_add(&leaks[op], 1);
	if (op != BPF_SCHED_OP_ENQUEUE)
		return BPF_SCHED_DEFAULT;
	if (ctx->flags & BPF_SCHED_ENQ_ATTACH) {
		__sync_fetch_and_add(&seen_queued, 1);
		if (leak)
			__sync_fetch_and_add(&leaks_queued, 1);
	}
	if (ctx->flags & BPF_SCHED_ENQ_MIGRATED) {
		__sync_fetch_and_add(&seen_migrated, 1);
		if (leak)
			__sync_fetch_and_add(&leaks_migrated, 1);
	}
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(swap_find, .enqueue = find_mark, .dequeue = find_mark, .tick = find_mark)

char LICENSE[] SEC("license") = "GPL";
