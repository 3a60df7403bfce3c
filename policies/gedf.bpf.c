// SPDX-License-Identifier: GPL-2.0
/*
 * gedf: global earliest deadline first within a priority level, over all
 * the CPUs each thread may use: at every moment the tasks of the level
 * with the earliest deadlines run, as with SCHED_DEADLINE. Jobs and keys
 * as edf's (edf_job.h); the policy declares itself global, and the kernel
 * moves its tasks between CPUs by key. Keys are compared across CPUs, so
 * they are CLOCK_MONOTONIC times (bpf_ktime_get_ns()), one clock for all
 * CPUs, not a runqueue's clock.
 */
#include "edf_job.h"

static int gedf_enqueue(struct bpf_sched_ctx *ctx)
{
	return edf_job_enqueue(ctx, bpf_ktime_get_ns());
}

BPF_SCHED_POLICY(gedf, .enqueue = gedf_enqueue, .global = true)

char LICENSE[] SEC("license") = "GPL";
