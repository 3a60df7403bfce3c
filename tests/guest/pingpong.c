// SPDX-License-Identifier: GPL-2.0
/*
 * Context-switch ping-pong: two SCHED_FIFO 50 threads on one CPU hand a
 * token back and forth through futexes for a fixed time. Every hand-over is
 * a wakeup, a preemption check and a pick in rt.c. With QUEUED > 0, that
 * many SCHED_FIFO 10 threads spin on the same CPU: queued all along, they
 * make each pick one among QUEUED + 1 runnable tasks, and with a policy
 * that orders every user RT task they are in its order all along.
 * Prints "switches N" and "switches_per_s N". With SAMPLES, every
 * SAMPLE_EVERY-th hand-over from player 0 to player 1 is timed, from just
 * before player 0's wake-up call to player 1's return from its wait (the
 * wake-up, player 0 going to sleep, the pick and the switch), and written
 * to SAMPLES, one time in ns per line: the distribution, not only the mean.
 * CPU -1: the players may run on every CPU; stock placement puts them on
 * two, and each hand-over is a wakeup one CPU sends to the other. QUEUED
 * must then be 0.
 * Usage: pingpong [CPU [SECONDS [QUEUED [SAMPLES]]]]   (QUEUED 0 to 64)
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

/* Often enough for thousands of samples a second, rarely enough that the two
 * clock reads (vDSO) of a sample stay out of the switch rate */
#define SAMPLE_EVERY 64
#define MAX_SAMPLES (1 << 20)
#define STOPPED 2

static atomic_int turn;		/* whose turn: 0 or 1; STOPPED at the end */
static atomic_int stop;
static unsigned long long switches;
static int sampling;
static long long handoff_start_ns;	/* set by player 0, read by player 1 */
static unsigned int *samples;
static size_t nr_samples;

static void futex_wait(atomic_int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(atomic_int *addr, int waiters)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, waiters, NULL, NULL, 0);
}

/* Runnable behind the players all along; runs only before and after them */
static void *spinner(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		;
	return NULL;
}

static void *player(void *arg)
{
	int me = (int)(long)arg;

	while (!atomic_load(&stop)) {
		while (atomic_load(&turn) != me && !atomic_load(&stop))
			futex_wait(&turn, !me);
		/* The futex orders player 0's stamp before this read */
		if (me == 1 && handoff_start_ns && nr_samples < MAX_SAMPLES) {
			samples[nr_samples++] = (unsigned int)(now_ns() - handoff_start_ns);
			handoff_start_ns = 0;
		}
		if (me == 0) {
			switches += 2;
			if (sampling && switches % (2 * SAMPLE_EVERY) == 0)
				handoff_start_ns = now_ns();
		}
		atomic_store(&turn, !me);
		futex_wake(&turn, 1);
	}
	return NULL;
}

static int write_samples(const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "# ns from player 0's wake-up call to player 1 running, every %d-th "
		"hand-over\n", SAMPLE_EVERY);
	for (i = 0; i < nr_samples; i++)
		fprintf(f, "%u\n", samples[i]);
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int start(pthread_t *thread, int prio, int cpu, void *(*fn)(void *), void *arg)
{
	int err = fifo_thread_create(thread, prio, cpu, fn, arg);

	if (err)
		fprintf(stderr, "pingpong: create SCHED_FIFO thread: %s\n", strerror(err));
	return err;
}

int main(int argc, char **argv)
{
	int cpu = argc > 1 ? atoi(argv[1]) : 0;
	int seconds = argc > 2 ? atoi(argv[2]) : 5;
	int queued = argc > 3 ? atoi(argv[3]) : 0;
	const char *samples_file = argc > 4 ? argv[4] : NULL;
	struct sched_param above = { .sched_priority = 60 };
	pthread_t players[2], spinners[64];
	struct timespec begin, end;
	int i, err, started = 0;
	double elapsed;

	if (queued < 0 || queued > 64 || cpu < -1 || (cpu == -1 && queued)) {
		fprintf(stderr, "pingpong: CPU must be -1 or more, QUEUED 0 to 64 (0 with CPU -1)\n");
		return 2;
	}
	if (samples_file) {
		samples = malloc(MAX_SAMPLES * sizeof(*samples));
		if (!samples) {
			fprintf(stderr, "pingpong: out of memory\n");
			return 1;
		}
		sampling = 1;
	}
	/* Above every thread it starts: spinners must not keep it from stopping them */
	if (sched_setscheduler(0, SCHED_FIFO, &above)) {
		perror("pingpong: sched_setscheduler");
		return 1;
	}
	for (; started < queued; started++)
		if (start(&spinners[started], 10, cpu, spinner, NULL))
			break;
	err = started < queued;

	clock_gettime(CLOCK_MONOTONIC, &begin);
	for (i = 0; i < 2 && !err; i++) {
		if (start(&players[i], 50, cpu, player, (void *)(long)i)) {
			err = 1;
			break;
		}
	}
	if (!err)
		sleep(seconds);
	/*
	 * A player that read stop before it was set and then waits for its turn
	 * would miss a wake-up sent before it sleeps: the futex compares turn
	 * only. A turn that is no player's makes that wait return at once, and
	 * the only later stores of turn come from a player that then reads stop.
	 */
	atomic_store(&stop, 1);
	atomic_store(&turn, STOPPED);
	futex_wake(&turn, 2);
	while (i-- > 0)
		pthread_join(players[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	while (started-- > 0)
		pthread_join(spinners[started], NULL);
	if (err)
		return 1;

	elapsed = (end.tv_sec - begin.tv_sec) + (end.tv_nsec - begin.tv_nsec) / 1e9;
	printf("switches %llu\n", switches);
	printf("switches_per_s %.0f\n", switches / elapsed);
	if (samples_file)
		return write_samples(samples_file);
	return 0;
}
