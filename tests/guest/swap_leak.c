// SPDX-License-Identifier: GPL-2.0
/*
 * State belongs to one attachment, under load: policy swap_mark, attached
 * for every user RT task, writes a marker into the key and data of every
 * task it is asked about while RT threads sleep, queue behind each other,
 * and migrate between the CPUs; then bpf_link_update() puts swap_find in
 * its place, which counts the tasks that show it any key or data: those
 * queued at the swap, those that slept through it, those that arrive from
 * the other CPU. Every count of leaks must be 0. Prints KTAP.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fifo_attr.h"
#include "policy_obj.h"

#define MARK_OBJ	"/tests/bin/swap_mark.bpf.o"
#define FIND_OBJ	"/tests/bin/swap_find.bpf.o"
#define PHASE_MS	1500	/* under each policy */
#define SLEEPERS	4	/* FIFO 10, any CPU: sleep 1 ms, run 50 us */
#define BLOCKED		2	/* FIFO 10, blocked through the swap */
#define QUEUERS		2	/* per CPU, SCHED_RR 20: run 3 ms, sleep 1 ms */
#define MAIN_PRIO	90

/* swap_find's .bss, in its order */
struct bss {
	__u64 seen[BPF_SCHED_OP_TICK + 1];
	__u64 leaks[BPF_SCHED_OP_TICK + 1];
	__u64 seen_queued, leaks_queued, seen_migrated, leaks_migrated;
};

static volatile int stop;
static sem_t release;

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static void *sleeper(void *arg)
{
	(void)arg;
	while (!stop) {
		sleep_us(1000);
		spin_us(50);
	}
	return NULL;
}

static void *blocked(void *arg)
{
	(void)arg;
	spin_us(100);
	sem_wait(&release);
	spin_us(100);
	return NULL;
}

static void *queuer(void *arg)
{
	(void)arg;
	while (!stop) {
		spin_us(3000);
		sleep_us(1000);
	}
	return NULL;
}

/* Runs on CPU 0 and CPU 1 in turn: each move is a migration */
static void *migrator(void *arg)
{
	cpu_set_t set;
	int cpu = 0;

	(void)arg;
	while (!stop) {
		cpu ^= 1;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
		spin_us(200);
		sleep_us(500);
	}
	return NULL;
}

static int start_rr(pthread_t *thread, int prio, int cpu, void *(*fn)(void *))
{
	pthread_attr_t attr;
	int err;

	fifo_attr_init(&attr, prio, cpu);
	pthread_attr_setschedpolicy(&attr, SCHED_RR);
	err = pthread_create(thread, &attr, fn, NULL);
	pthread_attr_destroy(&attr);
	return err;
}

int main(void)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = BPF_F_SCHED_ALL);
	pthread_t threads[SLEEPERS + BLOCKED + 2 * QUEUERS + 1];
	struct sched_param sp = { .sched_priority = MAIN_PRIO };
	struct bpf_object *mark_obj, *find_obj;
	struct bpf_program *mark, *find;
	int link, n = 0, i, err = 0;
	const void *live, *marked;
	__u64 marked_at_swap;
	struct bss bss;

	ksft_print_header();
	ksft_set_plan(6);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		ksft_exit_skip("needs two CPUs\n");
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		ksft_exit_fail_msg("SCHED_FIFO %d: %s\n", MAIN_PRIO, strerror(errno));
	mark_obj = policy_obj_load(MARK_OBJ, &mark, &marked, sizeof(__u64));
	find_obj = policy_obj_load(FIND_OBJ, &find, &live, sizeof(struct bss));
	link = bpf_link_create(bpf_program__fd(mark), 0, BPF_SCHED, &opts);
	if (link < 0)
		ksft_exit_fail_msg("attach mark: %s\n", strerror(errno));

	sem_init(&release, 0, 0);
	for (i = 0; i < SLEEPERS && !err; i++)
		err = fifo_thread_create(&threads[n++], 10, -1, sleeper, NULL);
	for (i = 0; i < BLOCKED && !err; i++)
		err = fifo_thread_create(&threads[n++], 10, -1, blocked, NULL);
	for (i = 0; i < 2 * QUEUERS && !err; i++)
		err = start_rr(&threads[n++], 20, i % 2, queuer);
	if (!err)
		err = fifo_thread_create(&threads[n++], 15, -1, migrator, NULL);
	if (err)
		ksft_exit_fail_msg("cannot start the RT threads: %s\n", strerror(err));

	sleep_us(PHASE_MS * 1000L);
	marked_at_swap = *(const volatile __u64 *)marked;
	if (bpf_link_update(link, bpf_program__fd(find), NULL))
		ksft_exit_fail_msg("bpf_link_update to find: %s\n", strerror(errno));
	/* They slept through the swap with mark's words on them */
	for (i = 0; i < BLOCKED; i++)
		sem_post(&release);
	sleep_us(PHASE_MS * 1000L);
	stop = 1;
	while (n-- > 0)
		pthread_join(threads[n], NULL);
	memcpy(&bss, live, sizeof(bss));
	close(link);
	bpf_object__close(find_obj);
	bpf_object__close(mark_obj);

	ksft_test_result(marked_at_swap >= 1000, "swap_mark wrote its marker %llu times\n",
			 marked_at_swap);
	ksft_test_result(bss.seen[BPF_SCHED_OP_ENQUEUE] >= 100 &&
			 !bss.leaks[BPF_SCHED_OP_ENQUEUE],
			 "swap_find, enqueue: %llu of %llu tasks showed a marker\n",
			 bss.leaks[BPF_SCHED_OP_ENQUEUE], bss.seen[BPF_SCHED_OP_ENQUEUE]);
	ksft_test_result(bss.seen[BPF_SCHED_OP_DEQUEUE] >= 100 &&
			 !bss.leaks[BPF_SCHED_OP_DEQUEUE],
			 "swap_find, dequeue: %llu of %llu\n",
			 bss.leaks[BPF_SCHED_OP_DEQUEUE], bss.seen[BPF_SCHED_OP_DEQUEUE]);
	ksft_test_result(bss.seen[BPF_SCHED_OP_TICK] >= 10 && !bss.leaks[BPF_SCHED_OP_TICK],
			 "swap_find, tick: %llu of %llu\n",
			 bss.leaks[BPF_SCHED_OP_TICK], bss.seen[BPF_SCHED_OP_TICK]);
	ksft_test_result(bss.seen_queued >= 1 && !bss.leaks_queued,
			 "swap_find, tasks queued at the swap: %llu of %llu\n",
			 bss.leaks_queued, bss.seen_queued);
	ksft_test_result(bss.seen_migrated >= 10 && !bss.leaks_migrated,
			 "swap_find, tasks from the other CPU: %llu of %llu\n",
			 bss.leaks_migrated, bss.seen_migrated);
	ksft_finished();
}
