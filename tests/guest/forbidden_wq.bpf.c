// SPDX-License-Identifier: GPL-2.0
/* Forbidden: queues work from a scheduling decision. bpf_wq_start() wakes a
 * kworker, which takes a runqueue lock: with this CPU's already held, a
 * deadlock. The verifier must refuse the map that holds the bpf_wq. */
#include "bpf_sched.h"

struct work {
	struct bpf_wq wq;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct work);
} works SEC(".maps");

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;

SEC("sched")
int forbidden_wq(struct bpf_sched_ctx *ctx)
{
	__u32 zero = 0;
	struct work *w = bpf_map_lookup_elem(&works, &zero);

	if (w && ctx->op == BPF_SCHED_OP_ENQUEUE && !bpf_wq_init(&w->wq, &works, 0))
		bpf_wq_start(&w->wq, 0);
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
