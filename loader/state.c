// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* /proc/sched_bpf, parsed whole into struct sched_state: status shows it, attach, swap
 * and detach check the attached prog id in it. */
#define _GNU_SOURCE
#include "cli.h"
#include "state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* RTSCHED_SCHED_BPF replaces /proc/sched_bpf: the host tests use it to check the
 * parsing of status on a kernel without the series. */
const char *sched_bpf_path(void)
{
	const char *p = getenv("RTSCHED_SCHED_BPF");

	return p && *p ? p : PROC_SCHED_BPF;
}

int check_kernel(void)
{
	if (!path_exists(sched_bpf_path()))
		return fail(EXIT_NOKERNEL, "this kernel lacks BPF_PROG_TYPE_SCHED "
			    "(bpf-rtsched series not applied)");
	return 0;
}

void state_free(struct sched_state *st)
{
	for (int i = 0; i < st->ncols; i++)
		free(st->cols[i]);
	free(st->rows);
	memset(st, 0, sizeof(*st));
}

static void parse_exit(struct sched_state *st, char *fields)
{
	char *tok, *save, *eq, *msg = strstr(fields, " msg=");

	/* the message is the rest of the line, spaces and all */
	if (msg) {
		snprintf(st->msg, sizeof(st->msg), "%.*s", (int)strcspn(msg + 5, "\n"), msg + 5);
		*msg = '\0';
	}
	/* A policy's words, whatever bytes it chose: none of them drives the terminal or
	 * breaks the JSON string (json_writer escapes only the C escapes). */
	for (char *p = st->msg; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';

	for (tok = strtok_r(fields, " \t\n", &save); tok && st->nexit < STATE_MAX_EXIT_FIELDS;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		snprintf(st->exit[st->nexit].key, sizeof(st->exit[0].key), "%s", tok);
		snprintf(st->exit[st->nexit].value, sizeof(st->exit[0].value), "%s", eq + 1);
		st->nexit++;
	}
}

int state_read(struct sched_state *st)
{
	const char *path = sched_bpf_path();
	FILE *f = fopen(path, "r");
	char *line = NULL, *tok, *save;
	size_t cap = 0;
	int n = 0, rc = 0, col;

	memset(st, 0, sizeof(*st));
	if (!f)
		return fail_errno(errno, "cannot read %s", path);
	while (getline(&line, &cap, f) > 0) {
		n++;
		if (n == 1) {
			if (sscanf(line, "prog_id %" SCNu32, &st->prog_id) != 1) {
				rc = fail(EXIT_OTHER, "%s: line 1 is not 'prog_id N'", path);
				break;
			}
			continue;
		}
		if (!strncmp(line, "ops ", 4)) {
			st->have_ops = true;
			if (strcmp(line, "ops -\n"))
				snprintf(st->ops, sizeof(st->ops), "%.*s",
					 (int)strcspn(line + 4, "\n"), line + 4);
			continue;
		}
		if (sscanf(line, "watchdog_ms %u", &st->watchdog_ms) == 1)
			continue;
		if (sscanf(line, "scope %15s", st->scope) == 1)
			continue;
		if (!strncmp(line, "last_exit ", 10)) {
			parse_exit(st, line + 10);
			continue;
		}
		if (!st->ncols) {
			if (strncmp(line, "cpu ", 4)) {
				rc = fail(EXIT_OTHER, "%s: line %d is not the counters' header", path,
					  n);
				break;
			}
			for (tok = strtok_r(line, " \t\n", &save); tok && st->ncols < STATE_MAX_COLS;
			     tok = strtok_r(NULL, " \t\n", &save))
				st->cols[st->ncols++] = strdup(tok);
			continue;
		}
		void *rows = realloc(st->rows, (size_t)(st->nrows + 1) * sizeof(*st->rows));
		if (!rows) {
			rc = fail(EXIT_OTHER, "out of memory");
			break;
		}
		st->rows = rows;
		memset(st->rows[st->nrows], 0, sizeof(st->rows[0]));
		col = 0;
		for (tok = strtok_r(line, " \t\n", &save); tok && col < st->ncols;
		     tok = strtok_r(NULL, " \t\n", &save))
			st->rows[st->nrows][col++] = strtoull(tok, NULL, 10);
		if (col == 0)
			continue;
		for (int k = 1; k < st->ncols; k++)
			st->total[k] += st->rows[st->nrows][k];
		st->nrows++;
	}
	free(line);
	fclose(f);
	if (rc)
		state_free(st);
	return rc;
}
