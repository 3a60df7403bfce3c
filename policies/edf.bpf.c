// SPDX-License-Identifier: GPL-2.0
/*
 * edf: earliest deadline first for threads that registered a relative
 * deadline (rtsched set TID --deadline 10ms, or rtsched_set_params()).
 *
 * A wakeup of such a thread releases a job whose absolute deadline is the
 * wakeup time plus the relative deadline (the policy keeps it in the
 * task's key), unless it comes within half a period of the last release:
 * that is a wait inside the job. Deadline threads then run in deadline order, whatever their
 * SCHED_FIFO priorities, and a woken job with an earlier deadline preempts
 * the running one.
 *
 * Threads without a deadline keep stock priority order. As a group, the
 * deadline threads rank at the priority of the most urgent of them: a
 * thread without deadline runs first only if its priority is strictly
 * higher than every runnable deadline thread's. So a system thread at
 * priority 99 still preempts them, and the deadline threads keep their
 * place relative to the rest of the RT system.
 */
#include "bpf_sched.h"

static __always_inline int has_deadline(const struct bpf_sched_task *t)
{
	return (t->flags & BPF_SCHED_TASK_HAS_PARAMS) && t->param_deadline_ns &&
	       !(t->flags & BPF_SCHED_TASK_BOOSTED);
}

/* Earlier absolute deadline first, robust to wraparound; ties: stock order */
static __always_inline int edf_before(const struct bpf_sched_task *a,
				      const struct bpf_sched_task *b)
{
	__s64 diff = (__s64)(a->key - b->key);

	if (diff)
		return diff < 0;
	return stock_before(a, b);
}

static int release_job(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task *task = &ctx->task;
	__u64 now = ctx->now_ns, enqueued = task->enqueue_ns;
	__u64 period = task->param_period_ns ?: task->param_deadline_ns;
	__u32 flags = ctx->flags;

	/*
	 * key is the job's absolute deadline, data its release time. A task
	 * queued when the policy was attached gets a job from when it became
	 * runnable. A wakeup releases a new job unless it comes less than half
	 * a period after the last release: then the task only waited inside
	 * its job (for a lock; on PREEMPT_RT even spinlocks sleep). Half a
	 * period, not the deadline, because timer wakeups jitter: a release
	 * that comes a little earlier after a late one is still a new job.
	 * Migration and priority changes keep the job.
	 */
	if (flags & BPF_SCHED_ENQ_ATTACH) {
		barrier_var(enqueued);
		task->data = enqueued;
		task->key = enqueued + task->param_deadline_ns;
	} else if (flags & BPF_SCHED_ENQ_WAKEUP) {
		if (task->data && now - task->data < period / 2)
			return BPF_SCHED_DEFAULT;
		task->data = now;
		task->key = now + task->param_deadline_ns;
	}
	return BPF_SCHED_DEFAULT;
}

static int pick(struct bpf_sched_ctx *ctx)
{
	struct bpf_sched_task task = {}, best_dl = {}, best_other = {};
	int have_dl = 0, have_other = 0;
	__u32 i, nr = ctx->nr_tasks, band_prio = 100;

	for (i = 0; i < BPF_SCHED_MAX_TASKS && i < nr; i++) {
		if (get_task(ctx, i, &task))
			break;
		if (has_deadline(&task)) {
			if (task.prio < band_prio)
				band_prio = task.prio;
			if (!have_dl || edf_before(&task, &best_dl)) {
				best_dl = task;
				have_dl = 1;
			}
		} else if (!have_other || stock_before(&task, &best_other)) {
			best_other = task;
			have_other = 1;
		}
	}

	if (have_other && (!have_dl || best_other.prio < band_prio))
		return best_other.pid;
	return have_dl ? best_dl.pid : BPF_SCHED_DEFAULT;
}

static int preempt(struct bpf_sched_ctx *ctx)
{
	/* Between a deadline job and anything else, priorities decide */
	if (!has_deadline(&ctx->task) || !has_deadline(&ctx->curr))
		return BPF_SCHED_DEFAULT;
	return edf_before(&ctx->task, &ctx->curr) ? BPF_SCHED_PREEMPT :
						    BPF_SCHED_NO_PREEMPT;
}

SEC("sched")
int edf(struct bpf_sched_ctx *ctx)
{
	switch (ctx->op) {
	case BPF_SCHED_OP_INIT:
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_ENQUEUE) |
		       BPF_SCHED_OP_MASK(BPF_SCHED_OP_PICK) |
		       BPF_SCHED_OP_MASK(BPF_SCHED_OP_PREEMPT);
	case BPF_SCHED_OP_ENQUEUE:
		if (has_deadline(&ctx->task))
			return release_job(ctx);
		return BPF_SCHED_DEFAULT;
	case BPF_SCHED_OP_PICK:
		return pick(ctx);
	case BPF_SCHED_OP_PREEMPT:
		return preempt(ctx);
	default:
		return BPF_SCHED_DEFAULT;
	}
}
