// SPDX-License-Identifier: GPL-2.0
/* Hostile: every decision loops as long as the verifier allows (bpf_loop's
 * limit), with the rq lock held and interrupts off. The kernel must detach
 * it ("slow"). */
#include "bpf_sched.h"

/* BPF_MAX_LOOPS of the verifier */
#define MAX_LOOPS (1U << 23)

static long spin(__u64 index, void *sum)
{
	*(__u64 *)sum += index;
	return 0;
}

SEC("sched")
int hostile_loop(struct bpf_sched_ctx *ctx)
{
	__u64 sum = 0;

	bpf_loop(MAX_LOOPS, spin, &sum, 0);
	ctx->task.data = sum;
	return BPF_SCHED_DEFAULT;
}
