// SPDX-License-Identifier: GPL-2.0
/*
 * rr: round-robin within each priority level, with a quantum set at load
 * time (rtsched attach rr.bpf.o --param quantum_us=5000) instead of the
 * boot-time sched_rr_timeslice, for SCHED_FIFO threads too. A thread that
 * registered a runtime parameter uses it as its own quantum.
 *
 * Only the tick decides: once the running task has used its quantum, the
 * slice ends and the kernel queues it behind the tasks of its level.
 */
#include "bpf_sched.h"

const volatile __u64 quantum_us = 10000;

static int rr_tick(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task *task = &ctx->task;
	__u64 quantum_ns = quantum_us * 1000;

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

BPF_SCHED_POLICY(rr, .tick = rr_tick)

char LICENSE[] SEC("license") = "GPL";
