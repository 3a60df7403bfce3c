// SPDX-License-Identifier: GPL-2.0
/*
 * Fails on CPU 0 once CPU 1 has decided enough, then counts the decisions
 * that begin after the failure: the kernel must make every CPU stock at
 * once, so CPU 0 sees none and CPU 1 at most the one already under way.
 */
#include "bpf_sched.h"

#define MAX_CPUS	64
#define WARM_UP		1000	/* CPU 1's decisions before CPU 0 fails */
#define READ_ONCE(x)		(*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile typeof(x) *)&(x) = (v))

__u64 calls[MAX_CPUS];	/* decisions before the failure, per CPU */
__u64 late[MAX_CPUS];	/* decisions that began after it, per CPU */
__u64 failed;	/* 64 bits: the .bss layout fail_everywhere.c reads */

static int fail_on_cpu0(struct bpf_sched_ctx *ctx)
{
	__u32 cpu = ctx->cpu;

	if (cpu >= MAX_CPUS)
		return BPF_SCHED_DEFAULT;
	if (READ_ONCE(failed)) {
		__sync_fetch_and_add(&late[cpu], 1);
		return BPF_SCHED_DEFAULT;
	}
	__sync_fetch_and_add(&calls[cpu], 1);
	if (cpu == 0 && READ_ONCE(calls[1]) >= WARM_UP) {
		bpf_sched_abort(ctx, "fail_everywhere: CPU 0 fails");
		/* Set after the kernel's flag: a decision that sees it began later */
		WRITE_ONCE(failed, 1);
	}
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(fail_everywhere, .enqueue = fail_on_cpu0)

char LICENSE[] SEC("license") = "GPL";
