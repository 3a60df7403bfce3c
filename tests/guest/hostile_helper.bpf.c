// SPDX-License-Identifier: GPL-2.0
/* Hostile: signals the current task from inside a scheduling decision. The
 * verifier must reject it: policies get no helper that acts on tasks. */
#include "bpf_sched.h"

SEC("sched")
int hostile_helper(struct bpf_sched_ctx *ctx)
{
	bpf_send_signal(9);
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
