// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy decisions with BPF_PROG_TEST_RUN: a synthetic
 * runqueue goes in as data_in, the decision comes back as retval. Nothing
 * is scheduled. Usage: policy_test_run POLICY.bpf.o
 * Prints TAP lines.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

#define MAX_TASKS 128

static int failures;
static int prog_fd;

static void check(int ok, const char *desc)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", desc);
	if (!ok)
		failures++;
}

static struct bpf_sched_task task(__u32 pid, __u32 prio, __s64 order)
{
	struct bpf_sched_task t = {
		.pid = pid, .policy = 1 /* SCHED_FIFO */, .prio = prio, .order = order,
	};
	return t;
}

/* Runs one decision; returns the program's return value, or -errno */
static long long decide(__u32 op, struct bpf_sched_task *tasks, __u32 nr,
			struct bpf_sched_ctx *ctx_out)
{
	struct bpf_sched_ctx ctx = { .op = op, .cpu = 0, .now_ns = 1000000, .nr_tasks = nr };
	struct bpf_sched_ctx out;
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .ctx_out = &out, .ctx_size_out = sizeof(out),
		    .data_in = tasks, .data_size_in = nr * sizeof(*tasks));

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	if (ctx_out)
		*ctx_out = out;
	return opts.retval;
}

int main(int argc, char **argv)
{
	struct bpf_sched_task tasks[MAX_TASKS];
	struct bpf_program *prog;
	struct bpf_object *obj;
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: policy_test_run POLICY.bpf.o\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (libbpf_get_error(obj) || bpf_object__load(obj)) {
		printf("not ok - load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	prog_fd = bpf_program__fd(prog);

	tasks[0] = task(101, 80, 1);
	tasks[1] = task(102, 40, 2);
	tasks[2] = task(103, 60, 3);
	check(decide(BPF_SCHED_OP_PICK, tasks, 3, NULL) == 102,
	      "fifo picks the highest priority (lowest prio value)");

	tasks[0] = task(201, 50, 5);
	tasks[1] = task(202, 50, -2);
	tasks[2] = task(203, 50, 9);
	check(decide(BPF_SCHED_OP_PICK, tasks, 3, NULL) == 202,
	      "fifo picks the queue head among equal priorities, negative order included");

	tasks[0] = task(301, 50, 7);
	tasks[1] = task(302, 20, 8);
	tasks[2] = task(303, 20, 3);
	tasks[3] = task(304, 90, 1);
	check(decide(BPF_SCHED_OP_PICK, tasks, 4, NULL) == 303,
	      "fifo: priority first, then queue order");

	for (i = 0; i < MAX_TASKS; i++)
		tasks[i] = task(1000 + i, 98 - (i % 90), 1000 - i);
	/* prio 9 occurs for i = 89 only: 98 - 89 = 9 */
	check(decide(BPF_SCHED_OP_PICK, tasks, MAX_TASKS, NULL) == 1089,
	      "fifo finds the best of 128 runnable tasks");

	check(decide(BPF_SCHED_OP_PICK, tasks, 0, NULL) == BPF_SCHED_DEFAULT,
	      "fifo returns BPF_SCHED_DEFAULT with no runnable task");
	check(decide(BPF_SCHED_OP_TICK, tasks, 1, NULL) == BPF_SCHED_DEFAULT,
	      "fifo keeps stock time slices (TICK returns BPF_SCHED_DEFAULT)");
	check(decide(BPF_SCHED_OP_PREEMPT, tasks, 1, NULL) == BPF_SCHED_DEFAULT,
	      "fifo keeps stock preemption (PREEMPT returns BPF_SCHED_DEFAULT)");

	{
		struct bpf_sched_ctx ctx = { .op = BPF_SCHED_OP_PICK, .nr_tasks = 2 };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
			    .data_in = tasks, .data_size_in = sizeof(tasks[0]));

		check(bpf_prog_test_run_opts(prog_fd, &opts) && errno == EINVAL,
		      "BPF_PROG_TEST_RUN rejects nr_tasks that disagrees with data_in");
	}

	bpf_object__close(obj);
	return failures ? 1 : 0;
}
