// SPDX-License-Identifier: GPL-2.0
/* Test policy: it decides the enqueue op but sets no key. Unlike fifo, which
 * decides no op and so places no task, its in-scope tasks are placed in the
 * policy's order, where equal keys must give rt.c's queue order. */
#include "bpf_sched.h"

static int set_no_key(struct bpf_sched_ctx *ctx)
{
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(keyless_enqueue, .enqueue = set_no_key)

char LICENSE[] SEC("license") = "GPL";
