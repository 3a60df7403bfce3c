// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * librtsched-map.so: an application written for SCHED_DEADLINE runs, unchanged,
 * under a BPF_PROG_TYPE_SCHED policy. `rtsched run --map-deadline` preloads it
 * (LD_PRELOAD) and names the RT class in RTSCHED_MAP_DEADLINE ("POLICY PRIO",
 * SCHED_FIFO or SCHED_RR). A sched_setattr() that asks for SCHED_DEADLINE then
 * makes the thread that class and priority instead, with the request's runtime,
 * deadline and period as its parameters: the policy orders it by the same
 * numbers the deadline class would have used, from before its first job, and the
 * same task files compare the two (e.g. rt-app's).
 *
 * Programs reach sched_setattr through libc's syscall() (glibc has no wrapper
 * before 2.41) or through its sched_setattr(): both are taken here. Statically
 * linked programs and raw system call instructions are not.
 */
#define _GNU_SOURCE
#include "rtsched.h"
#include "sched_attr.h"

#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

typedef long (*syscall_fn)(long nr, ...);

static int fail(int err, const char *what)
{
	fprintf(stderr, "rtsched-map: %s: %s\n", what, strerror(err));
	errno = err;
	return -1;
}

static int map_request(pid_t tid, const struct rtsched_sched_attr *req)
{
	struct sched_param sp = { 0 };
	const char *class = getenv("RTSCHED_MAP_DEADLINE");
	int policy, prio, rc;
	char extra;

	if (!class || sscanf(class, "%d %d %c", &policy, &prio, &extra) != 2 ||
	    (policy != SCHED_FIFO && policy != SCHED_RR) || prio < 1 || prio > 99)
		return fail(EINVAL, "RTSCHED_MAP_DEADLINE is not \"POLICY PRIO\" "
			    "(set by rtsched run --map-deadline)");
	if (req->sched_flags & SCHED_FLAG_RESET_ON_FORK)
		policy |= SCHED_RESET_ON_FORK;
	sp.sched_priority = prio;
	if (sched_setscheduler(tid, policy, &sp) != 0)
		return fail(errno, "cannot make the thread SCHED_FIFO/SCHED_RR");
	rc = rtsched_set_params(tid, req->sched_runtime, req->sched_deadline,
				req->sched_period);
	if (rc)
		return fail(-rc, "cannot give the thread its deadline parameters "
			    "(a kernel with the bpf-rtsched series?)");
	return 0;
}

static bool asks_deadline(const struct rtsched_sched_attr *req)
{
	return req && req->size >= RTSCHED_SCHED_ATTR_SIZE_VER0 &&
	       req->sched_policy == SCHED_DEADLINE;
}

long syscall(long nr, ...)
{
	static syscall_fn next;
	long a[6];
	va_list ap;

	/* The kernel takes six register arguments; reading unused ones is harmless */
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_sched_setattr && asks_deadline((const void *)a[1]))
		return map_request((pid_t)a[0], (const void *)a[1]);
	if (!next)
		next = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	return next(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* glibc 2.41's wrapper, for programs built against it */
int sched_setattr(pid_t tid, void *attr, unsigned int flags)
{
	if (asks_deadline(attr))
		return map_request(tid, attr);
	return (int)syscall(SYS_sched_setattr, tid, attr, flags);
}
