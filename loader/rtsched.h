/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * librtsched: per-thread parameters for BPF_PROG_TYPE_SCHED policies.
 *
 * A policy sees a thread's runtime, deadline and period (nanoseconds) in its
 * struct bpf_sched_task param_* fields. They are set with sched_setattr()
 * and SCHED_FLAG_BPF_PARAMS on a kernel with the bpf-rtsched series, and only
 * for SCHED_FIFO or SCHED_RR threads.
 *
 * Every function returns 0 or a negative errno value:
 *   -EINVAL  the thread is not SCHED_FIFO/SCHED_RR, a value exceeds INT64_MAX,
 *            or the kernel lacks the series
 *   -ESRCH   no thread with that id
 *   -EPERM   not allowed (sched_setattr's rules: CAP_SYS_NICE or same user)
 * The library is thread-safe and has no dependency besides libc.
 */
#ifndef RTSCHED_H
#define RTSCHED_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* struct rtsched_params flags */
#define RTSCHED_HAS_PARAMS 0x1u /* the thread has parameters (not all zero) */
#define RTSCHED_INHERIT 0x2u    /* threads and processes it creates get them too */

struct rtsched_params {
	uint64_t runtime_ns;
	uint64_t deadline_ns;
	uint64_t period_ns;
	uint32_t policy; /* the thread's SCHED_* policy */
	uint32_t flags;  /* RTSCHED_HAS_PARAMS, RTSCHED_INHERIT */
};

/* Sets the parameters of thread tid (0: the calling thread). All zero clears them. */
int rtsched_set_params(pid_t tid, uint64_t runtime_ns, uint64_t deadline_ns,
		       uint64_t period_ns);

/* Like rtsched_set_params(), and the threads and processes tid creates from now on
 * (and theirs) get the same parameters: a whole application in the policy's scope. */
int rtsched_set_params_inherit(pid_t tid, uint64_t runtime_ns, uint64_t deadline_ns,
			       uint64_t period_ns);

/* Clears the parameters of thread tid (0: the calling thread). */
int rtsched_clear_params(pid_t tid);

/* Reads the parameters and policy of thread tid (0: the calling thread). A thread
 * without parameters gets zero times and no RTSCHED_HAS_PARAMS flag. */
int rtsched_get_params(pid_t tid, struct rtsched_params *out);

#ifdef __cplusplus
}
#endif

#endif /* RTSCHED_H */
