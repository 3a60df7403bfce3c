// SPDX-License-Identifier: GPL-2.0
/* Forbidden: bpf_loop. Its callback may run 2^23 times per call, and a
 * callback that calls bpf_loop again multiplies that: seconds with
 * interrupts off, beyond what the verifier bounds. */
#include "bpf_sched.h"

static long spin(__u64 index, void *sum)
{
	*(__u64 *)sum += index;
	return 0;
}

SEC("sched")
int forbidden_loop(struct bpf_sched_ctx *ctx)
{
	__u64 sum = 0;

	bpf_loop(1U << 23, spin, &sum, 0);
	return sum == 1 ? 1 : BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
