// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* librtsched: sched_setattr()/sched_getattr() with SCHED_FLAG_BPF_PARAMS. */
#define _GNU_SOURCE
#include "rtsched.h"
#include "sched_attr.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>


static int set_params(pid_t tid, uint64_t runtime_ns, uint64_t deadline_ns,
		      uint64_t period_ns, uint64_t flags)
{
	struct rtsched_sched_attr attr;

	if (tid < 0 || runtime_ns > INT64_MAX || deadline_ns > INT64_MAX ||
	    period_ns > INT64_MAX)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.sched_flags = SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS |
			   SCHED_FLAG_BPF_PARAMS | flags;
	attr.sched_runtime = runtime_ns;
	attr.sched_deadline = deadline_ns;
	attr.sched_period = period_ns;
	if (syscall(SYS_sched_setattr, tid, &attr, 0) != 0)
		return -errno;
	return 0;
}

int rtsched_set_params(pid_t tid, uint64_t runtime_ns, uint64_t deadline_ns,
		       uint64_t period_ns)
{
	return set_params(tid, runtime_ns, deadline_ns, period_ns, 0);
}

int rtsched_set_params_inherit(pid_t tid, uint64_t runtime_ns, uint64_t deadline_ns,
			       uint64_t period_ns)
{
	return set_params(tid, runtime_ns, deadline_ns, period_ns, SCHED_FLAG_BPF_INHERIT);
}

int rtsched_clear_params(pid_t tid)
{
	return rtsched_set_params(tid, 0, 0, 0);
}

int rtsched_get_params(pid_t tid, struct rtsched_params *out)
{
	struct rtsched_sched_attr attr;

	if (tid < 0 || !out)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	if (syscall(SYS_sched_getattr, tid, &attr, sizeof(attr), 0) != 0)
		return -errno;
	memset(out, 0, sizeof(*out));
	out->policy = attr.sched_policy;
	if (attr.sched_flags & SCHED_FLAG_BPF_PARAMS) {
		out->flags |= RTSCHED_HAS_PARAMS;
		if (attr.sched_flags & SCHED_FLAG_BPF_INHERIT)
			out->flags |= RTSCHED_INHERIT;
		out->runtime_ns = attr.sched_runtime;
		out->deadline_ns = attr.sched_deadline;
		out->period_ns = attr.sched_period;
	}
	return 0;
}
