// SPDX-License-Identifier: GPL-2.0
/*
 * edf: earliest deadline first within a priority level, on each CPU of its
 * own (partitioned EDF: pin the threads, e.g. with taskset; gedf is the
 * global one), for threads that registered a relative deadline (rtsched set
 * TID --deadline 10ms, or rtsched_set_params()). Give the threads to be
 * scheduled by deadline one SCHED_FIFO priority: the kernel keeps the
 * priority levels, and higher levels (IRQ threads at 50, a system thread at
 * 99) still come first. Jobs and keys: edf_job.h.
 */
#include "edf_job.h"

static int edf_enqueue(struct bpf_sched_ctx *ctx)
{
	return edf_job_enqueue(ctx);
}

BPF_SCHED_POLICY(edf, .enqueue = edf_enqueue)

char LICENSE[] SEC("license") = "GPL";
