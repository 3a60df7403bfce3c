// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy decisions with BPF_PROG_TEST_RUN: a synthetic
 * runqueue goes in as data_in, the decision comes back as retval and the
 * task state the policy wrote as ctx_out. Nothing is scheduled. How the
 * kernel checks TEST_RUN's input is the series' kselftest's business.
 * Usage: policy_test_run DIR   (DIR holds fifo.bpf.o, rr.bpf.o, edf.bpf.o;
 * prints KTAP with kselftest.h)
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

#define MAX_TASKS 128
#define MS 1000000ULL
#define WRAP(x) ((__u64)0 - (x))	/* x before the u64 clock wraps */

static int prog_fd;
static struct bpf_sched_ctx out;	/* the context after the last run */

static void check(int ok, const char *desc)
{
	ksft_test_result(ok, "%s\n", desc);
}

static struct bpf_sched_task task(__u32 pid, __u32 prio, __s64 order)
{
	struct bpf_sched_task t = {
		.pid = pid, .policy = 1 /* SCHED_FIFO */, .prio = prio, .order = order,
	};
	return t;
}

static struct bpf_sched_task with_deadline(struct bpf_sched_task t, __u64 rel, __u64 abs)
{
	t.flags |= BPF_SCHED_TASK_HAS_PARAMS;
	t.param_deadline_ns = rel;
	t.param_period_ns = rel;
	t.key = abs;
	return t;
}

/* One decision: returns the program's return value, or -errno */
static long long run(struct bpf_sched_ctx *ctx, struct bpf_sched_task *tasks, __u32 nr)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .ctx_in = ctx, .ctx_size_in = sizeof(*ctx),
		    .ctx_out = &out, .ctx_size_out = sizeof(out),
		    .data_in = tasks, .data_size_in = nr * sizeof(*tasks));

	ctx->nr_tasks = nr;
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	return opts.retval;
}

static long long pick(struct bpf_sched_task *tasks, __u32 nr)
{
	struct bpf_sched_ctx ctx = { .op = BPF_SCHED_OP_PICK, .now_ns = 100 * MS };

	return run(&ctx, tasks, nr);
}

static long long about(__u32 op, __u32 flags, __u64 now, struct bpf_sched_task t,
		       struct bpf_sched_task curr)
{
	struct bpf_sched_ctx ctx = { .op = op, .flags = flags, .now_ns = now,
				     .task = t, .curr = curr };

	return run(&ctx, &t, 1);
}

/* The policy's BPF_SCHED_OP_INIT answer: the ops the kernel calls it for */
static long long init_answer(void)
{
	struct bpf_sched_ctx ctx = { .op = BPF_SCHED_OP_INIT };

	return run(&ctx, NULL, 0);
}

static void test_fifo(void)
{
	struct bpf_sched_task tasks[MAX_TASKS], none = {};
	int i;

	tasks[0] = task(101, 80, 1);
	tasks[1] = task(102, 40, 2);
	tasks[2] = task(103, 60, 3);
	check(pick(tasks, 3) == 102, "fifo picks the highest priority (lowest prio value)");

	tasks[0] = task(201, 50, 5);
	tasks[1] = task(202, 50, -2);
	tasks[2] = task(203, 50, 9);
	check(pick(tasks, 3) == 202, "fifo picks the queue head among equal priorities");

	for (i = 0; i < MAX_TASKS; i++)
		tasks[i] = task(1000 + i, 98 - (i % 90), 1000 - i);
	/* prio 9 occurs for i = 89 only */
	check(pick(tasks, MAX_TASKS) == 1089, "fifo finds the best of 128 runnable tasks");
	check(pick(tasks, 0) == BPF_SCHED_DEFAULT, "fifo: no runnable task, BPF_SCHED_DEFAULT");
	check(about(BPF_SCHED_OP_TICK, 0, MS, tasks[0], none) == BPF_SCHED_DEFAULT,
	      "fifo keeps stock time slices");
	check(about(BPF_SCHED_OP_PREEMPT, 0, MS, tasks[0], tasks[1]) == BPF_SCHED_DEFAULT,
	      "fifo keeps stock preemption");
	check(init_answer() == BPF_SCHED_OP_MASK(BPF_SCHED_OP_PICK),
	      "fifo declares picks as its only decision (BPF_SCHED_OP_INIT)");
}

static void test_rr(void)
{
	struct bpf_sched_task t = task(7, 50, 1), none = {};

	t.runtime_ns = 100 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_KEEP &&
	      out.task.data == 100 * MS,
	      "rr: the first tick of a task starts its quantum at its current runtime");
	t.data = 100 * MS;
	t.runtime_ns = 105 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_KEEP,
	      "rr: 5 ms of CPU into a 10 ms quantum the slice goes on");
	t.runtime_ns = 110 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_END &&
	      out.task.data == 110 * MS,
	      "rr: after 10 ms of CPU the slice ends and the next one starts there");
	t.runtime_ns = 108 * MS;
	t.run_start_ns = 499 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_KEEP,
	      "rr: a preemption by a higher priority does not restart the quantum");
	t.flags = BPF_SCHED_TASK_HAS_PARAMS;
	t.param_runtime_ns = 2 * MS;
	t.runtime_ns = 103 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_END,
	      "rr: a thread's runtime parameter is its own quantum");
	t = task(8, 50, 1);
	t.data = WRAP(MS);
	t.runtime_ns = 9 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_END,
	      "rr: a quantum across the wraparound of the runtime counter ends after 10 ms");
	t.runtime_ns = 8 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t, none) == BPF_SCHED_SLICE_KEEP,
	      "rr: ... and not before");
	check(pick(&t, 1) == BPF_SCHED_DEFAULT, "rr: picks stay stock");
	check(init_answer() == BPF_SCHED_OP_MASK(BPF_SCHED_OP_TICK),
	      "rr declares time slices as its only decision (BPF_SCHED_OP_INIT)");
}

static void test_edf(void)
{
	struct bpf_sched_task tasks[4], t, curr, none = {};

	t = with_deadline(task(1, 50, 1), 10 * MS, 0);
	check(about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 5 * MS, t, none) == 0 &&
	      out.task.key == 15 * MS,
	      "edf: a wakeup releases a job with deadline now + relative deadline");
	t.key = 42;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_RESTORE | BPF_SCHED_ENQ_MIGRATED, 5 * MS, t, none);
	check(out.task.key == 42, "edf: migration or a priority change keeps the job's deadline");
	t.key = 15 * MS;
	t.data = 5 * MS;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 8 * MS, t, none);
	check(out.task.key == 15 * MS,
	      "edf: a wakeup within half a period of the release (a lock wait) keeps the job");
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 14 * MS, t, none);
	check(out.task.key == 24 * MS && out.task.data == 14 * MS,
	      "edf: a wakeup a little before the next period (timer jitter) releases the next job");
	t.data = WRAP(MS);
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 3 * MS, t, none);
	check(out.task.key == 15 * MS && out.task.data == WRAP(MS),
	      "edf: release times compare across the clock's wraparound (4 ms after, same job)");
	t.enqueue_ns = 3 * MS;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_ATTACH, 5 * MS, t, none);
	check(out.task.key == 13 * MS && out.task.data == 3 * MS,
	      "edf: a task queued at attach time gets its job from its enqueue time");
	t = task(2, 50, 1);
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 5 * MS, t, none);
	check(out.task.key == 0, "edf: a thread without parameters gets no deadline");

	tasks[0] = with_deadline(task(11, 5, 1), 50 * MS, 150 * MS);
	tasks[1] = with_deadline(task(12, 30, 2), 30 * MS, 130 * MS);
	check(pick(tasks, 2) == 12, "edf: the earlier deadline runs, whatever the priorities");
	tasks[1].key = 150 * MS;
	check(pick(tasks, 2) == 11, "edf: equal deadlines fall back to stock order");
	tasks[2] = task(13, 1, 3);
	check(pick(tasks, 3) == 13,
	      "edf: a thread without deadline of higher priority than every deadline thread runs first");
	tasks[2] = task(13, 5, 0);
	check(pick(tasks, 3) == 11,
	      "edf: a thread without deadline at the deadline threads' priority waits");
	tasks[2] = task(13, 20, 0);
	tasks[2].flags = BPF_SCHED_TASK_HAS_PARAMS;	/* params, but no deadline */
	tasks[3] = task(14, 2, 0);
	tasks[3] = with_deadline(tasks[3], 10 * MS, 900 * MS);
	tasks[3].flags |= BPF_SCHED_TASK_BOOSTED;
	check(pick(tasks, 4) == 14,
	      "edf: a PI-boosted thread is ordered by priority, not by its deadline");
	tasks[0] = with_deadline(task(21, 50, 1), 10 * MS, WRAP(MS));
	tasks[1] = with_deadline(task(22, 50, 2), 10 * MS, MS);
	check(pick(tasks, 2) == 21, "edf: deadlines compare across the clock's wraparound");

	t = with_deadline(task(31, 60, 1), 10 * MS, 20 * MS);
	curr = with_deadline(task(32, 10, 1), 100 * MS, 110 * MS);
	curr.flags |= BPF_SCHED_TASK_RUNNING;
	check(about(BPF_SCHED_OP_PREEMPT, 0, 10 * MS, t, curr) == BPF_SCHED_PREEMPT,
	      "edf: a woken job with an earlier deadline preempts a higher-priority one");
	t.key = 200 * MS;
	check(about(BPF_SCHED_OP_PREEMPT, 0, 10 * MS, t, curr) == BPF_SCHED_NO_PREEMPT,
	      "edf: a woken job with a later deadline does not preempt");
	check(about(BPF_SCHED_OP_PREEMPT, 0, 10 * MS, t, task(33, 10, 1)) == BPF_SCHED_DEFAULT,
	      "edf: against a thread without deadline, stock preemption decides");
	check(pick(tasks, 0) == BPF_SCHED_DEFAULT, "edf: no runnable task, BPF_SCHED_DEFAULT");
	check(init_answer() == (BPF_SCHED_OP_MASK(BPF_SCHED_OP_ENQUEUE) |
				BPF_SCHED_OP_MASK(BPF_SCHED_OP_PICK) |
				BPF_SCHED_OP_MASK(BPF_SCHED_OP_PREEMPT)),
	      "edf declares enqueue, pick and preemption (BPF_SCHED_OP_INIT)");
}

static const struct {
	const char *name;
	void (*test)(void);
	unsigned int checks;
} policies[] = {
	{ "fifo", test_fifo, 7 },
	{ "rr", test_rr, 9 },
	{ "edf", test_edf, 18 },
};

/* Loads DIR/NAME.bpf.o into prog_fd; returns its object, or NULL */
static struct bpf_object *load(const char *dir, const char *name)
{
	struct bpf_object *obj;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.bpf.o", dir, name);
	obj = bpf_object__open_file(path, NULL);
	if (libbpf_get_error(obj))
		return NULL;
	if (bpf_object__load(obj)) {
		bpf_object__close(obj);
		return NULL;
	}
	prog_fd = bpf_program__fd(bpf_object__next_program(obj, NULL));
	return obj;
}

int main(int argc, char **argv)
{
	unsigned int i, plan = 0;
	struct bpf_object *obj;

	if (argc != 2) {
		fprintf(stderr, "usage: policy_test_run DIR\n");
		return 2;
	}
	ksft_print_header();
	for (i = 0; i < ARRAY_SIZE(policies); i++)
		plan += policies[i].checks;
	ksft_set_plan(plan);

	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		obj = load(argv[1], policies[i].name);
		if (!obj)
			ksft_exit_fail_msg("cannot load %s/%s.bpf.o\n", argv[1], policies[i].name);
		policies[i].test();
		bpf_object__close(obj);
	}
	ksft_finished();
}
