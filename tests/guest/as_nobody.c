// SPDX-License-Identifier: GPL-2.0
/*
 * as_nobody [--rtprio N] COMMAND [ARG...]
 * Runs a command as user and group nobody (65534), without capabilities.
 * --rtprio N: with RLIMIT_RTPRIO N, so that it may make its own threads
 * SCHED_FIFO up to priority N, as sched_setscheduler(2) allows a user.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int first = 1;

	if (argc > 2 && !strcmp(argv[1], "--rtprio")) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = strtoul(argv[2], NULL, 10);
		if (setrlimit(RLIMIT_RTPRIO, &rl)) {
			perror("as_nobody: RLIMIT_RTPRIO");
			return 125;
		}
		first = 3;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: as_nobody [--rtprio N] COMMAND [ARG...]\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		perror("as_nobody: drop to nobody");
		return 125;
	}
	execvp(argv[first], argv + first);
	perror("as_nobody: exec");
	return 127;
}
