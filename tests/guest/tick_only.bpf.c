// SPDX-License-Identifier: GPL-2.0
/* Cost probe: it decides the tick op only, and keeps every key as it is. Its
 * in-scope tasks take the ordered path (placing, the wakeup's check), yet a
 * wakeup or a sleep makes no program call: beside fifo (no ordered path) and
 * keyless_enqueue (a call at each enqueue), it splits a switch's cost. */
#include "bpf_sched.h"

static int keep_default(struct bpf_sched_ctx *ctx)
{
	return BPF_SCHED_DEFAULT;
}

BPF_SCHED_POLICY(tick_only, .tick = keep_default)

char LICENSE[] SEC("license") = "GPL";
