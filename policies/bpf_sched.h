/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every bpf-rtsched policy shares.
 *
 * A policy orders the tasks of its scope within each SCHED_FIFO/SCHED_RR
 * priority level by a key it gives each task: the smallest key runs first,
 * the earliest queued among equal keys. Priorities stay the kernel's.
 * BPF_SCHED_POLICY() declares a policy from the functions that decide its
 * ops; the kernel calls it for those ops only, and keeps the others stock.
 */
#ifndef BPF_RTSCHED_POLICY_H
#define BPF_RTSCHED_POLICY_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* An op's decision: the verdict for BPF_SCHED_OP_TICK, ignored for the others */
typedef int bpf_sched_op_fn(struct bpf_sched_ctx *ctx);

/* No decision: the op stays stock, and the kernel does not call the policy for it */
static __attribute__((unused)) int bpf_sched_stock(struct bpf_sched_ctx *ctx)
{
	return BPF_SCHED_DEFAULT;
}

/* Detach this policy, keeping @msg in the exit record (rtsched status shows it) */
extern void bpf_sched_abort(struct bpf_sched_ctx *ctx, const char *msg__str) __ksym;

/* The comparison folds at compile time: an op is decided or it is not */
#define __BPF_SCHED_OP(fn, op) \
	((void *)(fn) != (void *)bpf_sched_stock ? BPF_SCHED_OP_MASK(op) : 0)

/*
 * BPF_SCHED_POLICY(name, enqueue, dequeue, tick): the policy's SEC("sched")
 * program, dispatching each op to its function (bpf_sched_stock for none)
 * and answering BPF_SCHED_OP_INIT with exactly those ops:
 *   enqueue  a task of the scope became runnable: set ctx->task.key
 *   dequeue  it stopped being runnable
 *   tick     it runs: it may change its key; return BPF_SCHED_SLICE_END,
 *            BPF_SCHED_SLICE_KEEP or BPF_SCHED_DEFAULT
 */
#define BPF_SCHED_POLICY(name, enqueue, dequeue, tick)				\
SEC("sched")									\
int name(struct bpf_sched_ctx *ctx)						\
{										\
	switch (ctx->op) {							\
	case BPF_SCHED_OP_INIT:							\
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_INIT) |			\
		       __BPF_SCHED_OP(enqueue, BPF_SCHED_OP_ENQUEUE) |		\
		       __BPF_SCHED_OP(dequeue, BPF_SCHED_OP_DEQUEUE) |		\
		       __BPF_SCHED_OP(tick, BPF_SCHED_OP_TICK);			\
	case BPF_SCHED_OP_ENQUEUE:						\
		return enqueue(ctx);						\
	case BPF_SCHED_OP_DEQUEUE:						\
		return dequeue(ctx);						\
	case BPF_SCHED_OP_TICK:							\
		return tick(ctx);						\
	default:								\
		return BPF_SCHED_DEFAULT;					\
	}									\
}

#endif /* BPF_RTSCHED_POLICY_H */
