// SPDX-License-Identifier: GPL-2.0
/*
 * edf: earliest deadline first within a priority level, for threads that
 * registered a relative deadline (rtsched set TID --deadline 10ms, or
 * rtsched_set_params()). Give the threads to be scheduled by deadline one
 * SCHED_FIFO priority: the kernel keeps the priority levels, and higher
 * levels (IRQ threads at 50, a system thread at 99) still come first.
 *
 * A wakeup releases a job whose absolute deadline, the task's key, is the
 * wakeup time plus the relative deadline, unless it comes within half a
 * period of the last release: that is a wait inside the job (for a lock;
 * on PREEMPT_RT even spinlocks sleep). Half a period, not the deadline,
 * because timer wakeups jitter: a release that comes a little earlier
 * after a late one is still a new job. A task of the level without a
 * deadline runs after those with one.
 */
#include "bpf_sched.h"

static int edf_enqueue(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task *task = &ctx->task;
	__u64 now = ctx->now_ns, released = task->data;
	__u64 period = task->param_period_ns ?: task->param_deadline_ns;

	if (!task->param_deadline_ns) {
		task->key = ~0ULL;
		return BPF_SCHED_DEFAULT;
	}
	/* key is the job's absolute deadline, data its release time */
	if (ctx->flags & BPF_SCHED_ENQ_ATTACH) {
		/* queued before the policy came: a job from when it became runnable */
		released = task->enqueue_ns;
	} else if (ctx->flags & (BPF_SCHED_ENQ_WAKEUP | BPF_SCHED_ENQ_PARAMS)) {
		if (released && now - released < period / 2 &&
		    !(ctx->flags & BPF_SCHED_ENQ_PARAMS))
			return BPF_SCHED_DEFAULT;
		released = now;
	} else if (released) {
		/* migration and priority changes keep the job */
		return BPF_SCHED_DEFAULT;
	} else {
		released = now;
	}
	task->data = released;
	task->key = released + task->param_deadline_ns;
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(edf, .enqueue = edf_enqueue)

char LICENSE[] SEC("license") = "GPL";
