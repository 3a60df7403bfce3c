// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* rtsched: attach, swap and detach BPF_PROG_TYPE_SCHED policies, show their status,
 * set per-thread parameters. */
#include "cli.h"

#include <bpf/libbpf.h>
#include <stdarg.h>
#include <string.h>

/* libbpf's warnings always: they say why an object is unusable or a load failed, and
 * rtsched's one error line after them sums it up. Its info and debug lines with
 * --verbose, which may come after the command's name: hence the check per line. */
__attribute__((format(printf, 2, 0)))
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN && !opts.verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
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
	int first = parse_global_options(argc, argv);
	size_t c;

	if (first < 0)
		return -first;
	libbpf_set_print(libbpf_print);
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(argv[first], commands[c].name))
			return commands[c].fn(argc - first, argv + first);
	return fail(EXIT_USAGE, "unknown command '%s' (see rtsched --help)", argv[first]);
}
