/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The kernel's policy state, /proc/sched_bpf: one reader for every command. */
#ifndef RTSCHED_STATE_H
#define RTSCHED_STATE_H

#include <stdbool.h>
#include <stdint.h>

#define STATE_MAX_COLS 32
#define STATE_MAX_EXIT_FIELDS 8

/* One "KEY=VALUE" of the last_exit line. */
struct exit_field {
	char key[16];
	char value[32];
};

/* /proc/sched_bpf: "prog_id N", "ops NAME..." or "ops -", "scope registered|all",
 * "watchdog_ms N", "last_exit none" or "last_exit KEY=VALUE... msg=TEXT", a header
 * line, one line of numbers per CPU. */
struct sched_state {
	uint32_t prog_id; /* the attached policy, 0 when none */
	bool have_ops;  /* the kernel says which ops the policy decides */
	char ops[64];   /* their names, space-separated; "" when none attached */
	char scope[16];
	char msg[64];   /* last_exit: what an aborting policy said */
	unsigned watchdog_ms; /* 0: the kernel has no watchdog */
	int nexit;
	struct exit_field exit[STATE_MAX_EXIT_FIELDS];
	int ncols;
	char *cols[STATE_MAX_COLS];
	int nrows;
	uint64_t (*rows)[STATE_MAX_COLS];
	uint64_t total[STATE_MAX_COLS];
};

/* RTSCHED_SCHED_BPF, or /proc/sched_bpf. */
const char *sched_bpf_path(void);
/* 0 on a kernel with the series, else EXIT_NOKERNEL after one error line. */
int check_kernel(void);
/* Parses the whole file: 0, or an exit code after one error line (nothing to free). */
int state_read(struct sched_state *st);
void state_free(struct sched_state *st);

#endif /* RTSCHED_STATE_H */
