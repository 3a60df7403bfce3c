// SPDX-License-Identifier: GPL-2.0
/* Sleeps SECONDS as a SCHED_FIFO thread of priority PRIO: a target TID for tests. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sched_param sp;

	if (argc != 3) {
		fprintf(stderr, "usage: rt_sleep PRIO SECONDS\n");
		return 2;
	}
	sp.sched_priority = atoi(argv[1]);
	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		perror("rt_sleep: SCHED_FIFO");
		return 1;
	}
	sleep(atoi(argv[2]));
	return 0;
}
