// SPDX-License-Identifier: GPL-2.0
/* Hostile: random answers to every decision and random per-task state. The
 * kernel must use stock decisions instead and detach it ("invalid"). */
#include "bpf_sched.h"

SEC("sched")
int hostile_garbage(struct bpf_sched_ctx *ctx)
{
	/* Every op, to answer each with garbage */
	if (ctx->op == BPF_SCHED_OP_INIT)
		return BPF_SCHED_DEFAULT;
	ctx->task.key = bpf_get_prandom_u32();
	ctx->task.data = bpf_get_prandom_u32();
	/* Never 0, 1 or 2, which are valid PREEMPT/TICK answers */
	return bpf_get_prandom_u32() | 0x100000;
}
