// SPDX-License-Identifier: GPL-2.0
/*
 * fifo: stock SCHED_FIFO/SCHED_RR order, with the kernel keeping it.
 *
 * It decides nothing: every key stays 0, so each level runs in the order
 * rt.c queued its tasks, and the kernel never calls the program. Attached,
 * it must change nothing but what the kernel's ordering itself costs: the
 * baseline of the overhead measurements.
 */
#include "bpf_sched.h"

BPF_SCHED_POLICY(fifo)

char LICENSE[] SEC("license") = "GPL";
