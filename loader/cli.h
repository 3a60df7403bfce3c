/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* rtsched CLI: shared declarations. */
#ifndef RTSCHED_CLI_H
#define RTSCHED_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes (documented in the usage text and README.md). */
enum {
	EXIT_OTHER = 1,    /* anything else */
	EXIT_USAGE = 2,    /* bad command line, unknown or bad parameter */
	EXIT_OBJECT = 3,   /* policy object missing, unreadable or not a sched policy */
	EXIT_VERIFIER = 4, /* the verifier rejected the policy */
	EXIT_NOKERNEL = 5, /* the kernel lacks the bpf-rtsched series */
	EXIT_PERM = 6,     /* insufficient privilege */
	EXIT_NOTID = 7,    /* no such thread */
	EXIT_BUSY = 8,     /* another policy is attached */
};

#define BPFFS_DIR "/sys/fs/bpf"
#define PIN_DIR BPFFS_DIR "/rtsched"
#define PIN_LINK PIN_DIR "/policy"      /* the link of `attach` */
#define PIN_LEGACY PIN_DIR "/legacy"    /* the program of `attach --legacy` */
#define PROC_SCHED_BPF "/proc/sched_bpf"
#define BPF_STATS_SYSCTL "/proc/sys/kernel/bpf_stats_enabled"
#define WATCHDOG_SYSCTL "/proc/sys/kernel/sched_bpf_watchdog_ms"
#define FORCE_DETACH_SYSCTL "/proc/sys/kernel/sched_bpf_force_detach"
/* kernel.sched_bpf_watchdog_ms accepts this range */
#define WATCHDOG_MIN_MS 10
#define WATCHDOG_MAX_MS 10000

struct options {
	bool json;
	bool verbose;
};
extern struct options opts;

/*
 * options.c: the command line, `rtsched [--json] [--verbose] COMMAND [ARGS]`.
 *
 * getopt_long values of the long options: above any char, so that a refused option is
 * known to be a long one (its word is in argv) or a short one (only its letter is).
 */
enum {
	OPT_JSON = 256,
	OPT_VERBOSE,
	OPT_HELP,
	OPT_COMMAND, /* a command's own options take the values from here on */
};

/* The options every command accepts; ends a command's struct option table. */
#define COMMON_OPTIONS                                  \
	{ "json", no_argument, NULL, OPT_JSON },        \
	{ "verbose", no_argument, NULL, OPT_VERBOSE },  \
	{ "help", no_argument, NULL, OPT_HELP },        \
	{ NULL, 0, NULL, 0 }

/* The global options before the command: the index of the command's name in argv, or
 * a negative exit code after one error line. */
int parse_global_options(int argc, char **argv);
/*
 * The next option of a command, whose name is argv[0]: getopt_long with longopts,
 * which ends with COMMON_OPTIONS (handled here; --help prints the usage and exits).
 * Returns the option's value (its argument in optarg), -1 after the last one (the
 * words that are not options are then argv[optind] to argv[argc - 1], in order), or
 * '?' after one error line (HINT, e.g. "usage: rtsched detach [--force]", ends it).
 */
int cmd_getopt(int argc, char **argv, const struct option *longopts, const char *hint);

/* util.c */
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps -err (a negative errno) to an exit code and prints "rtsched: WHAT: strerror",
 * naming the capabilities on EPERM/EACCES. */
int fail_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* strerror() that also knows libbpf's own error codes. */
const char *errstr(int err);
int ensure_pin_dir(void);
bool path_exists(const char *path);
/* Writes VALUE to the sysctl at PATH; 0, or an exit code after one error line. */
int write_sysctl(const char *path, const char *value);

/* policy.c */
int cmd_verify(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_swap(int argc, char **argv);
int cmd_detach(int argc, char **argv);

/* status.c */
int cmd_status(int argc, char **argv);

/* params.c */
int cmd_set(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_run(int argc, char **argv);
int parse_time_ns(const char *s, uint64_t *ns);
int parse_tid(const char *s, int *tid);

#endif /* RTSCHED_CLI_H */
