// SPDX-License-Identifier: GPL-2.0
/* Hostile: random keys, and every tick answered with a verdict that does not
 * exist. The kernel must fall back to stock and detach it ("invalid"). */
#include "bpf_sched.h"

static int garbage_enqueue(struct bpf_sched_ctx *ctx)
{
	ctx->task.key = bpf_get_prandom_u32();
	ctx->task.data = bpf_get_prandom_u32();
	return BPF_SCHED_DEFAULT;
}

static int garbage_tick(struct bpf_sched_ctx *ctx)
{
	/* Never 0, 1 or 2, the valid answers */
	return bpf_get_prandom_u32() | 0x100000;
}

BPF_SCHED_POLICY(hostile_garbage, .enqueue = garbage_enqueue, .tick = garbage_tick)

char LICENSE[] SEC("license") = "GPL";
