// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* status: the attached policy, its run statistics and /proc/sched_bpf's counters. */
#define _GNU_SOURCE
#include "cli.h"
#include "state.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <json_writer.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *exit_str(const struct sched_state *st, const char *key)
{
	for (int i = 0; i < st->nexit; i++)
		if (!strcmp(st->exit[i].key, key))
			return st->exit[i].value;
	return "";
}

static long long exit_num(const struct sched_state *st, const char *key)
{
	return strtoll(exit_str(st, key), NULL, 10);
}

#define STATUS_USAGE "usage: rtsched status [--enable-stats] [--json]"

enum { OPT_ENABLE_STATS = OPT_COMMAND };

struct prog_status {
	bool have_info;   /* info below is valid */
	int info_err;     /* errno when it is not */
	char name[BPF_OBJ_NAME_LEN + 1];
	char tag[2 * BPF_TAG_SIZE + 1];
	uint64_t run_cnt, run_time_ns;
	const char *attach; /* "link" or "legacy" */
	uint32_t link_id;
	const char *pin;
};

static uint32_t pinned_prog_id(const char *path, bool link, uint32_t *link_id)
{
	int fd = bpf_obj_get(path);
	uint32_t id = 0;

	if (fd < 0)
		return 0;
	if (link) {
		struct bpf_link_info li;
		__u32 len = sizeof(li);

		memset(&li, 0, sizeof(li));
		if (!bpf_link_get_info_by_fd(fd, &li, &len)) {
			id = li.prog_id;
			*link_id = li.id;
		}
	} else {
		struct bpf_prog_info pi;
		__u32 len = sizeof(pi);

		memset(&pi, 0, sizeof(pi));
		if (!bpf_prog_get_info_by_fd(fd, &pi, &len))
			id = pi.id;
	}
	close(fd);
	return id;
}

/* A sched link not pinned by rtsched (e.g. attach --foreground): its id, or 0. */
static uint32_t find_sched_link(uint32_t prog_id)
{
	__u32 id = 0;

	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info li;
		__u32 len = sizeof(li);
		int fd = bpf_link_get_fd_by_id(id);

		if (fd < 0)
			continue;
		memset(&li, 0, sizeof(li));
		if (!bpf_link_get_info_by_fd(fd, &li, &len) && li.type == BPF_LINK_TYPE_SCHED &&
		    li.prog_id == prog_id) {
			close(fd);
			return id;
		}
		close(fd);
	}
	return 0;
}

static void prog_status(uint32_t id, struct prog_status *s)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	uint32_t link_id = 0;
	int fd;

	memset(s, 0, sizeof(*s));
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0) {
		s->info_err = errno;
		return;
	}
	memset(&info, 0, sizeof(info));
	if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
		s->info_err = errno;
		close(fd);
		return;
	}
	close(fd);
	s->have_info = true;
	snprintf(s->name, sizeof(s->name), "%s", info.name);
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		snprintf(s->tag + 2 * i, 3, "%02x", info.tag[i]);
	s->run_cnt = info.run_cnt;
	s->run_time_ns = info.run_time_ns;
	if (pinned_prog_id(PIN_LINK, true, &link_id) == id) {
		s->attach = "link";
		s->link_id = link_id;
		s->pin = PIN_LINK;
	} else if (pinned_prog_id(PIN_LEGACY, false, &link_id) == id) {
		s->attach = "legacy";
		s->pin = PIN_LEGACY;
	} else if ((s->link_id = find_sched_link(id)) != 0) {
		s->attach = "link";
	} else {
		s->attach = "legacy";
	}
}

/* kernel.bpf_stats_enabled: 1 on, 0 off, -1 unknown. */
static int stats_enabled(void)
{
	FILE *f = fopen(BPF_STATS_SYSCTL, "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int enable_stats(void)
{
	FILE *f = fopen(BPF_STATS_SYSCTL, "w");

	if (!f || fputs("1\n", f) < 0 || fclose(f) != 0) {
		int err = errno;

		return fail_errno(err, "cannot enable %s", BPF_STATS_SYSCTL);
	}
	return 0;
}

static int print_json(const struct sched_state *st, const struct prog_status *s, int stats)
{
	json_writer_t *jw = jsonw_new(stdout);

	if (!jw)
		return fail(EXIT_OTHER, "out of memory");
	jsonw_start_object(jw);
	jsonw_bool_field(jw, "attached", st->prog_id != 0);
	jsonw_uint_field(jw, "prog_id", st->prog_id);
	if (st->prog_id && s->have_info) {
		jsonw_string_field(jw, "name", s->name);
		jsonw_string_field(jw, "tag", s->tag);
		jsonw_string_field(jw, "attach", s->attach);
		if (s->link_id)
			jsonw_uint_field(jw, "link_id", s->link_id);
		else
			jsonw_null_field(jw, "link_id");
		if (s->pin)
			jsonw_string_field(jw, "pin", s->pin);
		else
			jsonw_null_field(jw, "pin");
		jsonw_uint_field(jw, "run_cnt", s->run_cnt);
		jsonw_uint_field(jw, "run_time_ns", s->run_time_ns);
		if (s->run_cnt)
			jsonw_uint_field(jw, "ns_per_call", s->run_time_ns / s->run_cnt);
		else
			jsonw_null_field(jw, "ns_per_call");
	} else if (st->prog_id) {
		jsonw_string_field(jw, "info_error", strerror(s->info_err));
	}
	if (stats >= 0)
		jsonw_bool_field(jw, "stats_enabled", stats == 1);
	else
		jsonw_null_field(jw, "stats_enabled");
	if (st->have_ops) {
		char ops[sizeof(st->ops)], *tok, *save;

		snprintf(ops, sizeof(ops), "%s", st->ops);
		jsonw_name(jw, "ops");
		jsonw_start_array(jw);
		for (tok = strtok_r(ops, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			jsonw_string(jw, tok);
		jsonw_end_array(jw);
	} else {
		jsonw_null_field(jw, "ops");
	}
	if (st->scope[0])
		jsonw_string_field(jw, "scope", st->scope);
	else
		jsonw_null_field(jw, "scope");
	if (st->watchdog_ms)
		jsonw_uint_field(jw, "watchdog_ms", st->watchdog_ms);
	else
		jsonw_null_field(jw, "watchdog_ms");
	if (st->nexit) {
		jsonw_name(jw, "last_exit");
		jsonw_start_object(jw);
		for (int i = 0; i < st->nexit; i++) {
			const char *v = st->exit[i].value;
			char *end;
			long long num = strtoll(v, &end, 10);

			if (*v && !*end)
				jsonw_int_field(jw, st->exit[i].key, num);
			else
				jsonw_string_field(jw, st->exit[i].key, v);
		}
		jsonw_string_field(jw, "msg", st->msg);
		jsonw_end_object(jw);
	} else {
		jsonw_null_field(jw, "last_exit");
	}
	jsonw_name(jw, "counters");
	jsonw_start_object(jw);
	jsonw_name(jw, "cpus");
	jsonw_start_array(jw);
	for (int r = 0; r < st->nrows; r++) {
		jsonw_start_object(jw);
		for (int k = 0; k < st->ncols; k++)
			jsonw_uint_field(jw, st->cols[k], st->rows[r][k]);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_name(jw, "total");
	jsonw_start_object(jw);
	for (int k = 1; k < st->ncols; k++)
		jsonw_uint_field(jw, st->cols[k], st->total[k]);
	jsonw_end_object(jw);
	jsonw_end_object(jw);
	jsonw_end_object(jw);
	/* ends the line, flushes */
	jsonw_destroy(&jw);
	return 0;
}

/* Why the last policy stopped, in words. */
static void print_exit(const struct sched_state *st)
{
	const char *reason = exit_str(st, "reason");
	long long id = exit_num(st, "prog_id"), cpu = exit_num(st, "cpu");
	long long value = exit_num(st, "value");
	const char *op = exit_str(st, "op");
	struct timespec now;

	if (!st->nexit)
		return;
	printf("last exit: prog id %lld ", id);
	if (!strcmp(reason, "starved"))
		printf("detached by the watchdog: on CPU %lld, pid %lld waited %.0f ms behind "
		       "tasks stock rt.c would have run after it", cpu, exit_num(st, "pid"),
		       (double)value / 1e6);
	else if (!strcmp(reason, "invalid"))
		printf("detached: invalid %s verdict %lld on CPU %lld", op, value, cpu);
	else if (!strcmp(reason, "aborted"))
		printf("aborted itself at %s on CPU %lld: \"%s\"", op, cpu, st->msg);
	else if (!strcmp(reason, "admin"))
		printf("force-detached by the administrator");
	else if (!strcmp(reason, "detached"))
		printf("detached by its owner");
	else
		printf("stopped: %s", reason);
	if (!clock_gettime(CLOCK_BOOTTIME, &now)) {
		double ago = (double)now.tv_sec + (double)now.tv_nsec / 1e9 -
			     (double)exit_num(st, "time_ns") / 1e9;

		printf(", %.1f s ago", ago);
	}
	printf("\n");
}

static void print_text(const struct sched_state *st, const struct prog_status *s, int stats)
{
	if (!st->prog_id) {
		printf("policy:   none attached\n");
	} else if (!s->have_info) {
		printf("policy:   prog id %u (no details: %s)\n", st->prog_id,
		       strerror(s->info_err));
	} else {
		printf("policy:   %s (prog id %u, tag %s)\n", s->name, st->prog_id, s->tag);
		if (!strcmp(s->attach, "legacy"))
			printf("attached: legacy (bpf_prog_attach)%s%s\n",
			       s->pin ? ", pinned at " : "", s->pin ? s->pin : "");
		else if (s->pin)
			printf("attached: link id %u, pinned at %s\n", s->link_id, s->pin);
		else
			printf("attached: link id %u, not pinned (held by a process)\n",
			       s->link_id);
		printf("runs:     %" PRIu64 " calls, %" PRIu64 " ns", s->run_cnt,
		       s->run_time_ns);
		if (s->run_cnt)
			printf(", %.1f ns per call", (double)s->run_time_ns / (double)s->run_cnt);
		printf("\n");
	}
	if (st->prog_id && st->have_ops)
		printf("decides:  %s\n", st->ops[0] ? st->ops : "nothing (stock order by queue)");
	if (st->prog_id && st->scope[0])
		printf("scope:    %s\n", st->scope);
	if (st->watchdog_ms)
		printf("watchdog: %u ms (kernel.sched_bpf_watchdog_ms)\n", st->watchdog_ms);
	print_exit(st);
	printf("stats:    kernel.bpf_stats_enabled is %s\n",
	       stats == 1 ? "on" : stats == 0 ? "off (run counts stay 0; --enable-stats)"
					      : "unknown");
	if (!st->ncols)
		return;
	printf("counters: %s\n", sched_bpf_path());
	for (int k = 0; k < st->ncols; k++)
		printf(k ? " %11s" : "%-5s", st->cols[k]);
	printf("\n");
	for (int r = 0; r < st->nrows; r++) {
		for (int k = 0; k < st->ncols; k++)
			printf(k ? " %11" PRIu64 : "%-5" PRIu64, st->rows[r][k]);
		printf("\n");
	}
	printf("%-5s", "all");
	for (int k = 1; k < st->ncols; k++)
		printf(" %11" PRIu64, st->total[k]);
	printf("\n");
}

int cmd_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "enable-stats", no_argument, NULL, OPT_ENABLE_STATS },
		COMMON_OPTIONS
	};
	struct sched_state st;
	struct prog_status s;
	bool enable = false;
	int c, rc;

	while ((c = cmd_getopt(argc, argv, options, STATUS_USAGE)) != -1) {
		switch (c) {
		case OPT_ENABLE_STATS:
			enable = true;
			break;
		default: /* cmd_getopt() said why */
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return fail(EXIT_USAGE, "status: unexpected '%s' (" STATUS_USAGE ")", argv[optind]);
	if ((rc = check_kernel()) != 0)
		return rc;
	if (enable && (rc = enable_stats()) != 0)
		return rc;
	if ((rc = state_read(&st)) != 0)
		return rc;
	memset(&s, 0, sizeof(s));
	if (st.prog_id)
		prog_status(st.prog_id, &s);
	if (opts.json)
		rc = print_json(&st, &s, stats_enabled());
	else
		print_text(&st, &s, stats_enabled());
	state_free(&st);
	return rc;
}
