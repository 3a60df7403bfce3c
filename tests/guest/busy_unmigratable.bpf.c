// SPDX-License-Identifier: GPL-2.0
/*
 * Keeps the calling task busy with migration disabled: BPF_PROG_TEST_RUN runs
 * a syscall program with migrate_disable() held (bpf_prog_run_pin_on_cpu()),
 * and this one, sleepable, runs for budget_ns. Each round updates a map
 * through bpf_sys_bpf(), whose allocations may sleep: a point where even a
 * PREEMPT_VOLUNTARY kernel lets a woken higher-priority task preempt, so the
 * task is queued, migrate-disabled, while it waits. Records the CPUs the
 * rounds ran on and the longest gap between two rounds (the wait).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct busy_args {
	__u64 budget_ns;
	__s32 scratch_fd; /* the fd of map scratch in the caller's process */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} scratch SEC(".maps");

/* Read by the test after the run: the .bss */
struct busy_result {
	__u64 rounds, failed_updates, max_gap_ns;
	__u32 first_cpu, cpu_changes;
} result;

struct loop_state {
	struct busy_args args;
	__u64 start_ns, last_ns;
	__u32 last_cpu;
};

static long round(__u64 i, void *data)
{
	struct loop_state *s = data;
	union bpf_attr attr = {};
	__u64 value = i, now;
	__u32 key = 0, cpu;

	attr.map_fd = s->args.scratch_fd;
	attr.key = (long)&key;
	attr.value = (long)&value;
	if (bpf_sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr)))
		result.failed_updates++;
	now = bpf_ktime_get_ns();
	cpu = bpf_get_smp_processor_id();
	if (cpu != s->last_cpu) {
		result.cpu_changes++;
		s->last_cpu = cpu;
	}
	if (now - s->last_ns > result.max_gap_ns)
		result.max_gap_ns = now - s->last_ns;
	s->last_ns = now;
	result.rounds++;
	return now - s->start_ns >= s->args.budget_ns;
}

SEC("syscall")
int busy_unmigratable(struct busy_args *ctx)
{
	struct loop_state s = {
		.args = *ctx,
		.start_ns = bpf_ktime_get_ns(),
		.last_cpu = bpf_get_smp_processor_id(),
	};

	s.last_ns = s.start_ns;
	result.first_cpu = s.last_cpu;
	bpf_loop(1 << 23, round, &s, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
