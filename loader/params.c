// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* set, get, clear, run: per-thread runtime/deadline/period through librtsched. */
#define _GNU_SOURCE
#include "cli.h"
#include "rtsched.h"
#include "state.h"

#include <errno.h>
#include <inttypes.h>
#include <json_writer.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int parse_tid(const char *s, int *tid)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v <= 0 || v > INT32_MAX)
		return fail(EXIT_USAGE, "TID must be a positive thread id, not '%s'", s);
	*tid = (int)v;
	return 0;
}

int parse_time_ns(const char *s, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = { { "", 1 }, { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		      { "s", 1000000000 } };
	unsigned long long v;
	char *end;
	size_t u;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		if (strcmp(end, units[u].suffix))
			continue;
		if (v > (uint64_t)INT64_MAX / units[u].mult)
			goto bad;
		*ns = v * units[u].mult;
		return 0;
	}
bad:
	return fail(EXIT_USAGE, "bad time '%s': an integer with an optional suffix ns, us, "
		    "ms or s, at most %" PRId64 " ns", s, INT64_MAX);
}

static const char *policy_name(uint32_t policy)
{
	switch (policy) {
	case SCHED_OTHER: return "SCHED_OTHER";
	case SCHED_FIFO: return "SCHED_FIFO";
	case SCHED_RR: return "SCHED_RR";
	case SCHED_BATCH: return "SCHED_BATCH";
	case SCHED_IDLE: return "SCHED_IDLE";
	case 6: return "SCHED_DEADLINE";
	case 7: return "SCHED_EXT";
	default: return "unknown";
	}
}

/* The thread must exist (7 on any kernel), then the kernel must have the series. */
static int lookup(int tid, struct rtsched_params *cur)
{
	int err = rtsched_get_params(tid, cur);

	if (err == -ESRCH)
		return fail(EXIT_NOTID, "no thread with id %d", tid);
	if (err)
		return fail_errno(err, "cannot read the parameters of thread %d", tid);
	return check_kernel();
}

static int apply(int tid, const struct rtsched_params *cur, uint64_t runtime,
		 uint64_t deadline, uint64_t period)
{
	int err;

	if (cur->policy != SCHED_FIFO && cur->policy != SCHED_RR)
		return fail(EXIT_OTHER, "thread %d is %s: parameters apply to SCHED_FIFO and "
			    "SCHED_RR threads only", tid, policy_name(cur->policy));
	err = rtsched_set_params(tid, runtime, deadline, period);
	if (err == -ESRCH)
		return fail(EXIT_NOTID, "no thread with id %d", tid);
	if (err)
		return fail_errno(err, "cannot set the parameters of thread %d", tid);
	return 0;
}

enum {
	OPT_RUNTIME = OPT_COMMAND, /* these three in the order of t[] and given[] */
	OPT_DEADLINE,
	OPT_PERIOD,
	OPT_FIFO,
	OPT_RR,
	OPT_MAP_DEADLINE,
};

/* The options set and run share, read by time_opt() */
#define TIME_OPTIONS                                            \
	{ "runtime", required_argument, NULL, OPT_RUNTIME },    \
	{ "deadline", required_argument, NULL, OPT_DEADLINE },  \
	{ "period", required_argument, NULL, OPT_PERIOD }

/* The value of --runtime, --deadline or --period (c) into its place in t[]. */
static int time_opt(int c, uint64_t t[3], bool given[3])
{
	given[c - OPT_RUNTIME] = true;
	return parse_time_ns(optarg, &t[c - OPT_RUNTIME]);
}

#define SET_USAGE "usage: rtsched set TID [--runtime T] [--deadline T] [--period T]"

/* The TID that is a command's one word besides its options: 0, or an exit code. */
static int tid_arg(int argc, char **argv, int *tid, const char *hint)
{
	if (optind >= argc)
		return fail(EXIT_USAGE, "%s needs a TID (%s)", argv[0], hint);
	if (optind + 1 < argc)
		return fail(EXIT_USAGE, "%s: unexpected '%s' (%s)", argv[0], argv[optind + 1],
			    hint);
	return parse_tid(argv[optind], tid);
}

int cmd_set(int argc, char **argv)
{
	static const struct option options[] = {
		TIME_OPTIONS,
		COMMON_OPTIONS
	};
	struct rtsched_params cur;
	uint64_t t[3] = { 0, 0, 0 };
	bool given[3] = { false, false, false };
	int c, tid, rc;

	while ((c = cmd_getopt(argc, argv, options, SET_USAGE)) != -1) {
		switch (c) {
		case OPT_RUNTIME:
		case OPT_DEADLINE:
		case OPT_PERIOD:
			if ((rc = time_opt(c, t, given)) != 0)
				return rc;
			break;
		default: /* cmd_getopt() said why */
			return EXIT_USAGE;
		}
	}
	if ((rc = tid_arg(argc, argv, &tid, SET_USAGE)) != 0)
		return rc;
	if (!given[0] && !given[1] && !given[2])
		return fail(EXIT_USAGE, "set needs at least one of --runtime, --deadline, "
			    "--period (rtsched clear TID clears them)");
	if ((rc = lookup(tid, &cur)) != 0)
		return rc;
	return apply(tid, &cur, given[0] ? t[0] : cur.runtime_ns,
		     given[1] ? t[1] : cur.deadline_ns, given[2] ? t[2] : cur.period_ns);
}

/* get and clear: a TID, no options of their own */
static int tid_only(int argc, char **argv, int *tid, const char *hint)
{
	static const struct option options[] = { COMMON_OPTIONS };

	if (cmd_getopt(argc, argv, options, hint) != -1)
		return EXIT_USAGE; /* cmd_getopt() said why */
	return tid_arg(argc, argv, tid, hint);
}

int cmd_clear(int argc, char **argv)
{
	struct rtsched_params cur;
	int tid, rc;

	if ((rc = tid_only(argc, argv, &tid, "usage: rtsched clear TID")) != 0 ||
	    (rc = lookup(tid, &cur)) != 0)
		return rc;
	return apply(tid, &cur, 0, 0, 0);
}

int cmd_get(int argc, char **argv)
{
	struct rtsched_params cur;
	json_writer_t *jw;
	bool has;
	int tid, rc;

	if ((rc = tid_only(argc, argv, &tid, "usage: rtsched get TID")) != 0 ||
	    (rc = lookup(tid, &cur)) != 0)
		return rc;
	has = cur.flags & RTSCHED_HAS_PARAMS;
	if (opts.json) {
		jw = jsonw_new(stdout);
		if (!jw)
			return fail(EXIT_OTHER, "out of memory");
		jsonw_start_object(jw);
		jsonw_uint_field(jw, "tid", (uint64_t)tid);
		jsonw_string_field(jw, "policy", policy_name(cur.policy));
		jsonw_bool_field(jw, "has_params", has);
		jsonw_bool_field(jw, "inherit", cur.flags & RTSCHED_INHERIT);
		jsonw_uint_field(jw, "runtime_ns", cur.runtime_ns);
		jsonw_uint_field(jw, "deadline_ns", cur.deadline_ns);
		jsonw_uint_field(jw, "period_ns", cur.period_ns);
		jsonw_end_object(jw);
		/* ends the line, flushes */
		jsonw_destroy(&jw);
	} else if (has) {
		printf("tid %d (%s): runtime %" PRIu64 " ns, deadline %" PRIu64
		       " ns, period %" PRIu64 " ns%s\n", tid, policy_name(cur.policy),
		       cur.runtime_ns, cur.deadline_ns, cur.period_ns,
		       cur.flags & RTSCHED_INHERIT ? ", inherited by new threads" : "");
	} else {
		printf("tid %d (%s): no parameters\n", tid, policy_name(cur.policy));
	}
	return 0;
}

#define RUN_USAGE "usage: rtsched run [--fifo PRIO | --rr PRIO] [--runtime T] " \
	"[--deadline T] [--period T] [--map-deadline] -- CMD [ARG]..."
/* The preload library of --map-deadline, beside rtsched's own folder (bin/../lib) */
#define MAP_LIB "librtsched-map.so"

static int parse_prio(const char *s, struct sched_param *sp)
{
	char *end;
	long prio;

	errno = 0;
	prio = strtol(s, &end, 10);
	if (!*s || *end || errno || prio < 1 || prio > 99)
		return fail(EXIT_USAGE, "run: priority must be 1 to 99, not '%s'", s);
	sp->sched_priority = (int)prio;
	return 0;
}

/*
 * --map-deadline: CMD's requests for SCHED_DEADLINE become this process's class and
 * priority with the request's times as parameters (map_deadline.c), through a
 * library preloaded into CMD: RTSCHED_MAP_LIB, or MAP_LIB in ../lib from rtsched.
 */
static int preload_map_library(int policy, int prio)
{
	char exe[4096], lib[4200], class[32], *preload;
	const char *path = getenv("RTSCHED_MAP_LIB");
	ssize_t n;

	if (!path) {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return fail_errno(-errno, "run: cannot find rtsched's own folder");
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		snprintf(lib, sizeof(lib), "%s/../lib/" MAP_LIB, exe);
		path = lib;
	}
	if (access(path, R_OK) != 0)
		return fail(EXIT_OTHER, "run: --map-deadline needs %s: %s", path, strerror(errno));
	preload = getenv("LD_PRELOAD");
	if (preload && *preload) {
		if (asprintf(&preload, "%s:%s", path, preload) < 0)
			return fail(EXIT_OTHER, "out of memory");
	} else {
		preload = (char *)path;
	}
	snprintf(class, sizeof(class), "%d %d", policy, prio);
	if (setenv("LD_PRELOAD", preload, 1) || setenv("RTSCHED_MAP_DEADLINE", class, 1))
		return fail_errno(-errno, "run: cannot set the environment of --map-deadline");
	return 0;
}

/*
 * run: become a SCHED_FIFO/SCHED_RR process with parameters that every thread
 * and process created from now on inherits, then execute CMD: the whole
 * application is in the scope of the policy, with no job of it running
 * before its parameters are in place. With --map-deadline, each thread that
 * asks for SCHED_DEADLINE gets the times it asked for instead.
 */
int cmd_run(int argc, char **argv)
{
	static const struct option options[] = {
		TIME_OPTIONS,
		{ "fifo", required_argument, NULL, OPT_FIFO },
		{ "rr", required_argument, NULL, OPT_RR },
		{ "map-deadline", no_argument, NULL, OPT_MAP_DEADLINE },
		COMMON_OPTIONS
	};
	uint64_t t[3] = { 0, 0, 0 };
	bool given[3] = { false, false, false };
	struct sched_param sp = { 0 };
	bool map_deadline = false;
	int c, rc, policy = -1, cmd;

	/* From "--" on, CMD's command line: getopt_long reads none of it. */
	for (cmd = 1; cmd < argc && strcmp(argv[cmd], "--"); cmd++)
		;
	while ((c = cmd_getopt(cmd, argv, options, RUN_USAGE)) != -1) {
		switch (c) {
		case OPT_RUNTIME:
		case OPT_DEADLINE:
		case OPT_PERIOD:
			if ((rc = time_opt(c, t, given)) != 0)
				return rc;
			break;
		case OPT_FIFO:
		case OPT_RR:
			policy = c == OPT_FIFO ? SCHED_FIFO : SCHED_RR;
			if ((rc = parse_prio(optarg, &sp)) != 0)
				return rc;
			break;
		case OPT_MAP_DEADLINE:
			map_deadline = true;
			break;
		default: /* cmd_getopt() said why */
			return EXIT_USAGE;
		}
	}
	if (optind < cmd)
		return fail(EXIT_USAGE, "run: unexpected '%s' (" RUN_USAGE ")", argv[optind]);
	if (cmd + 1 >= argc)
		return fail(EXIT_USAGE, "run needs a command after '--' (" RUN_USAGE ")");
	if (!given[0] && !given[1] && !given[2] && !map_deadline)
		return fail(EXIT_USAGE, "run needs at least one of --runtime, --deadline, "
			    "--period, --map-deadline (" RUN_USAGE ")");
	if ((rc = check_kernel()) != 0)
		return rc;
	if (policy >= 0 && sched_setscheduler(0, policy, &sp) != 0)
		return fail_errno(-errno, "cannot make this process %s %d",
				  policy_name((uint32_t)policy), sp.sched_priority);
	policy = sched_getscheduler(0);
	if (policy != SCHED_FIFO && policy != SCHED_RR)
		return fail(EXIT_USAGE, "run: this process is %s: give --fifo PRIO or --rr PRIO",
			    policy_name((uint32_t)policy));
	if (given[0] || given[1] || given[2]) {
		rc = rtsched_set_params_inherit(0, t[0], t[1], t[2]);
		if (rc)
			return fail_errno(rc, "cannot set the parameters to inherit");
	}
	if (map_deadline && sched_getparam(0, &sp) != 0)
		return fail_errno(-errno, "run: cannot read this process's priority");
	if (map_deadline && (rc = preload_map_library(policy, sp.sched_priority)) != 0)
		return rc;
	execvp(argv[cmd + 1], argv + cmd + 1);
	fail(EXIT_OTHER, "cannot run '%s': %s", argv[cmd + 1], strerror(errno));
	return 127;
}
