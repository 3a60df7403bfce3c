// SPDX-License-Identifier: GPL-2.0
/* Test policy: every waking or new task of the scope goes to CPU target_cpu
 * (--param target_cpu=N), wherever rt.c would put it. An answer a task
 * cannot take (a CPU outside its mask, or none) leaves it on rt.c's CPU, and
 * the kernel counts it (select_refused). */
#include "bpf_sched.h"

const volatile __u64 target_cpu;

static int place_select_cpu(struct bpf_sched_ctx *ctx)
{
	return BPF_SCHED_CPU((__u32)target_cpu);
}

BPF_SCHED_POLICY(place_cpu, .select_cpu = place_select_cpu)

char LICENSE[] SEC("license") = "GPL";
