// SPDX-License-Identifier: GPL-2.0
/*
 * Samples of one policy decision's program run, Feather-Trace style: the
 * policy is loaded (not attached), and each op it declares at
 * BPF_SCHED_OP_INIT runs COUNT times through BPF_PROG_TEST_RUN, one run per
 * call, about a task whose deadline, runtime and clock move with each call.
 * The kernel times each call's run (ktime, preemption off): the program and
 * the context copy, not the scheduler's bookkeeping around a real decision
 * (the ping-pong's hand-over samples hold that). Writes "OP NS" lines to OUT
 * and prints the number of samples per op.
 * Usage: decision_samples POLICY.bpf.o COUNT OUT
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ULL

static const struct {
	__u32 op;
	const char *name;
} ops[] = {
	{ BPF_SCHED_OP_ENQUEUE, "enqueue" },
	{ BPF_SCHED_OP_DEQUEUE, "dequeue" },
	{ BPF_SCHED_OP_TICK, "tick" },
};

/* One run of @op; its time in ns, or -errno */
static long long run(int prog_fd, __u32 op, unsigned long i)
{
	struct bpf_sched_ctx ctx = {
		.op = op,
		.now_ns = (i + 1) * MS,
		.flags = op == BPF_SCHED_OP_ENQUEUE ? BPF_SCHED_ENQ_WAKEUP : 0,
		.task = {
			.pid = 100 + i % 8, .policy = 1 /* SCHED_FIFO */, .rt_priority = 50,
			.flags = BPF_SCHED_TASK_HAS_PARAMS,
			.enqueue_ns = (i + 1) * MS,
			.runtime_ns = i * 100000,
			.param_runtime_ns = 2 * MS,
			.param_deadline_ns = (10 + i % 7) * MS,
			.param_period_ns = (10 + i % 7) * MS,
		},
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .repeat = 1);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	return opts.duration;
}

int main(int argc, char **argv)
{
	struct bpf_sched_ctx init = { .op = BPF_SCHED_OP_INIT };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &init, .ctx_size_in = sizeof(init));
	struct bpf_object *obj;
	unsigned long count, i;
	struct bpf_program *prog;
	int prog_fd, status = 0;
	unsigned int k;
	long long ns;
	FILE *out;

	if (argc != 4 || (count = strtoul(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: decision_samples POLICY.bpf.o COUNT OUT\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "decision_samples: cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	prog_fd = prog ? bpf_program__fd(prog) : -1;
	if (prog_fd < 0 || bpf_prog_test_run_opts(prog_fd, &opts)) {
		fprintf(stderr, "decision_samples: %s: no BPF_SCHED_OP_INIT answer\n", argv[1]);
		return 1;
	}
	out = fopen(argv[3], "w");
	if (!out) {
		perror(argv[3]);
		return 1;
	}
	fprintf(out, "# op ns: one BPF_PROG_TEST_RUN run each\n");
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (!(opts.retval & BPF_SCHED_OP_MASK(ops[k].op)))
			continue;
		for (i = 0; i < count; i++) {
			ns = run(prog_fd, ops[k].op, i);
			if (ns < 0) {
				fprintf(stderr, "decision_samples: %s: %s\n", ops[k].name,
					strerror((int)-ns));
				status = 1;
				break;
			}
			fprintf(out, "%s %lld\n", ops[k].name, ns);
		}
		printf("%s %lu\n", ops[k].name, i);
	}
	if (fclose(out)) {
		perror(argv[3]);
		status = 1;
	}
	bpf_object__close(obj);
	return status;
}
