// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* status: the attached policy, its run statistics and /proc/sched_bpf's counters. */
#define _GNU_SOURCE
#include "cli.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_COLS 32

/* One "KEY=VALUE" of the last_exit line. */
struct exit_field {
	char key[16];
	char value[32];
};

#define MAX_EXIT_FIELDS 8

/* /proc/sched_bpf: "prog_id N", "ops NAME..." or "ops -", "scope registered|all",
 * "watchdog_ms N", "last_exit none" or "last_exit KEY=VALUE... msg=TEXT", a header
 * line, one line of numbers per CPU. */
struct counters {
	uint32_t prog_id;
	bool have_ops;  /* the kernel says which ops the policy decides */
	char ops[64];   /* their names, space-separated; "" when none attached */
	char scope[16];
	char msg[64];   /* last_exit: what an aborting policy said */
	unsigned watchdog_ms; /* 0: the kernel has no watchdog */
	int nexit;
	struct exit_field exit[MAX_EXIT_FIELDS];
	int ncols;
	char *cols[MAX_COLS];
	int nrows;
	uint64_t (*rows)[MAX_COLS];
	uint64_t total[MAX_COLS];
};

static void counters_free(struct counters *c)
{
	for (int i = 0; i < c->ncols; i++)
		free(c->cols[i]);
	free(c->rows);
}

static void parse_exit(struct counters *c, char *fields)
{
	char *tok, *save, *eq, *msg = strstr(fields, " msg=");

	/* the message is the rest of the line, spaces and all */
	if (msg) {
		snprintf(c->msg, sizeof(c->msg), "%.*s", (int)strcspn(msg + 5, "\n"), msg + 5);
		*msg = '\0';
	}

	for (tok = strtok_r(fields, " \t\n", &save); tok && c->nexit < MAX_EXIT_FIELDS;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		snprintf(c->exit[c->nexit].key, sizeof(c->exit[0].key), "%s", tok);
		snprintf(c->exit[c->nexit].value, sizeof(c->exit[0].value), "%s", eq + 1);
		c->nexit++;
	}
}

static const char *exit_str(const struct counters *c, const char *key)
{
	for (int i = 0; i < c->nexit; i++)
		if (!strcmp(c->exit[i].key, key))
			return c->exit[i].value;
	return "";
}

static long long exit_num(const struct counters *c, const char *key)
{
	return strtoll(exit_str(c, key), NULL, 10);
}

static int read_counters(struct counters *c)
{
	const char *path = sched_bpf_path();
	FILE *f = fopen(path, "r");
	char *line = NULL, *tok, *save;
	size_t cap = 0;
	int n = 0, rc = 0, col;
	unsigned id;

	memset(c, 0, sizeof(*c));
	if (!f)
		return fail_errno(errno, "cannot read %s", path);
	while (getline(&line, &cap, f) > 0) {
		n++;
		if (n == 1) {
			if (sscanf(line, "prog_id %u", &id) != 1) {
				rc = fail(EXIT_OTHER, "%s: line 1 is not 'prog_id N'", path);
				break;
			}
			c->prog_id = id;
			continue;
		}
		if (!strncmp(line, "ops ", 4)) {
			c->have_ops = true;
			if (strcmp(line, "ops -\n"))
				snprintf(c->ops, sizeof(c->ops), "%.*s", (int)strcspn(line + 4, "\n"),
					 line + 4);
			continue;
		}
		if (sscanf(line, "watchdog_ms %u", &c->watchdog_ms) == 1)
			continue;
		if (sscanf(line, "scope %15s", c->scope) == 1)
			continue;
		if (!strncmp(line, "last_exit ", 10)) {
			parse_exit(c, line + 10);
			continue;
		}
		if (!c->ncols) {
			if (strncmp(line, "cpu ", 4)) {
				rc = fail(EXIT_OTHER, "%s: line %d is not the counters' header", path, n);
				break;
			}
			for (tok = strtok_r(line, " \t\n", &save); tok && c->ncols < MAX_COLS;
			     tok = strtok_r(NULL, " \t\n", &save))
				c->cols[c->ncols++] = strdup(tok);
			continue;
		}
		void *rows = realloc(c->rows, (size_t)(c->nrows + 1) * sizeof(*c->rows));
		if (!rows) {
			rc = fail(EXIT_OTHER, "out of memory");
			break;
		}
		c->rows = rows;
		memset(c->rows[c->nrows], 0, sizeof(c->rows[0]));
		col = 0;
		for (tok = strtok_r(line, " \t\n", &save); tok && col < c->ncols;
		     tok = strtok_r(NULL, " \t\n", &save))
			c->rows[c->nrows][col++] = strtoull(tok, NULL, 10);
		if (col == 0)
			continue;
		for (int k = 1; k < c->ncols; k++)
			c->total[k] += c->rows[c->nrows][k];
		c->nrows++;
	}
	free(line);
	fclose(f);
	return rc;
}

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

static void print_json(const struct counters *c, const struct prog_status *s, int stats)
{
	struct json j;

	json_begin(&j);
	json_bool(&j, "attached", c->prog_id != 0);
	json_u64(&j, "prog_id", c->prog_id);
	if (c->prog_id && s->have_info) {
		json_str(&j, "name", s->name);
		json_str(&j, "tag", s->tag);
		json_str(&j, "attach", s->attach);
		if (s->link_id)
			json_u64(&j, "link_id", s->link_id);
		else
			json_null(&j, "link_id");
		if (s->pin)
			json_str(&j, "pin", s->pin);
		else
			json_null(&j, "pin");
		json_u64(&j, "run_cnt", s->run_cnt);
		json_u64(&j, "run_time_ns", s->run_time_ns);
		if (s->run_cnt)
			json_u64(&j, "ns_per_call", s->run_time_ns / s->run_cnt);
		else
			json_null(&j, "ns_per_call");
	} else if (c->prog_id) {
		json_str(&j, "info_error", strerror(s->info_err));
	}
	if (stats >= 0)
		json_bool(&j, "stats_enabled", stats == 1);
	else
		json_null(&j, "stats_enabled");
	if (c->have_ops) {
		char ops[sizeof(c->ops)], *tok, *save;

		snprintf(ops, sizeof(ops), "%s", c->ops);
		json_arr_begin(&j, "ops");
		for (tok = strtok_r(ops, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			json_str(&j, NULL, tok);
		json_arr_end(&j);
	} else {
		json_null(&j, "ops");
	}
	if (c->scope[0])
		json_str(&j, "scope", c->scope);
	else
		json_null(&j, "scope");
	if (c->watchdog_ms)
		json_u64(&j, "watchdog_ms", c->watchdog_ms);
	else
		json_null(&j, "watchdog_ms");
	if (c->nexit) {
		json_obj_begin(&j, "last_exit");
		for (int i = 0; i < c->nexit; i++) {
			const char *v = c->exit[i].value;
			char *end;
			long long num = strtoll(v, &end, 10);

			if (*v && !*end)
				json_i64(&j, c->exit[i].key, num);
			else
				json_str(&j, c->exit[i].key, v);
		}
		json_str(&j, "msg", c->msg);
		json_obj_end(&j);
	} else {
		json_null(&j, "last_exit");
	}
	json_obj_begin(&j, "counters");
	json_arr_begin(&j, "cpus");
	for (int r = 0; r < c->nrows; r++) {
		json_obj_begin(&j, NULL);
		for (int k = 0; k < c->ncols; k++)
			json_u64(&j, c->cols[k], c->rows[r][k]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_begin(&j, "total");
	for (int k = 1; k < c->ncols; k++)
		json_u64(&j, c->cols[k], c->total[k]);
	json_obj_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* Why the last policy stopped, in words. */
static void print_exit(const struct counters *c)
{
	const char *reason = exit_str(c, "reason");
	long long id = exit_num(c, "prog_id"), cpu = exit_num(c, "cpu");
	long long value = exit_num(c, "value");
	const char *op = exit_str(c, "op");
	struct timespec now;

	if (!c->nexit)
		return;
	printf("last exit: prog id %lld ", id);
	if (!strcmp(reason, "starved"))
		printf("detached by the watchdog: on CPU %lld, pid %lld waited %.0f ms behind "
		       "tasks stock rt.c would have run after it", cpu, exit_num(c, "pid"),
		       (double)value / 1e6);
	else if (!strcmp(reason, "invalid"))
		printf("detached: invalid %s verdict %lld on CPU %lld", op, value, cpu);
	else if (!strcmp(reason, "aborted"))
		printf("aborted itself at %s on CPU %lld: \"%s\"", op, cpu, c->msg);
	else if (!strcmp(reason, "admin"))
		printf("force-detached by the administrator");
	else if (!strcmp(reason, "detached"))
		printf("detached by its owner");
	else
		printf("stopped: %s", reason);
	if (!clock_gettime(CLOCK_BOOTTIME, &now)) {
		double ago = (double)now.tv_sec + (double)now.tv_nsec / 1e9 -
			     (double)exit_num(c, "time_ns") / 1e9;

		printf(", %.1f s ago", ago);
	}
	printf("\n");
}

static void print_text(const struct counters *c, const struct prog_status *s, int stats)
{
	if (!c->prog_id) {
		printf("policy:   none attached\n");
	} else if (!s->have_info) {
		printf("policy:   prog id %u (no details: %s)\n", c->prog_id,
		       strerror(s->info_err));
	} else {
		printf("policy:   %s (prog id %u, tag %s)\n", s->name, c->prog_id, s->tag);
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
	if (c->prog_id && c->have_ops)
		printf("decides:  %s\n", c->ops[0] ? c->ops : "nothing (stock order by queue)");
	if (c->prog_id && c->scope[0])
		printf("scope:    %s\n", c->scope);
	if (c->watchdog_ms)
		printf("watchdog: %u ms (kernel.sched_bpf_watchdog_ms)\n", c->watchdog_ms);
	print_exit(c);
	printf("stats:    kernel.bpf_stats_enabled is %s\n",
	       stats == 1 ? "on" : stats == 0 ? "off (run counts stay 0; --enable-stats)"
					      : "unknown");
	if (!c->ncols)
		return;
	printf("counters: %s\n", sched_bpf_path());
	for (int k = 0; k < c->ncols; k++)
		printf(k ? " %11s" : "%-5s", c->cols[k]);
	printf("\n");
	for (int r = 0; r < c->nrows; r++) {
		for (int k = 0; k < c->ncols; k++)
			printf(k ? " %11" PRIu64 : "%-5" PRIu64, c->rows[r][k]);
		printf("\n");
	}
	printf("%-5s", "all");
	for (int k = 1; k < c->ncols; k++)
		printf(" %11" PRIu64, c->total[k]);
	printf("\n");
}

int cmd_status(int argc, char **argv)
{
	struct counters c;
	struct prog_status s;
	bool enable = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--enable-stats"))
			enable = true;
		else if (!common_opt(argv[i]))
			return fail(EXIT_USAGE, "status: unexpected '%s' (usage: rtsched status "
				    "[--enable-stats] [--json])", argv[i]);
	}
	if ((rc = check_kernel()) != 0)
		return rc;
	if (enable && (rc = enable_stats()) != 0)
		return rc;
	if ((rc = read_counters(&c)) != 0) {
		counters_free(&c);
		return rc;
	}
	memset(&s, 0, sizeof(s));
	if (c.prog_id)
		prog_status(c.prog_id, &s);
	if (opts.json)
		print_json(&c, &s, stats_enabled());
	else
		print_text(&c, &s, stats_enabled());
	counters_free(&c);
	return 0;
}
