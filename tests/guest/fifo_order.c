// SPDX-License-Identifier: GPL-2.0
/*
 * Releases SCHED_FIFO threads of distinct and equal priorities together on
 * one CPU and prints the order in which they ran, then "sorted" if the
 * priorities never rose along that order ("unsorted" otherwise). Among
 * equal priorities the order is rt.c's queue order, which the caller
 * compares across runs (glibc lowers each new thread's priority from the
 * creator's, and rt.c queues a task whose priority drops at the head).
 *
 * The main thread runs at priority 99 on the same CPU while it creates the
 * threads, so none can run before all are queued; then it blocks in join.
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

static const int prios[] = { 10, 30, 20, 30, 10, 20, 30, 20, 10, 40 };
#define NR_THREADS (int)(sizeof(prios) / sizeof(prios[0]))

static atomic_int next_slot;
static int ran[NR_THREADS];

static void *worker(void *arg)
{
	int id = (int)(long)arg;

	ran[atomic_fetch_add(&next_slot, 1)] = id;
	spin_us(500);
	return NULL;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "fifo_order: %s: %s\n", what, strerror(err));
	exit(1);
}

int main(int argc, char **argv)
{
	int cpu = argc > 1 ? atoi(argv[1]) : 0;
	struct sched_param sp = { .sched_priority = 99 };
	pthread_t threads[NR_THREADS];
	int sorted = 1;
	cpu_set_t set;
	int i, err;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err)
		die("pin main thread", err);
	err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (err)
		die("SCHED_FIFO 99 for the main thread", err);

	for (i = 0; i < NR_THREADS; i++) {
		err = fifo_thread_create(&threads[i], prios[i], cpu, worker, (void *)(long)i);
		if (err)
			die("create thread", err);
	}
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(threads[i], NULL);

	for (i = 0; i < NR_THREADS; i++)
		printf("%d%c", ran[i], i + 1 < NR_THREADS ? ' ' : '\n');

	for (i = 1; i < NR_THREADS; i++)
		if (prios[ran[i]] > prios[ran[i - 1]])
			sorted = 0;
	printf("%s\n", sorted ? "sorted" : "unsorted");
	return 0;
}
