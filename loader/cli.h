/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* rtsched CLI: shared declarations. */
#ifndef RTSCHED_CLI_H
#define RTSCHED_CLI_H

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

/* util.c */
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps -err (a negative errno) to an exit code and prints "rtsched: WHAT: strerror",
 * naming the capabilities on EPERM/EACCES. */
int fail_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* strerror() that also knows libbpf's own error codes. */
const char *errstr(int err);
int check_kernel(void);
const char *sched_bpf_path(void);
int ensure_pin_dir(void);
bool path_exists(const char *path);
/* Writes VALUE to the sysctl at PATH; 0, or an exit code after one error line. */
int write_sysctl(const char *path, const char *value);

/* policy.c */
int cmd_verify(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_swap(int argc, char **argv);
int cmd_detach(int argc, char **argv);
/* Silences libbpf's prints unless verbose. */
void policy_init_libbpf(bool verbose);

/* status.c */
int cmd_status(int argc, char **argv);

/* params.c */
int cmd_set(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_run(int argc, char **argv);
int parse_time_ns(const char *s, uint64_t *ns);
int parse_tid(const char *s, int *tid);

/* main.c: matches "--name VALUE" or "--name=VALUE" at argv[*i]; sets *val and
 * advances *i past a separate value. Returns 1 on a match, 0 if argv[*i] is another
 * word, -1 when the value is missing (an error line is printed). */
int match_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* Consumes the options every command accepts (--json, --verbose); true if it did. */
bool common_opt(const char *arg);

/* json.c: a minimal writer of one JSON object to stdout. */
struct json {
	FILE *f;
	int depth;
	bool need_comma[16];
};
void json_begin(struct json *j);
void json_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);

#endif /* RTSCHED_CLI_H */
