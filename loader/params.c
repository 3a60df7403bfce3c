// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* set, get, clear, run: per-thread runtime/deadline/period through librtsched. */
#define _GNU_SOURCE
#include "cli.h"
#include "rtsched.h"

#include <errno.h>
#include <inttypes.h>
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

/* --runtime/--deadline/--period at argv[*i]: 1 matched, 0 not, < 0 exit code */
static int time_opt(int argc, char **argv, int *i, uint64_t t[3], bool given[3])
{
	static const char *const names[3] = { "--runtime", "--deadline", "--period" };
	const char *val;
	int k, m, rc;

	for (k = 0; k < 3; k++) {
		m = match_opt(argc, argv, i, names[k], &val);
		if (m < 0)
			return -EXIT_USAGE;
		if (!m)
			continue;
		if ((rc = parse_time_ns(val, &t[k])) != 0)
			return -rc;
		given[k] = true;
		return 1;
	}
	return 0;
}

int cmd_set(int argc, char **argv)
{
	struct rtsched_params cur;
	uint64_t t[3] = { 0, 0, 0 };
	bool given[3] = { false, false, false };
	const char *tid_s = NULL;
	int i, m, tid, rc;

	for (i = 1; i < argc; i++) {
		m = time_opt(argc, argv, &i, t, given);
		if (m < 0)
			return -m;
		if (m || common_opt(argv[i]))
			continue;
		if (argv[i][0] == '-' || tid_s)
			return fail(EXIT_USAGE, "set: unexpected '%s' (usage: rtsched set TID "
				    "[--runtime T] [--deadline T] [--period T])", argv[i]);
		tid_s = argv[i];
	}
	if (!tid_s)
		return fail(EXIT_USAGE, "set needs a TID (usage: rtsched set TID [--runtime T] "
			    "[--deadline T] [--period T])");
	if ((rc = parse_tid(tid_s, &tid)) != 0)
		return rc;
	if (!given[0] && !given[1] && !given[2])
		return fail(EXIT_USAGE, "set needs at least one of --runtime, --deadline, "
			    "--period (rtsched clear TID clears them)");
	if ((rc = lookup(tid, &cur)) != 0)
		return rc;
	return apply(tid, &cur, given[0] ? t[0] : cur.runtime_ns,
		     given[1] ? t[1] : cur.deadline_ns, given[2] ? t[2] : cur.period_ns);
}

static int tid_only(int argc, char **argv, int *tid)
{
	const char *tid_s = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (common_opt(argv[i]))
			continue;
		if (argv[i][0] == '-' || tid_s)
			return fail(EXIT_USAGE, "%s: unexpected '%s' (usage: rtsched %s TID)",
				    argv[0], argv[i], argv[0]);
		tid_s = argv[i];
	}
	if (!tid_s)
		return fail(EXIT_USAGE, "%s needs a TID (usage: rtsched %s TID)", argv[0],
			    argv[0]);
	return parse_tid(tid_s, tid);
}

int cmd_clear(int argc, char **argv)
{
	struct rtsched_params cur;
	int tid, rc;

	if ((rc = tid_only(argc, argv, &tid)) != 0 || (rc = lookup(tid, &cur)) != 0)
		return rc;
	return apply(tid, &cur, 0, 0, 0);
}

int cmd_get(int argc, char **argv)
{
	struct rtsched_params cur;
	struct json j;
	bool has;
	int tid, rc;

	if ((rc = tid_only(argc, argv, &tid)) != 0 || (rc = lookup(tid, &cur)) != 0)
		return rc;
	has = cur.flags & RTSCHED_HAS_PARAMS;
	if (opts.json) {
		json_begin(&j);
		json_u64(&j, "tid", (uint64_t)tid);
		json_str(&j, "policy", policy_name(cur.policy));
		json_bool(&j, "has_params", has);
		json_bool(&j, "inherit", cur.flags & RTSCHED_INHERIT);
		json_u64(&j, "runtime_ns", cur.runtime_ns);
		json_u64(&j, "deadline_ns", cur.deadline_ns);
		json_u64(&j, "period_ns", cur.period_ns);
		json_end(&j);
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

#define RUN_USAGE "(usage: rtsched run [--fifo PRIO | --rr PRIO] [--runtime T] " \
	"[--deadline T] [--period T] -- CMD [ARG]...)"

/*
 * run: become a SCHED_FIFO/SCHED_RR process with parameters that every thread
 * and process created from now on inherits, then execute CMD: the whole
 * application is in the scope of the policy, with no job of it running
 * before its parameters are in place.
 */
int cmd_run(int argc, char **argv)
{
	uint64_t t[3] = { 0, 0, 0 };
	bool given[3] = { false, false, false };
	struct sched_param sp = { 0 };
	int i, m, rc, policy = -1, cmd = 0;
	const char *val;
	char *end;
	long prio;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			cmd = i + 1;
			break;
		}
		m = time_opt(argc, argv, &i, t, given);
		if (m < 0)
			return -m;
		if (m || common_opt(argv[i]))
			continue;
		if ((m = match_opt(argc, argv, &i, "--fifo", &val)) != 0)
			policy = SCHED_FIFO;
		else if ((m = match_opt(argc, argv, &i, "--rr", &val)) != 0)
			policy = SCHED_RR;
		else
			return fail(EXIT_USAGE, "run: unexpected '%s' " RUN_USAGE, argv[i]);
		if (m < 0)
			return EXIT_USAGE;
		errno = 0;
		prio = strtol(val, &end, 10);
		if (!*val || *end || errno || prio < 1 || prio > 99)
			return fail(EXIT_USAGE, "run: priority must be 1 to 99, not '%s'", val);
		sp.sched_priority = (int)prio;
	}
	if (!cmd || cmd >= argc)
		return fail(EXIT_USAGE, "run needs a command after '--' " RUN_USAGE);
	if (!given[0] && !given[1] && !given[2])
		return fail(EXIT_USAGE, "run needs at least one of --runtime, --deadline, "
			    "--period " RUN_USAGE);
	if ((rc = check_kernel()) != 0)
		return rc;
	if (policy >= 0 && sched_setscheduler(0, policy, &sp) != 0)
		return fail_errno(-errno, "cannot make this process %s %d",
				  policy_name((uint32_t)policy), sp.sched_priority);
	policy = sched_getscheduler(0);
	if (policy != SCHED_FIFO && policy != SCHED_RR)
		return fail(EXIT_USAGE, "run: this process is %s: give --fifo PRIO or --rr PRIO",
			    policy_name((uint32_t)policy));
	rc = rtsched_set_params_inherit(0, t[0], t[1], t[2]);
	if (rc)
		return fail_errno(rc, "cannot set the parameters to inherit");
	execvp(argv[cmd], argv + cmd);
	fail(EXIT_OTHER, "cannot run '%s': %s", argv[cmd], strerror(errno));
	return 127;
}
