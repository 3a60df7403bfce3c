// SPDX-License-Identifier: GPL-2.0
/* Forbidden: a map whose values hold a bpf_timer. Deleting or replacing such
 * an element from a decision cancels the timer, which may wait for its
 * callback with the runqueue lock held. */
#include "bpf_sched.h"

struct elem {
	struct bpf_timer timer;
	__u64 stamp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("sched")
int forbidden_timer(struct bpf_sched_ctx *ctx)
{
	__u32 pid = ctx->task.pid;

	if (ctx->op == BPF_SCHED_OP_DEQUEUE)
		bpf_map_delete_elem(&timers, &pid);
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
