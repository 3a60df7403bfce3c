// SPDX-License-Identifier: GPL-2.0
/*
 * CPU-bound RT threads of equal priority on one CPU: how the CPU
 * is shared and how long each stretch of running lasts.
 * Usage: rr_share CPU SECONDS NTHREADS [rr]
 * ("rr": the threads are SCHED_RR, the kernel's own round robin.)
 * Prints per thread "thread I cpu_ms X slices N mean_slice_us Y", then
 * "share_min P share_max P mean_slice_us Y" (shares in percent).
 *
 * CPU time is the kernel's account (an emulated CPU stalls whenever its
 * host thread is descheduled, which no clock in the guest tells from a
 * switch). A slice ends when another of these threads takes the CPU:
 * preemptions by higher priorities (IRQ threads on PREEMPT_RT) do not
 * count.
 */
#define _GNU_SOURCE
#include "fifo_attr.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 8

struct stats {
	long long run_ns;
	long long slices;
};

static atomic_int stop;
static atomic_int owner = -1;	/* the thread that ran last */
static struct stats stats[MAX_THREADS];

static atomic_int go;

static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *spinner(void *arg)
{
	int me = (int)(long)arg;
	struct stats *st = &stats[me];
	long long start;

	/* Count from when all threads exist, not from each one's creation */
	while (!atomic_load(&go))
		;
	start = cpu_ns();
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (atomic_load_explicit(&owner, memory_order_relaxed) != me) {
			atomic_store_explicit(&owner, me, memory_order_relaxed);
			st->slices++;
		}
	}
	st->run_ns = cpu_ns() - start;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t threads[MAX_THREADS];
	long long total_ns = 0, total_slices = 0;
	double share, share_min = 100, share_max = 0;
	int cpu, seconds, n, i, err;
	pthread_attr_t attr;

	if (argc < 4 || argc > 5 || (n = atoi(argv[3])) < 1 || n > MAX_THREADS ||
	    (argc == 5 && strcmp(argv[4], "rr"))) {
		fprintf(stderr, "usage: rr_share CPU SECONDS NTHREADS (1..%d) [rr]\n",
			MAX_THREADS);
		return 2;
	}
	cpu = atoi(argv[1]);
	seconds = atoi(argv[2]);

	fifo_attr_init(&attr, 10, cpu);
	if (argc == 5)
		pthread_attr_setschedpolicy(&attr, SCHED_RR);
	for (i = 0; i < n; i++) {
		err = pthread_create(&threads[i], &attr, spinner, (void *)(long)i);
		if (err) {
			fprintf(stderr, "rr_share: RT thread: %s\n", strerror(err));
			return 1;
		}
	}
	atomic_store(&go, 1);
	sleep(seconds);
	atomic_store(&stop, 1);
	for (i = 0; i < n; i++)
		pthread_join(threads[i], NULL);

	for (i = 0; i < n; i++) {
		total_ns += stats[i].run_ns;
		total_slices += stats[i].slices;
	}
	for (i = 0; i < n; i++) {
		share = total_ns ? 100.0 * stats[i].run_ns / total_ns : 0;
		share_min = share < share_min ? share : share_min;
		share_max = share > share_max ? share : share_max;
		printf("thread %d cpu_ms %lld slices %lld mean_slice_us %lld\n", i,
		       stats[i].run_ns / 1000000, stats[i].slices,
		       stats[i].slices ? stats[i].run_ns / 1000 / stats[i].slices : 0);
	}
	printf("share_min %.0f share_max %.0f mean_slice_us %lld\n", share_min, share_max,
	       total_slices ? total_ns / 1000 / total_slices : 0);
	return 0;
}
