// SPDX-License-Identifier: GPL-2.0
/*
 * The seed's userspace sequence, kept working: load a BPF_PROG_TYPE_SCHED
 * program, bpf_prog_attach(fd, 0, BPF_SCHED, 0) for the whole system, see
 * it called for the threads given to it, detach. Once with raw instructions (the shape of the original
 * sketch) and once from a policy object. Prints KTAP with kselftest.h.
 */
#define _GNU_SOURCE
#include "fifo_attr.h"
#include "rtsched.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Results: load, 6 per attach cycle, detach with nothing attached, open, load, 6 */
#define PLAN 16

static void report(int ok, const char *desc, int err)
{
	if (ok)
		ksft_test_result_pass("%s\n", desc);
	else
		ksft_test_result_fail("%s (%s)\n", desc, strerror(err));
}

/* prog_id and the sum over CPUs of the enqueue calls in /proc/sched_bpf */
static int read_sched_bpf(unsigned int *prog_id, unsigned long long *enqueues)
{
	unsigned long long cpu, v;
	char line[512];
	FILE *f = fopen("/proc/sched_bpf", "r");

	if (!f)
		return -errno;
	*prog_id = 0;
	*enqueues = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "prog_id %u", prog_id) == 1)
			continue;
		/* "cpu enqueue ...": the first number after the CPU */
		if (sscanf(line, "%llu %llu", &cpu, &v) == 2)
			*enqueues += v;
	}
	fclose(f);
	return 0;
}

static atomic_int sleeper_done;

/* The threads give themselves to the policy: attached with flags 0, it orders those */
static void *sleep_a_little(void *arg)
{
	int i;

	if (rtsched_set_params(0, 0, 1000000, 0))
		return arg;

	for (i = 0; i < 8; i++)
		usleep(10000);
	atomic_store(&sleeper_done, 1);
	return arg;
}

static void *spin_until_done(void *arg)
{
	rtsched_set_params(0, 0, 1000000, 0);
	while (!atomic_load(&sleeper_done))
		;
	return arg;
}

/* Work for the RT class on CPU 0: a SCHED_FIFO thread that wakes up a few
 * times while a lower-priority one keeps the CPU busy. */
static int rt_activity(void)
{
	pthread_t spinner, sleeper;
	int err;

	atomic_store(&sleeper_done, 0);
	err = fifo_thread_create(&spinner, 10, 0, spin_until_done, NULL);
	if (err)
		return err;
	err = fifo_thread_create(&sleeper, 50, 0, sleep_a_little, NULL);
	if (err)
		atomic_store(&sleeper_done, 1);
	else
		pthread_join(sleeper, NULL);
	pthread_join(spinner, NULL);
	return err;
}

static unsigned int prog_id_of(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_prog_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* Attach through the legacy path, make the RT class decide, detach */
static void attach_cycle(int fd, const char *what)
{
	unsigned long long before = 0, enqueues = 0;
	unsigned int id = 0;
	char desc[256];
	int err;

	err = bpf_prog_attach(fd, 0, BPF_SCHED, 0);
	snprintf(desc, sizeof(desc), "%s: bpf_prog_attach(fd, 0, BPF_SCHED, 0)", what);
	report(!err, desc, errno);
	if (err)
		return;

	read_sched_bpf(&id, &before);
	snprintf(desc, sizeof(desc), "%s: /proc/sched_bpf names the program", what);
	report(id == prog_id_of(fd), desc, EINVAL);

	err = rt_activity();
	read_sched_bpf(&id, &enqueues);
	snprintf(desc, sizeof(desc), "%s: the program keyed the threads given to it (%llu enqueues)",
		 what, enqueues - before);
	report(!err && enqueues > before, desc, err ? err : ENODATA);

	err = bpf_prog_attach(fd, 0, BPF_SCHED, 0);
	snprintf(desc, sizeof(desc), "%s: attaching the same program again fails with EEXIST", what);
	report(err && errno == EEXIST, desc, errno);

	err = bpf_prog_detach(0, BPF_SCHED);
	snprintf(desc, sizeof(desc), "%s: bpf_prog_detach(0, BPF_SCHED)", what);
	report(!err, desc, errno);
	read_sched_bpf(&id, &enqueues);
	snprintf(desc, sizeof(desc), "%s: detached, /proc/sched_bpf shows prog_id 0", what);
	report(id == 0, desc, EINVAL);
}

int main(int argc, char **argv)
{
	/* r0 = BPF_SCHED_DEFAULT; exit */
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const char *path = argc > 1 ? argv[1] : "/policies/edf.bpf.o";
	struct bpf_object *obj;
	struct bpf_program *prog;
	int fd, err;

	ksft_print_header();
	ksft_set_plan(PLAN);
	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED, "seed", "GPL", insns, 2, NULL);
	report(fd >= 0, "bpf_prog_load(BPF_PROG_TYPE_SCHED) of raw instructions", errno);
	if (fd >= 0) {
		attach_cycle(fd, "raw program");
		close(fd);
	}

	err = bpf_prog_detach(0, BPF_SCHED);
	report(err && errno == ENOENT, "detach with nothing attached fails with ENOENT", errno);

	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	report(!err, "open the policy object", -err);
	if (err)
		ksft_finished();
	prog = bpf_object__next_program(obj, NULL);
	err = prog ? bpf_object__load(obj) : -ENOENT;
	report(!err && bpf_program__type(prog) == BPF_PROG_TYPE_SCHED,
	       "libbpf loads SEC(\"sched\") as BPF_PROG_TYPE_SCHED", -err);
	if (!err)
		attach_cycle(bpf_program__fd(prog), "policy object");
	bpf_object__close(obj);
	ksft_finished();
}
