// SPDX-License-Identifier: GPL-2.0
/* Not a policy: the verifier must reject a write outside task.key/data. */
#include "bpf_sched.h"

SEC("sched")
int bad_ctx_write(struct bpf_sched_ctx *ctx)
{
	ctx->task.prio = 0;
	return BPF_SCHED_DEFAULT;
}
