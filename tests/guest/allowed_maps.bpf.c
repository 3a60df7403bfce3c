// SPDX-License-Identifier: GPL-2.0
/* Every map type and helper a policy may use, from every op, with the
 * runqueue lock held (select_cpu: the task's pi_lock): lockdep and PREEMPT_RT's sleeping-lock checks must
 * stay quiet. Counts each op in `calls`, sends one ring buffer record per
 * call to `events` (pinned, for ringbuf_count) and leaves a bpf_printk
 * trace. Decides nothing: every answer is BPF_SCHED_DEFAULT. */
#include "bpf_sched.h"

#define NR_OPS (BPF_SCHED_OP_SELECT_CPU + 1)

#define MAP(name, map_type, entries)			\
	struct {					\
		__uint(type, map_type);			\
		__uint(max_entries, entries);		\
		__type(key, __u32);			\
		__type(value, __u64);			\
	} name SEC(".maps")

MAP(calls, BPF_MAP_TYPE_ARRAY, NR_OPS);
MAP(pcpu_calls, BPF_MAP_TYPE_PERCPU_ARRAY, NR_OPS);
MAP(by_pid, BPF_MAP_TYPE_HASH, 256);
MAP(pcpu_by_pid, BPF_MAP_TYPE_PERCPU_HASH, 256);
MAP(lru_by_pid, BPF_MAP_TYPE_LRU_HASH, 64);
MAP(pcpu_lru_by_pid, BPF_MAP_TYPE_LRU_PERCPU_HASH, 64);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} lazy_by_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, __u64);
} fifo SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 16);
	__type(value, __u64);
} lifo SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} events SEC(".maps");

struct event {
	__u32 op;
	__u32 pid;
};

static void touch(void *map, __u32 key)
{
	__u64 one = 1, *v;

	v = bpf_map_lookup_elem(map, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

SEC("sched")
int allowed_maps(struct bpf_sched_ctx *ctx)
{
	__u32 op = ctx->op < NR_OPS ? ctx->op : 0, pid = ctx->task.pid;
	__u64 now = bpf_ktime_get_ns(), out;
	struct event *e;

	touch(&calls, op);
	touch(&pcpu_calls, op);
	touch(&by_pid, pid);
	touch(&pcpu_by_pid, pid);
	touch(&lru_by_pid, pid);
	touch(&pcpu_lru_by_pid, pid);
	touch(&lazy_by_pid, pid);
	if (ctx->op == BPF_SCHED_OP_DEQUEUE) {
		bpf_map_delete_elem(&by_pid, &pid);
		bpf_map_delete_elem(&lazy_by_pid, &pid);
	}
	bpf_map_push_elem(&fifo, &now, BPF_EXIST);
	bpf_map_pop_elem(&fifo, &out);
	bpf_map_push_elem(&lifo, &now, BPF_EXIST);
	bpf_map_peek_elem(&lifo, &out);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->op = op;
		e->pid = pid;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_ringbuf_output(&events, &op, sizeof(op), BPF_RB_NO_WAKEUP);
	if (ctx->op == BPF_SCHED_OP_TICK || ctx->op == BPF_SCHED_OP_INIT)
		bpf_printk("allowed_maps: op %u pid %u cpu %u", op, pid, bpf_get_smp_processor_id());
	return BPF_SCHED_DEFAULT;
}

char LICENSE[] SEC("license") = "GPL";
