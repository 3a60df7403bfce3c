// SPDX-License-Identifier: GPL-2.0
/*
 * A policy that fails on one CPU is stock on every CPU before the next
 * decision. fail_everywhere.bpf.o, attached for every user RT task, fails
 * on CPU 0 while a SCHED_FIFO 60 ping-pong pair on each CPU keeps waking
 * tasks. The pairs also keep the kernel's SCHED_FIFO 50 helper, which
 * detaches a failed policy, off both CPUs: the policy stays attached, failed,
 * for as long as the pairs run, and every wakeup in that time is a decision
 * the kernel must not ask the policy for. Prints KTAP.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <semaphore.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fifo_attr.h"
#include "policy_obj.h"

#define OBJ		"/tests/bin/fail_everywhere.bpf.o"
#define MAX_CPUS	64
#define PAIR_PRIO	60
#define MAIN_PRIO	80
#define WINDOW_MS	300	/* pairs keep running this long after the failure */

/* The object's .bss, in its order */
struct bss {
	__u64 calls[MAX_CPUS];
	__u64 late[MAX_CPUS];
	__u64 failed;
};

struct pair {
	int cpu;
	sem_t ping, pong;
	unsigned long wakeups;	/* by the "ping" side */
	pthread_t threads[2];
};

static volatile int stop;

static void *ping(void *arg)
{
	struct pair *p = arg;

	while (!stop) {
		sem_post(&p->pong);
		sem_wait(&p->ping);
		p->wakeups++;
	}
	sem_post(&p->pong);
	return NULL;
}

static void *pong(void *arg)
{
	struct pair *p = arg;

	while (!stop) {
		sem_wait(&p->pong);
		sem_post(&p->ping);
	}
	sem_post(&p->ping);
	return NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static bool link_defunct(int link_fd, struct bpf_link_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return !bpf_link_get_info_by_fd(link_fd, info, &len) && info->sched.defunct;
}

int main(void)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = BPF_F_SCHED_ALL);
	struct sched_param sp = { .sched_priority = MAIN_PRIO };
	unsigned long wakeups_at_failure, window_wakeups;
	struct pair pairs[2] = { { .cpu = 0 }, { .cpu = 1 } };
	const volatile struct bss *live;
	const void *bss_mem;
	bool attached_through_window;
	struct bpf_link_info info;
	struct bpf_object *obj;
	struct bpf_program *prog;
	int link, i, waited;
	struct bss bss;

	ksft_print_header();
	ksft_set_plan(6);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		ksft_exit_skip("needs two CPUs\n");
	/* Above the pairs: it must be able to stop them */
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		ksft_exit_fail_msg("SCHED_FIFO %d: %s\n", MAIN_PRIO, strerror(errno));
	obj = policy_obj_load(OBJ, &prog, &bss_mem, sizeof(struct bss));
	live = bss_mem;
	link = bpf_link_create(bpf_program__fd(prog), 0, BPF_SCHED, &opts);
	if (link < 0)
		ksft_exit_fail_msg("attach: %s\n", strerror(errno));

	for (i = 0; i < 2; i++) {
		sem_init(&pairs[i].ping, 0, 0);
		sem_init(&pairs[i].pong, 0, 0);
		if (fifo_thread_create(&pairs[i].threads[0], PAIR_PRIO, i, ping, &pairs[i]) ||
		    fifo_thread_create(&pairs[i].threads[1], PAIR_PRIO, i, pong, &pairs[i]))
			ksft_exit_fail_msg("cannot start the pair on CPU %d\n", i);
	}
	for (waited = 0; !live->failed && waited < 20000; waited += 10)
		sleep_ms(10);
	wakeups_at_failure = pairs[1].wakeups;
	sleep_ms(WINDOW_MS);
	window_wakeups = pairs[1].wakeups - wakeups_at_failure;
	attached_through_window = live->failed && !link_defunct(link, &info);
	stop = 1;
	for (i = 0; i < 2; i++) {
		pthread_join(pairs[i].threads[0], NULL);
		pthread_join(pairs[i].threads[1], NULL);
	}
	/* Now the helper can run: the kernel detaches the failed policy */
	for (waited = 0; !link_defunct(link, &info) && waited < 5000; waited += 10)
		sleep_ms(10);
	memcpy(&bss, (const void *)live, sizeof(bss));

	ksft_test_result(bss.failed && bss.calls[0] > 0 && bss.calls[1] >= 1000,
			 "the policy decided on both CPUs (%llu, %llu), then failed on CPU 0\n",
			 bss.calls[0], bss.calls[1]);
	ksft_test_result(attached_through_window && window_wakeups >= 100,
			 "failed but still attached, CPU 1 woke a task %lu times in %d ms\n",
			 window_wakeups, WINDOW_MS);
	ksft_test_result(bss.late[0] == 0,
			 "CPU 0: no decision after its failure (%llu)\n", bss.late[0]);
	ksft_test_result(bss.late[1] <= 1,
			 "CPU 1: no decision after the failure but one under way (%llu)\n",
			 bss.late[1]);
	ksft_test_result(info.sched.defunct && !strcmp(info.sched.exit_reason, "aborted"),
			 "once the pairs stop, the kernel detaches it: reason \"%s\"\n",
			 info.sched.exit_reason);
	ksft_test_result(!strcmp(info.sched.exit_msg, "fail_everywhere: CPU 0 fails"),
			 "the link keeps the policy's message \"%s\"\n", info.sched.exit_msg);
	close(link);
	bpf_object__close(obj);
	ksft_finished();
}
