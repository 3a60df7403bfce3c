// SPDX-License-Identifier: GPL-2.0
/*
 * Cost of one pick decision against the number of runnable tasks, measured
 * with BPF_PROG_TEST_RUN on a synthetic runqueue (nothing is scheduled): for
 * each N, ctx_in is {.op = BPF_SCHED_OP_PICK, .nr_tasks = N}, data_in is N
 * tasks with distinct priorities, half of them with a deadline, and the
 * kernel runs the program REPEAT times; its `duration` is the mean ns per run.
 * Usage: pick_cost POLICY.bpf.o [REPEAT [N...]]   (default 20000, 1 2 4 .. 64)
 * Prints one line per N: "pick_cost POLICY N NS" (POLICY: the object's name
 * without .bpf.o). Exit: 0 done, 1 load or test-run error, 2 bad usage.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <libgen.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TASKS 128
#define MS 1000000ULL

static struct bpf_sched_task tasks[MAX_TASKS];

/* Task i: priority descending with i so the best is not always first, FIFO order
 * i, every other task with a 10..(10+i) ms deadline released at 100 ms. */
static void fill_tasks(void)
{
	for (int i = 0; i < MAX_TASKS; i++) {
		struct bpf_sched_task *t = &tasks[i];

		memset(t, 0, sizeof(*t));
		t->pid = 1000 + i;
		t->policy = 1; /* SCHED_FIFO */
		t->prio = 10 + (i * 37) % 80;
		t->order = i;
		t->enqueue_ns = 100 * MS;
		if (i % 2) {
			t->flags = BPF_SCHED_TASK_HAS_PARAMS;
			t->param_runtime_ns = MS;
			t->param_deadline_ns = (10 + i) * MS;
			t->param_period_ns = (10 + i) * MS;
			t->key = 100 * MS + t->param_deadline_ns;
		}
	}
}

int main(int argc, char **argv)
{
	static const unsigned default_n[] = { 1, 2, 4, 8, 16, 32, 64 };
	unsigned n_list[64], n_count = 0, repeat = 20000;
	struct bpf_program *prog;
	struct bpf_object *obj;
	char name[256], *dot;
	int prog_fd;

	if (argc < 2) {
		fprintf(stderr, "usage: pick_cost POLICY.bpf.o [REPEAT [N...]]\n");
		return 2;
	}
	if (argc > 2) {
		repeat = (unsigned)strtoul(argv[2], NULL, 10);
		if (!repeat) {
			fprintf(stderr, "pick_cost: REPEAT must be a positive number\n");
			return 2;
		}
	}
	for (int i = 3; i < argc && n_count < 64; i++) {
		unsigned long n = strtoul(argv[i], NULL, 10);

		if (n < 1 || n > MAX_TASKS) {
			fprintf(stderr, "pick_cost: N must be 1..%d\n", MAX_TASKS);
			return 2;
		}
		n_list[n_count++] = (unsigned)n;
	}
	if (!n_count)
		for (n_count = 0; n_count < sizeof(default_n) / sizeof(default_n[0]); n_count++)
			n_list[n_count] = default_n[n_count];

	snprintf(name, sizeof(name), "%s", basename(argv[1]));
	dot = strstr(name, ".bpf.o");
	if (dot)
		*dot = '\0';

	obj = bpf_object__open_file(argv[1], NULL);
	if (libbpf_get_error(obj) || bpf_object__load(obj)) {
		fprintf(stderr, "pick_cost: cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	prog_fd = prog ? bpf_program__fd(prog) : -1;
	if (prog_fd < 0) {
		fprintf(stderr, "pick_cost: %s has no program\n", argv[1]);
		return 1;
	}
	fill_tasks();
	for (unsigned k = 0; k < n_count; k++) {
		unsigned n = n_list[k];
		struct bpf_sched_ctx ctx = { .op = BPF_SCHED_OP_PICK, .nr_tasks = n,
					     .now_ns = 100 * MS };
		LIBBPF_OPTS(bpf_test_run_opts, opts,
			    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
			    .data_in = tasks, .data_size_in = n * sizeof(tasks[0]),
			    .repeat = repeat);

		if (bpf_prog_test_run_opts(prog_fd, &opts)) {
			fprintf(stderr, "pick_cost: BPF_PROG_TEST_RUN with %u tasks: %s\n", n,
				strerror(errno));
			bpf_object__close(obj);
			return 1;
		}
		printf("pick_cost %s %u %u\n", name, n, opts.duration);
		fflush(stdout);
	}
	bpf_object__close(obj);
	return 0;
}
