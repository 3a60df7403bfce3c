// SPDX-License-Identifier: GPL-2.0
/* Forbidden: an open-coded iterator (bpf_for), whose iteration count the
 * verifier does not bound. */
#include "bpf_sched.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

SEC("sched")
int forbidden_iter(struct bpf_sched_ctx *ctx)
{
	struct bpf_iter_num it;
	__u64 sum = 0;
	int *i;

	bpf_iter_num_new(&it, 0, 1 << 30);
	while ((i = bpf_iter_num_next(&it)))
		sum += *i;
	bpf_iter_num_destroy(&it);
	return sum == 1 ? 1 : BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
