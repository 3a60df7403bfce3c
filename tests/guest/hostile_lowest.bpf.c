// SPDX-License-Identifier: GPL-2.0
/* Hostile: always runs the lowest-priority runnable task and never lets a
 * woken task preempt. The watchdog must detach it ("starved"). */
#include "bpf_sched.h"

SEC("sched")
int hostile_lowest(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task t, lowest = {};
	__u32 i;

	switch (ctx->op) {
	case BPF_SCHED_OP_PICK:
		for (i = 0; i < BPF_SCHED_MAX_TASKS && i < ctx->nr_tasks; i++) {
			if (get_task(ctx, i, &t))
				break;
			if (!lowest.pid || t.prio > lowest.prio)
				lowest = t;
		}
		return lowest.pid;
	case BPF_SCHED_OP_PREEMPT:
		return BPF_SCHED_NO_PREEMPT;
	default:
		return BPF_SCHED_DEFAULT;
	}
}
