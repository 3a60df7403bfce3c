// SPDX-License-Identifier: GPL-2.0
/* Forbidden: may_goto, a loop exit the kernel takes only after millions of
 * iterations; nested loops multiply them. */
#include "bpf_sched.h"

SEC("sched")
int forbidden_may_goto(struct bpf_sched_ctx *ctx)
{
	volatile __u64 sum = 0;

	for (;;) {
		asm volatile goto("may_goto %l[out]" :::: out);
		sum++;
	}
out:
	return sum == 1 ? 1 : BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
