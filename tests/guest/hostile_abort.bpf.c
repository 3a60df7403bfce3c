// SPDX-License-Identifier: GPL-2.0
/* A policy that gives up at its first decision and says why: the kernel
 * detaches it ("aborted") and keeps the message for rtsched status. */
#include "bpf_sched.h"

static int abort_enqueue(struct bpf_sched_ctx *ctx)
{
	bpf_sched_abort(ctx, "hostile_abort: giving up on purpose");
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(hostile_abort, .enqueue = abort_enqueue)

char LICENSE[] SEC("license") = "GPL";
