// SPDX-License-Identifier: GPL-2.0
/*
 * drop_cap CAP... -- COMMAND [ARG...]
 * Runs a command as root without the named capabilities (bpf, perfmon,
 * sys_admin, sys_nice): they leave the bounding set, so the command's exec
 * cannot regain them. Shows which capability an operation needs.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const struct {
	const char *name;
	int cap;
} caps[] = {
	{ "bpf", CAP_BPF },
	{ "perfmon", CAP_PERFMON },
	{ "sys_admin", CAP_SYS_ADMIN },
	{ "sys_nice", CAP_SYS_NICE },
};

static int cap_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (!strcmp(caps[i].name, name))
			return caps[i].cap;
	return -1;
}

int main(int argc, char **argv)
{
	int i, cap;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		cap = cap_by_name(argv[i]);
		if (cap < 0) {
			fprintf(stderr, "drop_cap: unknown capability '%s'\n", argv[i]);
			return 2;
		}
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)) {
			perror("drop_cap: PR_CAPBSET_DROP");
			return 125;
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: drop_cap CAP... -- COMMAND [ARG...]\n");
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror("drop_cap: exec");
	return 127;
}
