// SPDX-License-Identifier: GPL-2.0
/*
 * rr: round-robin among tasks of equal priority, with a quantum set at
 * load time (rtsched attach rr.bpf.o --param quantum_us=5000) instead of
 * the boot-time sched_rr_timeslice. It applies to SCHED_FIFO tasks too.
 * A thread that registered a runtime parameter uses it as its own quantum.
 *
 * Only the tick decides: when the running task has used its quantum, the
 * kernel moves it behind the tasks of its priority and picks the stock
 * way, so the next one in line runs. Priorities stay strict.
 */
#include "bpf_sched.h"

const volatile __u64 quantum_us = 10000;

SEC("sched")
int rr(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task *task = &ctx->task;
	__u64 quantum_ns = quantum_us * 1000;

	if (ctx->op == BPF_SCHED_OP_INIT)
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_TICK);
	if (ctx->op != BPF_SCHED_OP_TICK)
		return BPF_SCHED_DEFAULT;

	if ((task->flags & BPF_SCHED_TASK_HAS_PARAMS) && task->param_runtime_ns)
		quantum_ns = task->param_runtime_ns;

	/*
	 * A quantum is CPU time, as stock SCHED_RR counts it: data holds the
	 * task's runtime when its slice began, so being preempted by a higher
	 * priority (an IRQ thread on PREEMPT_RT) does not restart the slice.
	 */
	if (!task->data) {
		task->data = task->runtime_ns;
		return BPF_SCHED_SLICE_KEEP;
	}
	if (task->runtime_ns - task->data < quantum_ns)
		return BPF_SCHED_SLICE_KEEP;

	task->data = task->runtime_ns;
	return BPF_SCHED_SLICE_END;
}
