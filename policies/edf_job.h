/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The jobs of edf and gedf. A wakeup releases a job whose absolute
 * deadline, the task's key, is the wakeup time plus the relative deadline,
 * unless it comes within half a period of the last release: that is a wait
 * inside the job (for a lock; on PREEMPT_RT even spinlocks sleep). Half a
 * period, not the deadline, because timer wakeups jitter: a release that
 * comes a little earlier after a late one is still a new job. A task of the
 * level without a deadline runs after those with one.
 */
#ifndef BPF_RTSCHED_EDF_JOB_H
#define BPF_RTSCHED_EDF_JOB_H

#include "bpf_sched.h"

/*
 * BPF_SCHED_OP_ENQUEUE. Times are the runqueue clock's (ctx->now_ns): a
 * task that migrated brings a release time from another CPU's, which may
 * be a little ahead (see gedf), hence the signed difference.
 */
static __always_inline int edf_job_enqueue(struct bpf_sched_ctx *ctx)
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
		if (released && (__s64)(now - released) < (__s64)(period / 2) &&
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

#endif /* BPF_RTSCHED_EDF_JOB_H */
