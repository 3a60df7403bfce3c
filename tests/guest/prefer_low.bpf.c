// SPDX-License-Identifier: GPL-2.0
/* Test policy: the lower a task's priority, the smaller its key. Under the
 * first version of the interface a policy could run such a task before a
 * higher-priority one and strand the latter on a busy CPU while another CPU
 * sat idle; now keys order one priority level only, so this policy must
 * change nothing across levels. */
#include "bpf_sched.h"

static int prefer_low_enqueue(struct bpf_sched_ctx *ctx)
{
	ctx->task.key = ctx->task.rt_priority;
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(prefer_low, .enqueue = prefer_low_enqueue)

char LICENSE[] SEC("license") = "GPL";
