// SPDX-License-Identifier: GPL-2.0
/*
 * gedf: global earliest deadline first within a priority level, over all
 * the CPUs each thread may use: at every moment the tasks of the level
 * with the earliest deadlines run, as with SCHED_DEADLINE. Jobs and keys
 * as edf's (edf_job.h); the policy declares itself global, and the kernel
 * moves its tasks between CPUs by key. Keys are compared across CPUs, as
 * SCHED_DEADLINE's deadlines are, and come from the same clock as those:
 * the runqueue clock (ctx->now_ns), sched_clock, one clock for all CPUs
 * when the kernel finds it stable, and within about a tick of each other
 * when it does not. bpf_ktime_get_ns() would be exact across CPUs for a
 * clock read at every wakeup (about 40 instructions under QEMU).
 */
#include "edf_job.h"

static int gedf_enqueue(struct bpf_sched_ctx *ctx)
{
	return edf_job_enqueue(ctx);
}

BPF_SCHED_POLICY(gedf, .enqueue = gedf_enqueue, .global = true)

char LICENSE[] SEC("license") = "GPL";
