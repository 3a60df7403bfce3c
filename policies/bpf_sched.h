/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every bpf-rtsched policy shares: the kfunc that reads the runnable
 * tasks of the CPU a decision is for, and stock rt.c's ordering.
 *
 * A policy is one SEC("sched") program; ctx->op says which decision the
 * kernel asks for, and BPF_SCHED_DEFAULT always means "do what stock
 * SCHED_FIFO/SCHED_RR would do". At attach the kernel asks once
 * (BPF_SCHED_OP_INIT) which ops the policy decides: answering with their
 * BPF_SCHED_OP_MASK() bits spares the calls for the others.
 */
#ifndef BPF_RTSCHED_POLICY_H
#define BPF_RTSCHED_POLICY_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The kernel shows a policy at most this many runnable tasks per CPU */
#define BPF_SCHED_MAX_TASKS 128

extern int bpf_sched_get_task(struct bpf_sched_ctx *ctx, __u32 i,
			      struct bpf_sched_task *task,
			      __u32 task__sz) __ksym;

/* Copy runnable task @i of ctx->cpu; non-zero when there is none. */
static __always_inline int get_task(struct bpf_sched_ctx *ctx, __u32 i,
				    struct bpf_sched_task *task)
{
	return bpf_sched_get_task(ctx, i, task, sizeof(*task));
}

/*
 * Stock order: the higher priority (lower prio value) first; among equal
 * priorities, the one ahead in rt.c's queue (lower order) first.
 */
static __always_inline int stock_before(const struct bpf_sched_task *a,
					const struct bpf_sched_task *b)
{
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->order < b->order;
}

char LICENSE[] SEC("license") = "GPL";

#endif /* BPF_RTSCHED_POLICY_H */
