// SPDX-License-Identifier: GPL-2.0
/*
 * Under gedf, a migrate-disabled task is not moved. Three SCHED_FIFO threads
 * at gedf's level 60 and one above it, on 2 CPUs:
 *   late   level 60, deadline 10 s, pinned to CPU 1, busy all along;
 *   mover  level 60, deadline 1 s, on CPU 0, allowed on both: busy SECTION_MS;
 *   high   FIFO 70, pinned to CPU 0, busy PREEMPT_FOR_MS from PREEMPT_AT_MS
 *          into the section: it preempts mover.
 * Preempted, mover is queued on CPU 0 while CPU 1 runs a later deadline of its
 * level, so gedf's placement by key sends it to CPU 1 (stock priorities would
 * not: late is of its level). The test runs this twice: mover busy in user
 * space, where it must move (the placement acts), then inside a sleepable
 * syscall BPF program that BPF_PROG_TEST_RUN runs migrate-disabled
 * (busy_unmigratable.bpf.c), where it must wait on CPU 0 until high is done.
 * Prints KTAP.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include "fifo_attr.h"
#include "policy_obj.h"
#include "rtsched.h"

#define GEDF_OBJ	"/policies/gedf.bpf.o"
#define BUSY_OBJ	"/tests/bin/busy_unmigratable.bpf.o"
#define MS		1000000LL
#define LEVEL		60
#define HIGH_PRIO	70
#define MAIN_PRIO	90
#define START_MS	10	/* from the threads' being ready to the section */
#define SECTION_MS	100
#define PREEMPT_AT_MS	20
#define PREEMPT_FOR_MS	40

/* busy_unmigratable's argument and result (its .bss) */
struct busy_args {
	__u64 budget_ns;
	__s32 scratch_fd;
};

struct busy_result {
	__u64 rounds, failed_updates, max_gap_ns;
	__u32 first_cpu, cpu_changes;
};

struct run {
	bool unmigratable;
	int prog_fd, scratch_fd;
	const volatile struct busy_result *bss;
	struct timespec section_at;
	/* mover's results */
	struct busy_result seen;
	long long high_at_ns; /* when high began, from the section's start */
	const char *failed; /* what went wrong in a thread, or NULL */
	int err;
};

static volatile int late_stop;
/* Twice: every thread is set up; the section's time is set */
static pthread_barrier_t ready;

static struct timespec after(struct timespec t, long long ns)
{
	t.tv_sec += (t.tv_nsec + ns) / 1000000000LL;
	t.tv_nsec = (t.tv_nsec + ns) % 1000000000LL;
	return t;
}

static void sleep_until(const struct timespec *at, long long after_ns)
{
	struct timespec t = after(*at, after_ns);

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

static int set_params(struct run *r, long long deadline_ns)
{
	int err = -rtsched_set_params(0, SECTION_MS * MS, deadline_ns, deadline_ns);

	if (err) {
		r->failed = "rtsched_set_params";
		r->err = err;
	}
	return err;
}

/* Waits at both barriers; false when the thread's setup failed */
static bool wait_start(bool set_up)
{
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&ready);
	return set_up;
}

static void *late(void *arg)
{
	if (!wait_start(!set_params(arg, 10000 * MS)))
		return NULL;
	while (!late_stop)
		;
	return NULL;
}

static void *high(void *arg)
{
	struct run *r = arg;

	wait_start(true);
	sleep_until(&r->section_at, PREEMPT_AT_MS * MS);
	r->high_at_ns = now_ns() - (r->section_at.tv_sec * 1000000000LL + r->section_at.tv_nsec);
	spin_us(PREEMPT_FOR_MS * 1000);
	return NULL;
}

/* The section in user space: the same records as busy_unmigratable's */
static void busy_migratable(struct busy_result *seen)
{
	long long start = now_ns(), last = start, now;
	int cpu = sched_getcpu(), last_cpu = cpu;

	seen->first_cpu = cpu;
	do {
		now = now_ns();
		cpu = sched_getcpu();
		if (cpu != last_cpu) {
			seen->cpu_changes++;
			last_cpu = cpu;
		}
		if (now - last > (long long)seen->max_gap_ns)
			seen->max_gap_ns = now - last;
		last = now;
		seen->rounds++;
	} while (now - start < SECTION_MS * MS);
}

static void *mover(void *arg)
{
	struct busy_args args = { .budget_ns = SECTION_MS * MS };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args, .ctx_size_in = sizeof(args));
	struct run *r = arg;
	cpu_set_t both;

	if (!wait_start(!set_params(r, 1000 * MS)))
		return NULL;
	/* Wakes on CPU 0, where it is pinned, and is let go to both while running there */
	sleep_until(&r->section_at, 0);
	CPU_ZERO(&both);
	CPU_SET(0, &both);
	CPU_SET(1, &both);
	if (sched_setaffinity(0, sizeof(both), &both)) {
		r->failed = "sched_setaffinity";
		r->err = errno;
		return NULL;
	}
	if (!r->unmigratable) {
		busy_migratable(&r->seen);
		return NULL;
	}
	args.scratch_fd = r->scratch_fd;
	if (bpf_prog_test_run_opts(r->prog_fd, &opts)) {
		r->failed = "BPF_PROG_TEST_RUN of busy_unmigratable";
		r->err = errno;
		return NULL;
	}
	memcpy(&r->seen, (const void *)r->bss, sizeof(r->seen));
	return NULL;
}

/* One run; false (and a message) when it could not run */
static bool run(struct run *r)
{
	pthread_t late_thread, high_thread, mover_thread;
	int err;

	late_stop = 0;
	pthread_barrier_init(&ready, NULL, 4);
	err = fifo_thread_create(&late_thread, LEVEL, 1, late, r);
	if (!err)
		err = fifo_thread_create(&high_thread, HIGH_PRIO, 0, high, r);
	if (!err)
		err = fifo_thread_create(&mover_thread, LEVEL, 0, mover, r);
	if (err)
		ksft_exit_fail_msg("cannot start the threads: %s\n", strerror(err));
	pthread_barrier_wait(&ready);
	clock_gettime(CLOCK_MONOTONIC, &r->section_at);
	r->section_at = after(r->section_at, START_MS * MS);
	pthread_barrier_wait(&ready);
	pthread_join(mover_thread, NULL);
	pthread_join(high_thread, NULL);
	late_stop = 1;
	pthread_join(late_thread, NULL);
	pthread_barrier_destroy(&ready);
	if (r->failed) {
		ksft_print_msg("%s: %s\n", r->failed, strerror(r->err));
		return false;
	}
	ksft_print_msg("%s: first CPU %u, CPU changes %u, longest wait %llu us, rounds %llu; high began %lld us into the section\n",
		       r->unmigratable ? "migrate-disabled" : "in user space", r->seen.first_cpu,
		       r->seen.cpu_changes, (unsigned long long)r->seen.max_gap_ns / 1000,
		       (unsigned long long)r->seen.rounds, r->high_at_ns / 1000);
	return true;
}

int main(void)
{
	struct sched_param sp = { .sched_priority = MAIN_PRIO };
	struct run migratable = { 0 }, unmigratable = { .unmigratable = true };
	struct bpf_object *gedf_obj, *busy_obj;
	struct bpf_program *gedf, *busy;
	const void *bss;
	bool ran;
	int link;

	ksft_print_header();
	ksft_set_plan(2);
	if (sysconf(_SC_NPROCESSORS_ONLN) != 2)
		ksft_exit_skip("the threads are placed for 2 CPUs\n");
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		ksft_exit_fail_msg("SCHED_FIFO %d: %s\n", MAIN_PRIO, strerror(errno));
	gedf_obj = bpf_object__open_file(GEDF_OBJ, NULL);
	if (!gedf_obj || bpf_object__load(gedf_obj) ||
	    !(gedf = bpf_object__next_program(gedf_obj, NULL)))
		ksft_exit_fail_msg("cannot load %s\n", GEDF_OBJ);
	busy_obj = policy_obj_load(BUSY_OBJ, &busy, &bss, sizeof(struct busy_result));
	unmigratable.prog_fd = bpf_program__fd(busy);
	unmigratable.scratch_fd = bpf_object__find_map_fd_by_name(busy_obj, "scratch");
	unmigratable.bss = bss;
	link = bpf_link_create(bpf_program__fd(gedf), 0, BPF_SCHED, NULL);
	if (link < 0)
		ksft_exit_fail_msg("attach gedf: %s\n", strerror(errno));

	ran = run(&migratable);
	ksft_test_result(ran && migratable.seen.first_cpu == 0 && migratable.seen.cpu_changes >= 1,
			 "in user space, preempted on CPU 0, gedf moves it ahead of the later deadline on CPU 1 (CPU changes %u)\n",
			 migratable.seen.cpu_changes);
	ran = run(&unmigratable);
	ksft_test_result(ran && unmigratable.seen.first_cpu == 0 &&
			 !unmigratable.seen.cpu_changes && !unmigratable.seen.failed_updates &&
			 unmigratable.seen.max_gap_ns >= (PREEMPT_FOR_MS / 2) * MS,
			 "migrate-disabled, preempted on CPU 0, it waits there (%llu us) and is not moved (CPU changes %u)\n",
			 (unsigned long long)unmigratable.seen.max_gap_ns / 1000,
			 unmigratable.seen.cpu_changes);
	close(link);
	bpf_object__close(busy_obj);
	bpf_object__close(gedf_obj);
	ksft_finished();
}
