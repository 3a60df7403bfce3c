// SPDX-License-Identifier: GPL-2.0
/*
 * The first policy of the swap-leak test (swap_leak.c): writes a marker into
 * the key and data of every task it is asked about.
 */
#include "bpf_sched.h"

#define MARK	0x6d61726bULL	/* "mark" */

__u64 marked;	/* calls */

static int mark_task(struct bpf_sched_ctx *ctx)
{
	__sync_fetch_and_add(&marked, 1);
	/* One key for all: the order stays stock */
	ctx->task.key = MARK;
	ctx->task.data = MARK;
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(swap_mark, .enqueue = mark_task, .dequeue = mark_task, .tick = mark_task)

char LICENSE[] SEC("license") = "GPL";
