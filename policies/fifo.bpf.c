// SPDX-License-Identifier: GPL-2.0
/*
 * fifo: stock SCHED_FIFO/SCHED_RR ordering, decided in BPF.
 *
 * Picks the runnable task stock rt.c would pick: highest priority first,
 * queue order among equals. It is the reference the other policies start
 * from and the baseline of the overhead measurements: attached, it must
 * change nothing but the cost of a decision.
 */
#include "bpf_sched.h"

SEC("sched")
int fifo(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task best = {}, task = {};
	__u32 i, nr = ctx->nr_tasks;
	int found = 0;

	/* Enqueue, preemption and time slices stay stock: not even called */
	if (ctx->op == BPF_SCHED_OP_INIT)
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_PICK);
	if (ctx->op != BPF_SCHED_OP_PICK)
		return BPF_SCHED_DEFAULT;

	for (i = 0; i < BPF_SCHED_MAX_TASKS && i < nr; i++) {
		if (get_task(ctx, i, &task))
			break;
		if (!found || stock_before(&task, &best)) {
			best = task;
			found = 1;
		}
	}
	return found ? best.pid : BPF_SCHED_DEFAULT;
}
