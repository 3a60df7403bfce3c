// SPDX-License-Identifier: GPL-2.0
/* Runs a command as user and group nobody (65534), without capabilities. */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: as_nobody COMMAND [ARG...]\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		perror("as_nobody: drop to nobody");
		return 125;
	}
	execvp(argv[1], argv + 1);
	perror("as_nobody: exec");
	return 127;
}
