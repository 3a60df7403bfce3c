// SPDX-License-Identifier: GPL-2.0
/*
 * swap_storm SECONDS INTERVAL_MS POLICY.bpf.o...
 * Attaches the first policy through a bpf_link, then every INTERVAL_MS swaps
 * to the next one (bpf_link_update), round robin, for SECONDS; detaches.
 * The objects are loaded once, so the interval is the swap rate, not the
 * verifier's speed. Prints "# swaps N failed F in S s, max_update_us X"; exits 0 when
 * it made swaps and none failed.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_POLICIES 8

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct bpf_program *load(const char *path, struct bpf_object **obj)
{
	struct bpf_program *prog;

	*obj = bpf_object__open_file(path, NULL);
	if (!*obj || bpf_object__load(*obj)) {
		fprintf(stderr, "swap_storm: cannot load %s: %s\n", path, strerror(errno));
		return NULL;
	}
	prog = bpf_object__next_program(*obj, NULL);
	if (!prog)
		fprintf(stderr, "swap_storm: %s has no program\n", path);
	return prog;
}

int main(int argc, char **argv)
{
	struct bpf_object *objs[MAX_POLICIES] = {};
	struct bpf_program *progs[MAX_POLICIES];
	int n = argc - 3, swaps = 0, failed = 0, rc = 1, i;
	double seconds, interval, start, end, t, max_update = 0;
	struct timespec pause;
	struct bpf_link *link;

	if (argc < 4 || n > MAX_POLICIES) {
		fprintf(stderr, "usage: swap_storm SECONDS INTERVAL_MS POLICY.bpf.o...\n");
		return 2;
	}
	seconds = atof(argv[1]);
	interval = atof(argv[2]) / 1e3;
	pause.tv_sec = (time_t)interval;
	pause.tv_nsec = (long)((interval - (double)pause.tv_sec) * 1e9);
	for (i = 0; i < n; i++)
		if (!(progs[i] = load(argv[3 + i], &objs[i])))
			goto out;

	link = bpf_program__attach_sched(progs[0]);
	if (!link) {
		fprintf(stderr, "swap_storm: attach %s: %s\n", argv[3], strerror(errno));
		goto out;
	}
	start = now_s();
	end = start + seconds;
	for (i = 1; now_s() < end; i++) {
		nanosleep(&pause, NULL);
		t = now_s();
		if (bpf_link__update_program(link, progs[i % n])) {
			if (!failed++)
				fprintf(stderr, "swap_storm: swap %d: %s\n", i, strerror(errno));
			continue;
		}
		t = now_s() - t;
		if (t > max_update)
			max_update = t;
		swaps++;
	}
	if (bpf_link__destroy(link))
		failed++;
	printf("# swaps %d failed %d in %.1f s, max_update_us %.0f\n", swaps, failed,
	       now_s() - start, max_update * 1e6);
	rc = swaps == 0 || failed;
out:
	for (i = 0; i < n; i++)
		bpf_object__close(objs[i]);
	return rc;
}
