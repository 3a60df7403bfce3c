// SPDX-License-Identifier: GPL-2.0
/* Hostile: once a task runs, no other task of its CPU ever runs: no
 * preemption, no end of slice, and the pick keeps the task that ran. The
 * watchdog must detach it ("starved") when a higher priority waits. */
#include "bpf_sched.h"

SEC("sched")
int hostile_never_run(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task t;
	__u32 i;

	switch (ctx->op) {
	case BPF_SCHED_OP_PICK:
		/* The task that ran last, not a newcomer */
		for (i = 0; i < BPF_SCHED_MAX_TASKS && i < ctx->nr_tasks; i++) {
			if (get_task(ctx, i, &t))
				break;
			if (t.run_start_ns > t.enqueue_ns)
				return t.pid;
		}
		return BPF_SCHED_DEFAULT;
	case BPF_SCHED_OP_PREEMPT:
		return BPF_SCHED_NO_PREEMPT;
	case BPF_SCHED_OP_TICK:
		return BPF_SCHED_SLICE_KEEP;
	default:
		return BPF_SCHED_DEFAULT;
	}
}
