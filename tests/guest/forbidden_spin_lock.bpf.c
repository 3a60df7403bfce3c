// SPDX-License-Identifier: GPL-2.0
/* Forbidden: a map whose values hold a bpf_spin_lock. Decisions already run
 * under the runqueue lock; a lock shared with other programs would nest in it. */
#include "bpf_sched.h"

struct elem {
	struct bpf_spin_lock lock;
	__u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} locked SEC(".maps");

SEC("sched")
int forbidden_spin_lock(struct bpf_sched_ctx *ctx)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&locked, &zero);

	if (e) {
		bpf_spin_lock(&e->lock);
		e->count++;
		bpf_spin_unlock(&e->lock);
	}
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
