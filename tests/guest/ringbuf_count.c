// SPDX-License-Identifier: GPL-2.0
/*
 * Counts the records a policy sends to a pinned BPF ring buffer for a while.
 * Usage: ringbuf_count PIN_PATH SECONDS   Prints "records N"; exits 1 when
 * the ring buffer cannot be opened or polled.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>

static unsigned long long records;

static int count(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	records++;
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb;
	time_t end;
	int fd, err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ringbuf_count PIN_PATH SECONDS\n");
		return 2;
	}
	fd = bpf_obj_get(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "ringbuf_count: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	rb = ring_buffer__new(fd, count, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "ringbuf_count: ring_buffer__new: %s\n", strerror(errno));
		return 1;
	}
	end = time(NULL) + atoi(argv[2]);
	while (time(NULL) < end && err >= 0)
		err = ring_buffer__poll(rb, 100);
	/* Records sent with BPF_RB_NO_WAKEUP wait for the next wakeup: take them too. */
	if (err >= 0)
		err = ring_buffer__consume(rb);
	ring_buffer__free(rb);
	printf("records %llu\n", records);
	return err < 0;
}
