/* SPDX-License-Identifier: GPL-2.0 */
/* SCHED_FIFO threads as the test programs start them: at a priority, on one CPU,
 * and the work they do. */
#ifndef BPF_RTSCHED_FIFO_ATTR_H
#define BPF_RTSCHED_FIFO_ATTR_H

#include <pthread.h>
#include <sched.h>
#include <time.h>

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

/* Start @fn(@arg) as a SCHED_FIFO thread at @prio on @cpu; 0 or the pthread error */
static inline int fifo_thread_create(pthread_t *thread, int prio, int cpu,
				     void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int err;

	fifo_attr_init(&attr, prio, cpu);
	err = pthread_create(thread, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return err;
}

/* CLOCK_MONOTONIC in ns */
static inline long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Keep the CPU for @us microseconds, as a job's work */
static inline void spin_us(long us)
{
	long long start = now_ns();

	while (now_ns() - start < us * 1000LL)
		;
}

#endif /* BPF_RTSCHED_FIFO_ATTR_H */
