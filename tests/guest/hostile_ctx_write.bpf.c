// SPDX-License-Identifier: GPL-2.0
/* Hostile: writes a task's priority, which only the kernel may change. The
 * verifier must reject it: a policy writes nothing but task.key/data. */
#include "bpf_sched.h"

SEC("sched")
int hostile_ctx_write(struct bpf_sched_ctx *ctx)
{
	ctx->task.rt_priority = 0;
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
