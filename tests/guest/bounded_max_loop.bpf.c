// SPDX-License-Identifier: GPL-2.0
/* The longest decision the verifier admits without bpf_loop, iterators or
 * may_goto: a plain loop that the verifier walks to the end, close to its
 * limit of a million processed instructions, at every op. How long it keeps
 * interrupts off is the bound on any accepted policy. */
#include "bpf_sched.h"

#define LOOPS 150000

SEC("sched")
int bounded_max_loop(struct bpf_sched_ctx *ctx)
{
	__u64 sum = ctx->now_ns;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < LOOPS; i++)
		sum = sum * 31 + i;
	ctx->task.data = sum;
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
