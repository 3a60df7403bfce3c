// SPDX-License-Identifier: GPL-2.0
/* Hostile: claims a decision the kernel does not have. The kernel must refuse to
 * attach it, and the loader must say why. */
#include "bpf_sched.h"

SEC("sched")
int hostile_init(struct bpf_sched_ctx *ctx)
{
	if (ctx->op == BPF_SCHED_OP_INIT)
		return BPF_SCHED_OP_MASK(BPF_SCHED_OP_SELECT_CPU + 1);
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
