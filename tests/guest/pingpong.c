// SPDX-License-Identifier: GPL-2.0
/*
 * Context-switch ping-pong: two SCHED_FIFO threads of equal priority on
 * one CPU hand a token back and forth through futexes for a fixed time.
 * Every hand-over is a wakeup, a preemption check and a pick in rt.c.
 * Prints "switches_per_s N". Usage: pingpong [CPU [SECONDS]]
 */
#define _GNU_SOURCE
#include "fifo_attr.h"
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int turn;		/* whose turn: 0 or 1 */
static atomic_int stop;
static unsigned long long switches;

static void futex_wait(atomic_int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(atomic_int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *player(void *arg)
{
	int me = (int)(long)arg;

	while (!atomic_load(&stop)) {
		while (atomic_load(&turn) != me && !atomic_load(&stop))
			futex_wait(&turn, !me);
		if (me == 0)
			switches += 2;
		atomic_store(&turn, !me);
		futex_wake(&turn);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int cpu = argc > 1 ? atoi(argv[1]) : 0;
	int seconds = argc > 2 ? atoi(argv[2]) : 5;
	struct timespec start, end;
	pthread_t threads[2];
	pthread_attr_t attr;
	double elapsed;
	int i, err;

	fifo_attr_init(&attr, 50, cpu);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 0; i < 2; i++) {
		err = pthread_create(&threads[i], &attr, player, (void *)(long)i);
		if (err) {
			fprintf(stderr, "pingpong: create SCHED_FIFO thread: %s\n", strerror(err));
			return 1;
		}
	}
	sleep(seconds);
	atomic_store(&stop, 1);
	futex_wake(&turn);
	futex_wake(&turn);
	for (i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);

	elapsed = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
	printf("switches_per_s %.0f\n", switches / elapsed);
	return 0;
}
