// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* rtsched: attach, swap and detach BPF_PROG_TYPE_SCHED policies, show their status,
 * set per-thread parameters. */
#include "cli.h"

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
	"      -- CMD [ARG]...\n"
	"      run CMD as a SCHED_FIFO/SCHED_RR process with these parameters, which\n"
	"      every thread and process it creates inherits (SCHED_FLAG_BPF_INHERIT):\n"
	"      the whole application in the policy's scope from its first instruction.\n"
	"      Exit status: CMD's, or 127 when it cannot be run.\n"
	"\n"
	"Options:\n"
	"  --json      status and get print one JSON object\n"
	"  --verbose   show libbpf's messages\n"
	"  --help      this text\n"
	"\n"
	"Exit codes: 0 success, 1 other error, 2 usage or bad parameter, 3 missing or\n"
	"corrupt policy object, 4 verifier rejection (its log precedes the error line),\n"
	"5 kernel without the bpf-rtsched series, 6 insufficient privilege (loading needs\n"
	"CAP_BPF, attaching and setting parameters CAP_SYS_NICE), 7 no such thread,\n"
	"8 another policy is attached.\n";

int match_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		fail(EXIT_USAGE, "%s needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

bool common_opt(const char *arg)
{
	return !strcmp(arg, "--json") || !strcmp(arg, "--verbose") || !strcmp(arg, "-v");
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "verify", cmd_verify }, { "attach", cmd_attach }, { "swap", cmd_swap },
	{ "detach", cmd_detach },
	{ "status", cmd_status }, { "set", cmd_set },   { "get", cmd_get },
	{ "clear", cmd_clear }, { "run", cmd_run },
};

int main(int argc, char **argv)
{
	int i, first = 0;
	size_t c;

	/* What follows "--" is another program's command line (rtsched run) */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--json")) {
			opts.json = true;
		} else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
			opts.verbose = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!first) {
			if (argv[i][0] == '-')
				return fail(EXIT_USAGE, "unknown option %s (see rtsched --help)",
					    argv[i]);
			first = i;
		}
	}
	if (!first)
		return fail(EXIT_USAGE, "no command given (see rtsched --help)");
	policy_init_libbpf(opts.verbose);
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(argv[first], commands[c].name))
			return commands[c].fn(argc - first, argv + first);
	return fail(EXIT_USAGE, "unknown command '%s' (see rtsched --help)", argv[first]);
}
