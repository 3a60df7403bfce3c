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

#define MS 1000000ULL
#define WRAP(x) ((__u64)0 - (x))	/* x before the u64 clock wraps */

static int prog_fd;
static struct bpf_sched_ctx out;	/* the context after the last run */

static void check(int ok, const char *desc)
{
	ksft_test_result(ok, "%s\n", desc);
}

static struct bpf_sched_task task(__u32 pid)
{
	struct bpf_sched_task t = {
		.pid = pid, .policy = 1 /* SCHED_FIFO */, .rt_priority = 50,
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

/* One decision about @t: the program's return value, or -errno; @out gets the context */
static long long about(__u32 op, __u32 flags, __u64 now, struct bpf_sched_task t)
{
	struct bpf_sched_ctx ctx = { .op = op, .flags = flags, .now_ns = now, .task = t };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .ctx_out = &out, .ctx_size_out = sizeof(out));

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	return opts.retval;
}

/* The policy's BPF_SCHED_OP_INIT answer: the ops the kernel calls it for */
static long long init_answer(void)
{
	return about(BPF_SCHED_OP_INIT, 0, 0, task(0));
}

static void test_fifo(void)
{
	check(init_answer() == BPF_SCHED_OP_MASK(BPF_SCHED_OP_INIT),
	      "fifo declares no op (BPF_SCHED_OP_INIT): the kernel never calls it");
	check(about(BPF_SCHED_OP_TICK, 0, MS, task(1)) == BPF_SCHED_DEFAULT && out.task.key == 0,
	      "fifo: asked anyway, it keeps stock time slices and key 0");
}

static void test_rr(void)
{
	struct bpf_sched_task t = task(7);

	t.runtime_ns = 100 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_KEEP &&
	      out.task.data == 100 * MS,
	      "rr: the first tick of a task starts its quantum at its current runtime");
	t.data = 100 * MS;
	t.runtime_ns = 105 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_KEEP,
	      "rr: 5 ms of CPU into a 10 ms quantum the slice goes on");
	t.runtime_ns = 110 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_END &&
	      out.task.data == 110 * MS,
	      "rr: after 10 ms of CPU the slice ends and the next one starts there");
	t.flags = BPF_SCHED_TASK_HAS_PARAMS;
	t.param_runtime_ns = 2 * MS;
	t.runtime_ns = 103 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_END,
	      "rr: a thread's runtime parameter is its own quantum");
	t = task(8);
	t.data = WRAP(MS);
	t.runtime_ns = 9 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_END,
	      "rr: a quantum across the wraparound of the runtime counter ends after 10 ms");
	t.runtime_ns = 8 * MS;
	check(about(BPF_SCHED_OP_TICK, 0, 500 * MS, t) == BPF_SCHED_SLICE_KEEP,
	      "rr: ... and not before");
	check(init_answer() == (BPF_SCHED_OP_MASK(BPF_SCHED_OP_INIT) |
				BPF_SCHED_OP_MASK(BPF_SCHED_OP_TICK)),
	      "rr declares time slices as its only decision (BPF_SCHED_OP_INIT)");
}

static void test_edf(void)
{
	struct bpf_sched_task t;

	t = with_deadline(task(1), 10 * MS, 0);
	check(about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 5 * MS, t) == 0 &&
	      out.task.key == 15 * MS,
	      "edf: a wakeup releases a job with deadline now + relative deadline");
	t.key = 42;
	t.data = 1;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_RESTORE | BPF_SCHED_ENQ_MIGRATED, 5 * MS, t);
	check(out.task.key == 42, "edf: migration or a priority change keeps the job's deadline");
	t.key = 15 * MS;
	t.data = 5 * MS;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 8 * MS, t);
	check(out.task.key == 15 * MS,
	      "edf: a wakeup within half a period of the release (a lock wait) keeps the job");
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 14 * MS, t);
	check(out.task.key == 24 * MS && out.task.data == 14 * MS,
	      "edf: a wakeup a little before the next period (timer jitter) releases the next job");
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_PARAMS, 9 * MS, t);
	check(out.task.key == 19 * MS && out.task.data == 9 * MS,
	      "edf: new parameters release a job at once, even inside the last one");
	t.data = WRAP(MS);
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 3 * MS, t);
	check(out.task.key == 15 * MS && out.task.data == WRAP(MS),
	      "edf: release times compare across the clock's wraparound (4 ms after, same job)");
	t.data = 0;
	t.enqueue_ns = 3 * MS;
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_ATTACH, 5 * MS, t);
	check(out.task.key == 13 * MS && out.task.data == 3 * MS,
	      "edf: a task queued at attach time gets its job from its enqueue time");
	about(BPF_SCHED_OP_ENQUEUE, BPF_SCHED_ENQ_WAKEUP, 5 * MS, task(2));
	check(out.task.key == ~0ULL,
	      "edf: a thread without deadline goes after the deadline threads of its level");
	check(init_answer() == (BPF_SCHED_OP_MASK(BPF_SCHED_OP_INIT) |
				BPF_SCHED_OP_MASK(BPF_SCHED_OP_ENQUEUE)),
	      "edf declares enqueue as its only decision (BPF_SCHED_OP_INIT)");
}

static const struct {
	const char *name;
	void (*test)(void);
	unsigned int checks;
} policies[] = {
	{ "fifo", test_fifo, 2 },
	{ "rr", test_rr, 7 },
	{ "edf", test_edf, 9 },
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
