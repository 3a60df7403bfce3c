// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The command line, as bpftool reads it: global options up to the command's name, then
 * each command's own options, getopt_long both. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct options opts;

static const char usage[] =
	"usage: rtsched [--json] [--verbose] COMMAND [ARGS]\n"
	"\n"
	"Policies (BPF_PROG_TYPE_SCHED objects with one SEC(\"sched\") program):\n"
	"  attach POLICY.bpf.o [--param KEY=VALUE]... [--scope registered|all]\n"
	"         [--watchdog MS] [--foreground] [--legacy]\n"
	"      load the policy, set its read-only parameters (const volatile globals)\n"
	"      by name, attach it through a bpf_link pinned at " PIN_LINK ".\n"
	"      --scope: the tasks it orders within their priority level: the threads\n"
	"      given parameters (registered, the default; rtsched set) or every\n"
	"      user-space RT task (all). Kernel threads never.\n"
	"      --watchdog MS: the kernel detaches a policy that keeps a task of its\n"
	"      scope waiting behind tasks stock rt.c would have run after it for MS\n"
	"      milliseconds (10 to 10000; default 1000; kernel.sched_bpf_watchdog_ms).\n"
	"      --foreground: do not pin; hold the link until SIGINT/SIGTERM.\n"
	"      --legacy: attach with bpf_prog_attach(fd, 0, BPF_SCHED, 0) and pin the\n"
	"      program at " PIN_LEGACY ".\n"
	"  verify POLICY.bpf.o [--param KEY=VALUE]...\n"
	"      load the policy and attach nothing: does the verifier accept it?\n"
	"  swap POLICY.bpf.o [--param KEY=VALUE]...\n"
	"      replace the pinned policy atomically (bpf_link_update).\n"
	"  detach [--force]\n"
	"      detach the attached policy (pinned link or legacy attachment).\n"
	"      --force: have the kernel detach it however it was attached, also when\n"
	"      its loader still runs (kernel.sched_bpf_force_detach).\n"
	"  status [--enable-stats]\n"
	"      the attached policy, its run count and time (needs\n"
	"      kernel.bpf_stats_enabled=1, which --enable-stats sets), the watchdog\n"
	"      bound, why the last policy stopped, and the per-CPU counters of\n"
	"      " PROC_SCHED_BPF ".\n"
	"\n"
	"Per-thread parameters (SCHED_FIFO/SCHED_RR threads; T in ns, or with a suffix\n"
	"ns, us, ms or s):\n"
	"  set TID [--runtime T] [--deadline T] [--period T]\n"
	"      options not given keep the thread's current value.\n"
	"  get TID\n"
	"  clear TID\n"
	"  run [--fifo PRIO | --rr PRIO] [--runtime T] [--deadline T] [--period T]\n"
	"      [--map-deadline] -- CMD [ARG]...\n"
	"      run CMD as a SCHED_FIFO/SCHED_RR process with these parameters, which\n"
	"      every thread and process it creates inherits (SCHED_FLAG_BPF_INHERIT):\n"
	"      the whole application in the policy's scope from its first instruction.\n"
	"      --map-deadline: a thread of CMD that asks for SCHED_DEADLINE becomes\n"
	"      this class and priority instead, with the runtime, deadline and period\n"
	"      it asked for as its parameters (dynamically linked CMD: the library\n"
	"      ../lib/librtsched-map.so from rtsched, or $RTSCHED_MAP_LIB, preloaded).\n"
	"      Exit status: CMD's, or 127 when it cannot be run.\n"
	"\n"
	"Options (before the command or among its own):\n"
	"  --json      status and get print one JSON object\n"
	"  --verbose   show libbpf's debug messages too (its warnings show always)\n"
	"  --help      this text\n"
	"\n"
	"Exit codes: 0 success, 1 other error, 2 usage or bad parameter, 3 missing or\n"
	"corrupt policy object, 4 verifier rejection (its log precedes the error line),\n"
	"5 kernel without the bpf-rtsched series, 6 insufficient privilege (loading needs\n"
	"CAP_BPF, attaching and setting parameters CAP_SYS_NICE), 7 no such thread,\n"
	"8 another policy is attached.\n";

static _Noreturn void help(void)
{
	fputs(usage, stdout);
	exit(0);
}

/* The option getopt_long just refused, as it was written. */
static const char *refused(char **argv)
{
	static char letter[3] = "-";

	/* A long option's word is behind optind already; of a short one in a group
	 * ("-vx") only the letter is known. */
	if (optopt > 0 && optopt < OPT_JSON) {
		letter[1] = (char)optopt;
		return letter;
	}
	return argv[optind - 1];
}

/* The options every command accepts: true if c was one. */
static bool common_option(int c)
{
	switch (c) {
	case OPT_JSON:
		opts.json = true;
		return true;
	case 'v':
	case OPT_VERBOSE:
		opts.verbose = true;
		return true;
	case 'h':
	case OPT_HELP:
		help();
	}
	return false;
}

static const struct option global_options[] = { COMMON_OPTIONS };

int parse_global_options(int argc, char **argv)
{
	int c;

	/* "+": the options end at the command's name; what follows is the command's. The
	 * leading ':' of an optstring keeps getopt_long's own messages (named after
	 * argv[0], a path) off stderr: the refusals below say it in rtsched's words. */
	while ((c = getopt_long(argc, argv, "+:vh", global_options, NULL)) != -1) {
		if (!common_option(c))
			return -fail(EXIT_USAGE, "unknown option %s (see rtsched --help)",
				     refused(argv));
	}
	if (optind >= argc)
		return -fail(EXIT_USAGE, "no command given (see rtsched --help)");
	if (!strcmp(argv[optind], "help"))
		help();
	c = optind;
	/* The command's getopt_long starts over at its own argv[1]: at optind 0 glibc
	 * also forgets the "+" and permutes again, options and words in any order. */
	optind = 0;
	return c;
}

int cmd_getopt(int argc, char **argv, const struct option *longopts, const char *hint)
{
	const struct option *o;
	int c;

	do
		c = getopt_long(argc, argv, ":vh", longopts, NULL);
	while (common_option(c));
	if (c == ':') {
		/* only long options take a value */
		for (o = longopts; o->name && o->val != optopt; o++)
			;
		fail(EXIT_USAGE, "--%s needs a value", o->name);
		return '?';
	}
	if (c == '?')
		fail(EXIT_USAGE, "%s: unexpected '%s' (%s)", argv[0], refused(argv), hint);
	return c;
}
