/* SPDX-License-Identifier: GPL-2.0 */
/* Thread attributes the test programs share: SCHED_FIFO at a priority, on one CPU. */
#ifndef BPF_RTSCHED_FIFO_ATTR_H
#define BPF_RTSCHED_FIFO_ATTR_H

#include <pthread.h>
#include <sched.h>

/* SCHED_FIFO at @prio, set explicitly (not inherited), on @cpu; -1: any CPU */
static inline void fifo_attr_init(pthread_attr_t *attr, int prio, int cpu)
{
	struct sched_param sp = { .sched_priority = prio };
	cpu_set_t set;

	pthread_attr_init(attr);
	pthread_attr_setinheritsched(attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(attr, SCHED_FIFO);
	pthread_attr_setschedparam(attr, &sp);
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_attr_setaffinity_np(attr, sizeof(set), &set);
}

#endif /* BPF_RTSCHED_FIFO_ATTR_H */
