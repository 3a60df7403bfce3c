// SPDX-License-Identifier: GPL-2.0
/*
 * taskset [--cpu N|all] [--duration S] [--params] [--deadline-class]
 *         name:C:P[:D[:prio[:offset[:cpu]]]]...
 * Runs periodic SCHED_FIFO threads on one CPU (default the last; "all": every CPU, for
 * global scheduling) for S s (default 5). A task's own cpu pins it there instead (a
 * partition). Times in ms, decimals allowed: C execution (thread CPU time), P period,
 * D deadline (default P), offset of the first release; prio 1..98, default
 * rate-monotonic (90, 89..).
 * --params registers C/D/P with rtsched_set_params; --deadline-class uses SCHED_DEADLINE
 * (runtime C+10%, not pinned) instead. One line per task, then a total, on stdout:
 *   task NAME prio P jobs N misses M max_tardiness_us X max_response_us Y avg_response_us Z
 *        p90_response_us Q cpus C started S0,S1,...
 * (p90: the 90th percentile, nearest rank, of its first KEPT_RESPONSES jobs: a stall of the
 * emulator's host moves the maximum, rarely the 90th percentile; cpus: the CPUs its jobs ran on, a hexadecimal mask; started: its jobs that began on
 * each CPU, CPU 0 first)
 *   total jobs N misses M utilization U
 * Lines starting with '#' are notes; prio is 0 under SCHED_DEADLINE.
 * Exit: 0 run completed (misses are results), 1 system error, 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "rtsched.h"

#define MAX_TASKS 64
#define MAX_CPUS 64
#define KEPT_RESPONSES 4096
#define MAX_NS 3600e9 /* one hour: keeps every sum of times far from overflow */
#define NSEC_PER_MS 1000000LL
#define US(ns) ((long long)((ns) + 500) / 1000)
#define START_DELAY_NS (50 * NSEC_PER_MS)
#define RT_RUNTIME_PATH "/proc/sys/kernel/sched_rt_runtime_us"
#define USAGE "usage: taskset [--cpu N|all] [--duration S] [--params] [--deadline-class] " \
	      "name:C:P[:D[:prio[:offset[:cpu]]]]..."
#define ALL_CPUS -2

struct task {
	char name[32];
	int64_t c_ns, p_ns, d_ns, offset_ns;
	int prio;		/* 0 until given or assigned */
	int cpu;		/* its own CPU, or -1: the run's */
	const char *err_what;	/* set by the thread when its setup fails */
	int err;
	long jobs, misses;
	unsigned long cpus;	/* CPUs its jobs ran on */
	long started[MAX_CPUS];	/* jobs that began on each CPU */
	int64_t max_tardiness_ns, max_response_ns, sum_response_ns;
	int64_t responses[KEPT_RESPONSES];
};

static struct {
	int cpu;
	int64_t duration_ns;
	bool params, deadline;
	int ntasks;
	struct task tasks[MAX_TASKS];
	int64_t start_ns;	/* common start, written by main between the barriers */
} cfg = { .cpu = -1, .duration_ns = 5000 * NSEC_PER_MS };

static pthread_barrier_t ready, go;
static char saved_rt_runtime[32]; /* old sched_rt_runtime_us, "" if untouched */

/* Not in glibc 2.36: the kernel's struct sched_attr, under our own name. */
struct dl_attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("taskset: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (" USAGE ")\n", stderr);
	exit(2);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "taskset: %s: %s\n", what, strerror(err));
	exit(1);
}

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(int64_t t_ns)
{
	struct timespec ts = { .tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/*
 * Spins on the thread's own CPU time, so time spent preempted is not execution;
 * notes each CPU it runs on.
 */
static void burn(struct task *t, int64_t ns)
{
	int64_t end = now_ns(CLOCK_THREAD_CPUTIME_ID) + ns;
	int cpu;

	do {
		cpu = sched_getcpu();
		if (cpu >= 0 && cpu < MAX_CPUS)
			t->cpus |= 1UL << cpu;
	} while (now_ns(CLOCK_THREAD_CPUTIME_ID) < end);
}

/* Parses a decimal time in units of unit_ns; strict: it must be positive. */
static bool parse_time(const char *s, double unit_ns, bool strict, int64_t *ns)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end) * unit_ns;
	if (errno || end == s || *end || !(v >= 0) || v > MAX_NS)
		return false;
	*ns = (int64_t)(v + 0.5);
	return *ns > 0 || !strict;
}

static void parse_task(char *spec)
{
	char *field[7], *rest = spec, *prio_end, *cpu_end;
	struct task *t = &cfg.tasks[cfg.ntasks];
	size_t name_len = strcspn(spec, ":");
	int n = 0, colons = 0;

	if (cfg.ntasks == MAX_TASKS)
		usage_error("more than %d tasks", MAX_TASKS);
	for (const char *p = spec; *p; p++)
		colons += *p == ':';
	/* The name is a word of the output lines. */
	if (colons < 2 || colons > 6 || !name_len || name_len >= sizeof(t->name) ||
	    strcspn(spec, " \t\n") < name_len)
		usage_error("bad task '%s': want name:C:P[:D[:prio[:offset[:cpu]]]]", spec);
	while (rest)
		field[n++] = strsep(&rest, ":");
	strcpy(t->name, field[0]);
	if (!parse_time(field[1], NSEC_PER_MS, true, &t->c_ns) ||
	    !parse_time(field[2], NSEC_PER_MS, true, &t->p_ns))
		usage_error("task %s: C and P must be positive milliseconds", t->name);
	t->d_ns = t->p_ns;
	if (n > 3 && *field[3] && !parse_time(field[3], NSEC_PER_MS, true, &t->d_ns))
		usage_error("task %s: D must be positive milliseconds", t->name);
	if (cfg.deadline && t->d_ns > t->p_ns) /* getopt has seen every option by now */
		usage_error("task %s: --deadline-class needs D <= P", t->name);
	if (n > 4 && *field[4]) {
		t->prio = (int)strtol(field[4], &prio_end, 10);
		if (*prio_end || t->prio < 1 || t->prio > 98)
			usage_error("task %s: prio must be 1..98", t->name);
	}
	if (n > 5 && *field[5] && !parse_time(field[5], NSEC_PER_MS, false, &t->offset_ns))
		usage_error("task %s: offset must be non-negative milliseconds", t->name);
	t->cpu = -1;
	if (n > 6) {
		t->cpu = (int)strtol(field[6], &cpu_end, 10);
		if (*cpu_end || cpu_end == field[6] || t->cpu < 0 ||
		    t->cpu >= sysconf(_SC_NPROCESSORS_CONF))
			usage_error("task %s: cpu must be 0..%ld", t->name,
				    sysconf(_SC_NPROCESSORS_CONF) - 1);
		if (cfg.deadline)
			usage_error("task %s: --deadline-class tasks are not pinned", t->name);
	}
	cfg.ntasks++;
}

/* Rate-monotonic default: rank by period, ties by order given. */
static void assign_priorities(void)
{
	for (int i = 0; i < cfg.ntasks; i++) {
		int rank = 0;

		for (int j = 0; j < cfg.ntasks; j++)
			if (cfg.tasks[j].p_ns < cfg.tasks[i].p_ns ||
			    (cfg.tasks[j].p_ns == cfg.tasks[i].p_ns && j < i))
				rank++;
		if (!cfg.tasks[i].prio)
			cfg.tasks[i].prio = 90 - rank;
	}
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "params", no_argument, NULL, 'p' },
		{ "deadline-class", no_argument, NULL, 'D' },
		{ 0 }
	};
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	char *end;
	int opt;

	opterr = 0; /* our own one-line messages */
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'c' && !strcmp(optarg, "all")) {
			cfg.cpu = ALL_CPUS;
		} else if (opt == 'c') {
			cfg.cpu = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || cfg.cpu < 0 || cfg.cpu >= ncpus)
				usage_error("--cpu must be 0..%ld or all", ncpus - 1);
		} else if (opt == 'd') {
			if (!parse_time(optarg, 1e9, true, &cfg.duration_ns))
				usage_error("--duration must be positive seconds, at most 3600");
		} else if (opt == 'p') {
			cfg.params = true;
		} else if (opt == 'D') {
			cfg.deadline = true;
		} else {
			usage_error("bad option '%s'", argv[optind - 1]);
		}
	}
	if (cfg.params && cfg.deadline)
		usage_error("--params needs SCHED_FIFO threads, not --deadline-class");
	for (; optind < argc; optind++)
		parse_task(argv[optind]);
	if (!cfg.ntasks)
		usage_error("no task");
	if (cfg.cpu == -1)
		cfg.cpu = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
	if (!cfg.deadline)
		assign_priorities();
}

/* Async-signal-safe (open/write only): also used from the signal handler. */
static int write_rt_runtime(const char *value)
{
	int fd = open(RT_RUNTIME_PATH, O_WRONLY), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

static void restore_rt_runtime(void)
{
	if (saved_rt_runtime[0])
		write_rt_runtime(saved_rt_runtime);
}

static void on_signal(int sig)
{
	restore_rt_runtime();
	_exit(128 + sig);
}

/* RT throttling (95% by default) would cut a high-utilisation set short. */
static void disable_rt_throttling(void)
{
	FILE *f = fopen(RT_RUNTIME_PATH, "r");
	int err = EIO; /* for an unreadable value */

	if (!f)
		return; /* no RT throttling in this kernel */
	if (!fgets(saved_rt_runtime, sizeof(saved_rt_runtime), f))
		saved_rt_runtime[0] = '\0';
	fclose(f);
	if (!saved_rt_runtime[0] || (err = write_rt_runtime("-1\n"))) {
		fprintf(stderr, "taskset: warning: cannot disable RT throttling: %s\n",
			strerror(err));
		return;
	}
	atexit(restore_rt_runtime);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

/* The kernel needs runtime <= deadline <= period; 10% margin over C. */
static int set_deadline_class(const struct task *t)
{
	int64_t runtime = t->c_ns + t->c_ns / 10;
	struct dl_attr a = {
		.size = sizeof(a), .policy = SCHED_DEADLINE,
		.runtime = (uint64_t)(runtime < t->d_ns ? runtime : t->d_ns),
		.deadline = (uint64_t)t->d_ns, .period = (uint64_t)t->p_ns,
	};

	return syscall(SYS_sched_setattr, 0, &a, 0) ? errno : 0;
}

/* Puts the calling thread in its class; returns 0 or an errno, with t->err_what. */
static int setup_task_thread(struct task *t)
{
	struct sched_param sp = { .sched_priority = t->prio };
	int cpu = t->cpu >= 0 ? t->cpu : cfg.cpu;
	cpu_set_t set;
	int err;

	if (cfg.deadline) {
		t->err_what = "cannot set SCHED_DEADLINE";
		return set_deadline_class(t);
	}
	CPU_ZERO(&set);
	if (cpu == ALL_CPUS) /* offline ones too: they may come back during the run */
		for (long i = 0; i < sysconf(_SC_NPROCESSORS_CONF); i++)
			CPU_SET(i, &set);
	else
		CPU_SET(cpu, &set);
	t->err_what = "cannot pin a task thread";
	if ((err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set)))
		return err;
	t->err_what = "cannot set SCHED_FIFO";
	if ((err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp)))
		return err;
	if (!cfg.params)
		return 0;
	t->err_what = "cannot set parameters";
	return -rtsched_set_params(0, (uint64_t)t->c_ns, (uint64_t)t->d_ns, (uint64_t)t->p_ns);
}

static void record_job(struct task *t, int64_t release, int64_t finish)
{
	int64_t response = finish - release, tardiness = finish - (release + t->d_ns);

	if (t->jobs < KEPT_RESPONSES)
		t->responses[t->jobs] = response;
	t->jobs++;
	t->sum_response_ns += response;
	if (response > t->max_response_ns)
		t->max_response_ns = response;
	if (tardiness > 0) {
		t->misses++;
		if (tardiness > t->max_tardiness_ns)
			t->max_tardiness_ns = tardiness;
	}
}

static void *task_thread(void *arg)
{
	struct task *t = arg;
	int64_t release, end;
	int cpu;

	t->err = setup_task_thread(t);
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&go); /* main exits instead when a setup failed */
	end = cfg.start_ns + cfg.duration_ns;
	/* A late job's successor is released in the past: it starts at once. */
	for (release = cfg.start_ns + t->offset_ns; release < end; release += t->p_ns) {
		sleep_until(release);
		cpu = sched_getcpu();
		if (cpu >= 0 && cpu < MAX_CPUS)
			t->started[cpu]++;
		burn(t, t->c_ns);
		record_job(t, release, now_ns(CLOCK_MONOTONIC));
	}
	return NULL;
}

/* Main at priority 99 away from the tasks' CPU, so creating them does not perturb them. */
static void setup_main_thread(void)
{
	struct sched_param sp = { .sched_priority = 99 };
	cpu_set_t set;
	int err;

	if ((err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp)))
		die("cannot set SCHED_FIFO 99", err);
	if (cfg.deadline) /* threads inherit the mask; SCHED_DEADLINE needs the full one */
		return;
	CPU_ZERO(&set);
	CPU_SET(cfg.cpu == 0 && sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0, &set);
	if ((err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set)))
		die("cannot pin the main thread", err);
}

static void run_tasks(void)
{
	pthread_t threads[MAX_TASKS];
	int err;

	pthread_barrier_init(&ready, NULL, cfg.ntasks + 1);
	pthread_barrier_init(&go, NULL, cfg.ntasks + 1);
	for (int i = 0; i < cfg.ntasks; i++)
		if ((err = pthread_create(&threads[i], NULL, task_thread, &cfg.tasks[i])))
			die("cannot create a task thread", err);
	pthread_barrier_wait(&ready);
	for (int i = 0; i < cfg.ntasks; i++)
		if (cfg.tasks[i].err)
			die(cfg.tasks[i].err_what, cfg.tasks[i].err);
	cfg.start_ns = now_ns(CLOCK_MONOTONIC) + START_DELAY_NS;
	pthread_barrier_wait(&go);
	for (int i = 0; i < cfg.ntasks; i++)
		pthread_join(threads[i], NULL);
}

static int cmp_ns(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest response with at least 90% of the kept ones at or below */
static int64_t p90_response_ns(struct task *t)
{
	long n = t->jobs < KEPT_RESPONSES ? t->jobs : KEPT_RESPONSES;

	if (!n)
		return 0;
	qsort(t->responses, (size_t)n, sizeof(t->responses[0]), cmp_ns);
	return t->responses[(9 * n + 9) / 10 - 1];
}

static void report(void)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF), jobs = 0, misses = 0;
	double utilization = 0;

	if (cfg.deadline)
		printf("# SCHED_DEADLINE: not pinned\n");
	for (int i = 0; i < cfg.ntasks; i++) {
		struct task *t = &cfg.tasks[i];

		printf("task %s prio %d jobs %ld misses %ld max_tardiness_us %lld "
		       "max_response_us %lld avg_response_us %lld p90_response_us %lld "
		       "cpus 0x%lx started ",
		       t->name, cfg.deadline ? 0 : t->prio, t->jobs, t->misses,
		       US(t->max_tardiness_ns), US(t->max_response_ns),
		       t->jobs ? US(t->sum_response_ns / t->jobs) : 0,
		       US(p90_response_ns(t)), t->cpus);
		for (int c = 0; c < ncpus && c < MAX_CPUS; c++)
			printf("%s%ld", c ? "," : "", t->started[c]);
		putchar('\n');
		jobs += t->jobs;
		misses += t->misses;
		utilization += (double)t->c_ns / (double)t->p_ns;
	}
	printf("total jobs %ld misses %ld utilization %.3f\n", jobs, misses, utilization);
}

int main(int argc, char **argv)
{
	parse_args(argc, argv);
	setup_main_thread();
	/* -1 would also switch off SCHED_DEADLINE admission control. */
	if (!cfg.deadline)
		disable_rt_throttling();
	run_tasks();
	report();
	return 0;
}
