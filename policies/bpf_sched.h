/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every bpf-rtsched policy shares.
 *
 * A policy orders the tasks of its scope within each SCHED_FIFO/SCHED_RR
 * priority level by a key it gives each task: the smallest key runs first,
 * the earliest queued among equal keys. Priorities stay the kernel's.
 * BPF_SCHED_POLICY() declares a policy from the functions that decide its
 * ops; the kernel calls it for those ops only, and keeps the others stock.
 * A policy that must choose when a CPU picks (not by a key) decides
 * BPF_SCHED_OP_PICK too. A global policy (.global = true) has keys that
 * compare across CPUs, and the kernel moves its tasks between CPUs by them.
 */
#ifndef BPF_RTSCHED_POLICY_H
#define BPF_RTSCHED_POLICY_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* An op's decision: the verdict for BPF_SCHED_OP_TICK and _PICK, ignored otherwise */
typedef int bpf_sched_op_fn(struct bpf_sched_ctx *ctx);

/* The functions that decide a policy's ops; an op without one stays stock */
struct bpf_sched_policy_ops {
	bpf_sched_op_fn *enqueue;	/* a task of the scope became runnable: set its key */
	bpf_sched_op_fn *dequeue;	/* it stopped being runnable */
	bpf_sched_op_fn *tick;		/* it runs: SLICE_END, SLICE_KEEP or DEFAULT */
	bpf_sched_op_fn *pick;		/* the index of the candidate to run */
	bpf_sched_op_fn *select_cpu;	/* BPF_SCHED_CPU(cpu) for a waking task, or DEFAULT */
	bool global;			/* keys compare across CPUs: BPF_SCHED_GLOBAL */
};

/* Detach this policy, keeping @msg in the exit record (rtsched status shows it) */
extern void bpf_sched_abort(struct bpf_sched_ctx *ctx, const char *msg__str) __ksym;

/* BPF_SCHED_OP_PICK: candidate @index into @task (sizeof(*task)); 0 or -EINVAL */
extern int bpf_sched_candidate(struct bpf_sched_ctx *ctx, __u32 index, void *task,
			       __u32 task__sz) __ksym;

/* The ops are constants: these fold at compile time into direct calls */
#define __BPF_SCHED_OP(ops, fn, op)	((ops).fn ? BPF_SCHED_OP_MASK(op) : 0)
#define __BPF_SCHED_RUN(ops, fn, ctx)	((ops).fn ? (ops).fn(ctx) : BPF_SCHED_DEFAULT)

/*
 * BPF_SCHED_POLICY(name, .enqueue = fn, .tick = fn, ...): the policy's
 * SEC("sched") program, dispatching each op to its function and answering
 * BPF_SCHED_OP_INIT with exactly those ops, so that the kernel calls it for
 * them only.
 */
#define BPF_SCHED_POLICY(name, ...)						\
static const struct bpf_sched_policy_ops __bpf_sched_ops_##name = { __VA_ARGS__ };	\
SEC("sched")									\
int name(struct bpf_sched_ctx *ctx)						\
{										\
	const struct bpf_sched_policy_ops ops = __bpf_sched_ops_##name;		\
										\
	switch (ctx->op) {							\
	case BPF_SCHED_OP_INIT:							\
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_INIT) |			\
		       __BPF_SCHED_OP(ops, enqueue, BPF_SCHED_OP_ENQUEUE) |	\
		       __BPF_SCHED_OP(ops, dequeue, BPF_SCHED_OP_DEQUEUE) |	\
		       __BPF_SCHED_OP(ops, tick, BPF_SCHED_OP_TICK) |		\
		       __BPF_SCHED_OP(ops, pick, BPF_SCHED_OP_PICK) |		\
		       __BPF_SCHED_OP(ops, select_cpu, BPF_SCHED_OP_SELECT_CPU) |	\
		       ((ops).global ? BPF_SCHED_GLOBAL : 0);			\
	case BPF_SCHED_OP_ENQUEUE:						\
		return __BPF_SCHED_RUN(ops, enqueue, ctx);			\
	case BPF_SCHED_OP_DEQUEUE:						\
		return __BPF_SCHED_RUN(ops, dequeue, ctx);			\
	case BPF_SCHED_OP_TICK:							\
		return __BPF_SCHED_RUN(ops, tick, ctx);				\
	case BPF_SCHED_OP_PICK:							\
		return __BPF_SCHED_RUN(ops, pick, ctx);				\
	case BPF_SCHED_OP_SELECT_CPU:						\
		return __BPF_SCHED_RUN(ops, select_cpu, ctx);			\
	default:								\
		return BPF_SCHED_DEFAULT;					\
	}									\
}

#endif /* BPF_RTSCHED_POLICY_H */
