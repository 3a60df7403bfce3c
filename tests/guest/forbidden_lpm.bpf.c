// SPDX-License-Identifier: GPL-2.0
/* Forbidden: an LPM trie, whose updates allocate and, on PREEMPT_RT, take a
 * sleeping lock inside the raw runqueue lock. */
#include "bpf_sched.h"

struct trie_key {
	__u32 prefixlen;
	__u32 pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct trie_key);
	__type(value, __u64);
} trie SEC(".maps");

SEC("sched")
int forbidden_lpm(struct bpf_sched_ctx *ctx)
{
	struct trie_key key = { .prefixlen = 32, .pid = ctx->task.pid };
	__u64 now = ctx->now_ns;

	if (ctx->op == BPF_SCHED_OP_ENQUEUE)
		bpf_map_update_elem(&trie, &key, &now, BPF_ANY);
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
