// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* attach, swap, detach: open a policy object, set its .rodata parameters by BTF
 * name, load it, and attach it through a pinned bpf_link (or the legacy path). */
#define _GNU_SOURCE
#include "cli.h"
#include "state.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_SIZE (4u << 20)  /* verifier log buffer */
#define LOG_SHOWN (64u << 10) /* at most this much of it is printed (its end) */

struct policy {
	const char *path;
	struct bpf_object *obj;
	struct bpf_program *prog;
	char *log;
};

static void policy_close(struct policy *p)
{
	bpf_object__close(p->obj);
	free(p->log);
	memset(p, 0, sizeof(*p));
}

/* The .rodata map and its BTF section, or NULLs when the object has none. */
static const struct btf_type *rodata_sec(struct policy *p, struct bpf_map **map)
{
	const struct btf *btf = bpf_object__btf(p->obj);
	struct bpf_map *m;
	const char *name;
	size_t len;
	int id;

	*map = NULL;
	bpf_object__for_each_map(m, p->obj) {
		name = bpf_map__name(m);
		len = strlen(name);
		if (bpf_map__is_internal(m) && len >= 7 && !strcmp(name + len - 7, ".rodata"))
			*map = m;
	}
	if (!*map || !btf)
		return NULL;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	return id > 0 ? btf__type_by_id(btf, id) : NULL;
}

/* An integer-like parameter: size in bytes and signedness; false for other types. */
static bool int_type(const struct btf *btf, __u32 type_id, unsigned *size, bool *is_signed,
		     bool *is_bool)
{
	int id = btf__resolve_type(btf, type_id);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	if (!t)
		return false;
	*is_bool = false;
	if (btf_is_int(t)) {
		__u8 enc = btf_int_encoding(t);

		if (btf_int_offset(t) || btf_int_bits(t) != t->size * 8)
			return false;
		*is_signed = enc & BTF_INT_SIGNED;
		*is_bool = enc & BTF_INT_BOOL;
	} else if (btf_is_enum(t) || btf_is_enum64(t)) {
		*is_signed = btf_kflag(t);
	} else {
		return false;
	}
	*size = t->size;
	return *size == 1 || *size == 2 || *size == 4 || *size == 8;
}

/* "a, b, c" of the settable parameters, or "none". */
static void param_names(struct policy *p, char *buf, size_t len)
{
	const struct btf *btf = bpf_object__btf(p->obj);
	struct bpf_map *map;
	const struct btf_type *sec = rodata_sec(p, &map);
	const struct btf_var_secinfo *vi;
	unsigned size;
	bool sgn, boolean;
	size_t used = 0;
	int i;

	snprintf(buf, len, "none");
	if (!sec)
		return;
	for (i = 0, vi = btf_var_secinfos(sec); i < btf_vlen(sec); i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type);

		if (!var || !btf_is_var(var) || !int_type(btf, var->type, &size, &sgn, &boolean))
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s",
				 used ? ", " : "", btf__name_by_offset(btf, var->name_off));
	}
}

static int parse_value(const char *key, const char *s, unsigned size, bool is_signed,
		       bool is_bool, uint64_t *out)
{
	char *end;

	errno = 0;
	if (is_bool) {
		if (!strcmp(s, "true") || !strcmp(s, "1"))
			*out = 1;
		else if (!strcmp(s, "false") || !strcmp(s, "0"))
			*out = 0;
		else
			return fail(EXIT_USAGE, "parameter %s is a bool: true, false, 1 or 0, "
				    "not '%s'", key, s);
		return 0;
	}
	if (is_signed) {
		long long v = strtoll(s, &end, 0);
		long long max = size == 8 ? LLONG_MAX : (1LL << (size * 8 - 1)) - 1;

		if (!*s || *end || errno || v > max || v < -max - 1)
			return fail(EXIT_USAGE, "parameter %s takes a signed %u-bit integer, "
				    "not '%s'", key, size * 8, s);
		*out = (uint64_t)v;
	} else {
		unsigned long long v = strtoull(s, &end, 0);
		unsigned long long max = size == 8 ? ULLONG_MAX : (1ULL << (size * 8)) - 1;

		if (!*s || *end || errno || v > max || strchr(s, '-'))
			return fail(EXIT_USAGE, "parameter %s takes an unsigned %u-bit integer, "
				    "not '%s'", key, size * 8, s);
		*out = v;
	}
	return 0;
}

static int set_param(struct policy *p, const char *kv)
{
	const struct btf *btf = bpf_object__btf(p->obj);
	const char *eq = strchr(kv, '=');
	struct bpf_map *map;
	const struct btf_type *sec;
	const struct btf_var_secinfo *vi;
	char names[512];
	size_t keylen, data_size;
	uint64_t v = 0;
	unsigned size;
	bool sgn, boolean;
	char *data;
	int i, rc;

	if (!eq || eq == kv)
		return fail(EXIT_USAGE, "--param takes KEY=VALUE, not '%s'", kv);
	keylen = (size_t)(eq - kv);
	sec = rodata_sec(p, &map);
	for (i = 0, vi = sec ? btf_var_secinfos(sec) : NULL; sec && i < btf_vlen(sec); i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type);
		const char *name = var ? btf__name_by_offset(btf, var->name_off) : NULL;

		if (!name || strlen(name) != keylen || strncmp(name, kv, keylen))
			continue;
		if (!btf_is_var(var) || !int_type(btf, var->type, &size, &sgn, &boolean))
			break;
		rc = parse_value(name, eq + 1, size, sgn, boolean, &v);
		if (rc)
			return rc;
		data = bpf_map__initial_value(map, &data_size);
		if (!data || vi->offset + size > data_size)
			return fail(EXIT_OBJECT, "%s: .rodata does not hold parameter %s", p->path,
				    name);
		switch (size) {
		case 1: { uint8_t x = (uint8_t)v; memcpy(data + vi->offset, &x, 1); break; }
		case 2: { uint16_t x = (uint16_t)v; memcpy(data + vi->offset, &x, 2); break; }
		case 4: { uint32_t x = (uint32_t)v; memcpy(data + vi->offset, &x, 4); break; }
		default: memcpy(data + vi->offset, &v, 8);
		}
		return 0;
	}
	param_names(p, names, sizeof(names));
	if (!strcmp(names, "none"))
		return fail(EXIT_USAGE, "unknown parameter '%.*s': %s has no parameters",
			    (int)keylen, kv, p->path);
	return fail(EXIT_USAGE, "unknown parameter '%.*s' for %s (valid: %s)", (int)keylen, kv,
		    p->path, names);
}

/* Opens the object, checks it holds one sched program, sets the parameters. Works
 * without the kernel series: a missing or corrupt object is EXIT_OBJECT on any kernel. */
static int policy_open(struct policy *p, const char *path, int nparams, char **params)
{
	struct bpf_program *prog;
	int n = 0, err, i;

	memset(p, 0, sizeof(*p));
	p->path = path;
	if (access(path, R_OK) != 0)
		return fail(EXIT_OBJECT, "cannot read policy %s: %s", path, strerror(errno));
	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj) {
		err = errno;
		return fail(EXIT_OBJECT, "%s is not a usable BPF object (%s)", path, errstr(err));
	}
	bpf_object__for_each_program(prog, p->obj) {
		if (bpf_program__type(prog) == BPF_PROG_TYPE_SCHED) {
			p->prog = prog;
			n++;
		} else {
			bpf_program__set_autoload(prog, false);
		}
	}
	if (n != 1)
		return fail(EXIT_OBJECT, "%s has %d SEC(\"sched\") programs; a policy has exactly "
			    "one", path, n);
	for (i = 0; i < nparams; i++) {
		err = set_param(p, params[i]);
		if (err)
			return err;
	}
	return 0;
}

static void print_log(const char *log)
{
	size_t len = strlen(log);

	if (len > LOG_SHOWN) {
		const char *start = strchr(log + len - LOG_SHOWN, '\n');

		start = start ? start + 1 : log + len - LOG_SHOWN;
		fprintf(stderr, "[... %zu bytes of verifier log omitted ...]\n",
			(size_t)(start - log));
		log = start;
		len = strlen(log);
	}
	fputs(log, stderr);
	if (len && log[len - 1] != '\n')
		fputc('\n', stderr);
}

/* The verifier's reason: the last line of its log other than the statistics */
static void log_reason(const char *log, char *buf, size_t size)
{
	const char *end = log + strlen(log), *start;

	buf[0] = '\0';
	while (end > log) {
		while (end > log && end[-1] == '\n')
			end--;
		start = end;
		while (start > log && start[-1] != '\n')
			start--;
		if (end > start && strncmp(start, "processed ", 10) &&
		    strncmp(start, "verification time", 17)) {
			snprintf(buf, size, "%.*s", (int)(end - start), start);
			return;
		}
		end = start;
	}
}

/* The verifier names a map it refuses by its kernel name and type number: add the
 * type's name, which only userspace has. */
static void name_map_type(struct policy *p, char *reason, size_t size)
{
	char quoted[BPF_OBJ_NAME_LEN + 2];
	struct bpf_map *map;
	size_t len;

	bpf_object__for_each_map(map, p->obj) {
		/* the kernel keeps the first BPF_OBJ_NAME_LEN - 1 characters */
		snprintf(quoted, sizeof(quoted), "'%.*s'", BPF_OBJ_NAME_LEN - 1,
			 bpf_map__name(map));
		if (!strstr(reason, quoted))
			continue;
		len = strlen(reason);
		snprintf(reason + len, size - len, " (%s: %s map)", bpf_map__name(map),
			 libbpf_bpf_map_type_str(bpf_map__type(map)));
		return;
	}
}

static int policy_load(struct policy *p)
{
	char reason[512];

	int err;

	p->log = calloc(1, LOG_SIZE);
	if (!p->log)
		return fail(EXIT_OTHER, "out of memory");
	/* Log level 0: libbpf asks for the log only when the load fails. */
	bpf_program__set_log_buf(p->prog, p->log, LOG_SIZE);
	err = bpf_object__load(p->obj);
	if (!err)
		return 0;
	if (p->log[0] && err != -EPERM) {
		print_log(p->log);
		log_reason(p->log, reason, sizeof(reason));
		name_map_type(p, reason, sizeof(reason));
		return fail(EXIT_VERIFIER, "the verifier rejected %s (program %s, %s): %s",
			    p->path, bpf_program__name(p->prog), errstr(err), reason);
	}
	return fail_errno(err, "cannot load %s", p->path);
}

/* The prog id of the attached policy into *id, 0 when none: 0, or an exit code. */
static int attached_id(uint32_t *id)
{
	struct sched_state st;
	int rc = state_read(&st);

	if (rc)
		return rc;
	*id = st.prog_id;
	state_free(&st);
	return 0;
}

static uint32_t prog_id(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_prog_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* Holds the attachment until SIGINT or SIGTERM. */
static void wait_for_signal(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
}

static void block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

struct policy_args {
	const char *path;
	char **params;
	int nparams;
	bool foreground;
	bool legacy;
	const char *watchdog_ms;
	uint32_t flags; /* BPF_F_SCHED_*: the scope */
};

static const char *scope_name(uint32_t flags)
{
	return flags & BPF_F_SCHED_ALL ? "all" : "registered";
}

enum {
	OPT_PARAM = OPT_COMMAND,
	OPT_SCOPE,
	OPT_WATCHDOG,
	OPT_FOREGROUND,
	OPT_LEGACY,
	OPT_FORCE,
};

/* verify and swap: the policy and its parameters */
static const struct option load_options[] = {
	{ "param", required_argument, NULL, OPT_PARAM },
	COMMON_OPTIONS
};

/* attach: also how */
static const struct option attach_options[] = {
	{ "param", required_argument, NULL, OPT_PARAM },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "watchdog", required_argument, NULL, OPT_WATCHDOG },
	{ "foreground", no_argument, NULL, OPT_FOREGROUND },
	{ "legacy", no_argument, NULL, OPT_LEGACY },
	COMMON_OPTIONS
};

static int parse_policy_args(int argc, char **argv, struct policy_args *a, bool attach)
{
	int c;

	memset(a, 0, sizeof(*a));
	a->params = calloc((size_t)argc + 1, sizeof(*a->params));
	if (!a->params)
		return fail(EXIT_OTHER, "out of memory");
	while ((c = cmd_getopt(argc, argv, attach ? attach_options : load_options,
			       "see rtsched --help")) != -1) {
		switch (c) {
		case OPT_PARAM:
			a->params[a->nparams++] = optarg;
			break;
		case OPT_SCOPE:
			if (!strcmp(optarg, "all"))
				a->flags = BPF_F_SCHED_ALL;
			else if (strcmp(optarg, "registered"))
				return fail(EXIT_USAGE, "--scope takes 'registered' or 'all', "
					    "not '%s'", optarg);
			break;
		case OPT_WATCHDOG:
			a->watchdog_ms = optarg;
			break;
		case OPT_FOREGROUND:
			a->foreground = true;
			break;
		case OPT_LEGACY:
			a->legacy = true;
			break;
		default: /* cmd_getopt() said why */
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return fail(EXIT_USAGE, "%s needs a POLICY.bpf.o (see rtsched --help)", argv[0]);
	if (optind + 1 < argc)
		return fail(EXIT_USAGE, "%s takes one POLICY.bpf.o, got '%s' too", argv[0],
			    argv[optind + 1]);
	a->path = argv[optind];
	if (a->watchdog_ms) {
		char *end;
		unsigned long ms = strtoul(a->watchdog_ms, &end, 10);

		if (end == a->watchdog_ms || *end || ms < WATCHDOG_MIN_MS || ms > WATCHDOG_MAX_MS)
			return fail(EXIT_USAGE, "--watchdog takes milliseconds from %d to %d, "
				    "not '%s'", WATCHDOG_MIN_MS, WATCHDOG_MAX_MS, a->watchdog_ms);
	}
	return 0;
}

/* Pins at path, replacing a stale pin: only one policy is attached at a time, so a
 * pin left from an earlier one is stale once the kernel accepted this attachment. */
static int pin(int fd, const char *path)
{
	int err;

	if (bpf_obj_pin(fd, path) == 0)
		return 0;
	err = errno;
	if (err == EEXIST && unlink(path) == 0 && bpf_obj_pin(fd, path) == 0)
		return 0;
	return -err;
}

/* The kernel refused to attach (or swap to) the policy at path; what says which. */
static int fail_attach(int err, const char *what, const char *path)
{
	/* rtsched passes valid flags and no target: EINVAL is the policy's op declaration */
	if (err == EINVAL)
		return fail(EXIT_OTHER, "cannot %s %s: the kernel refused its answer to "
			    "BPF_SCHED_OP_INIT (an op this kernel does not have)", what, path);
	return fail_errno(err, "cannot %s %s", what, path);
}

static int attach_legacy(struct policy *p, const struct policy_args *a)
{
	int fd = bpf_program__fd(p->prog), err;
	uint32_t busy;

	err = attached_id(&busy);
	if (err)
		return err;
	/* The kernel replaces a legacy attachment silently; rtsched does not. */
	if (busy)
		return fail(EXIT_BUSY, "cannot attach %s: another policy (prog id %u) is "
			    "attached (rtsched detach first)", a->path, busy);
	if (bpf_prog_attach(fd, 0, BPF_SCHED, a->flags) != 0)
		return fail_attach(errno, "attach", a->path);
	if (a->foreground) {
		printf("attached %s (program %s, id %u, legacy) until SIGINT or SIGTERM\n",
		       a->path, bpf_program__name(p->prog), prog_id(fd));
		fflush(stdout);
		wait_for_signal();
		if (bpf_prog_detach(0, BPF_SCHED) != 0)
			return fail_errno(errno, "cannot detach %s", a->path);
		printf("detached %s\n", a->path);
		return 0;
	}
	err = pin(fd, PIN_LEGACY);
	if (err) {
		bpf_prog_detach(0, BPF_SCHED);
		return fail_errno(err, "cannot pin %s at %s (detached it again)", a->path,
				  PIN_LEGACY);
	}
	printf("attached %s (program %s, id %u, legacy), pinned at %s\n", a->path,
	       bpf_program__name(p->prog), prog_id(fd), PIN_LEGACY);
	return 0;
}

static int attach_link(struct policy *p, const struct policy_args *a)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = a->flags);
	int fd = bpf_program__fd(p->prog), link, err;

	link = bpf_link_create(fd, 0, BPF_SCHED, &opts);
	if (link < 0)
		return fail_attach(errno, "attach", a->path);
	if (a->foreground) {
		printf("attached %s (program %s, id %u, scope %s) until SIGINT or SIGTERM\n",
		       a->path, bpf_program__name(p->prog), prog_id(fd), scope_name(a->flags));
		fflush(stdout);
		wait_for_signal();
		close(link);
		printf("detached %s\n", a->path);
		return 0;
	}
	err = pin(link, PIN_LINK);
	if (err) {
		close(link);
		return fail_errno(err, "cannot pin the link of %s at %s (detached it again)",
				  a->path, PIN_LINK);
	}
	printf("attached %s (program %s, id %u, scope %s), link pinned at %s\n", a->path,
	       bpf_program__name(p->prog), prog_id(fd), scope_name(a->flags), PIN_LINK);
	/* Closing our fd leaves the pin holding the link. */
	close(link);
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	struct policy_args a;
	struct policy p = {0};
	int rc;

	rc = parse_policy_args(argc, argv, &a, false);
	if (!rc)
		rc = policy_open(&p, a.path, a.nparams, a.params);
	if (!rc)
		rc = check_kernel();
	if (!rc)
		rc = policy_load(&p);
	if (!rc)
		printf("the verifier accepts %s (program %s)\n", a.path,
		       bpf_program__name(p.prog));
	policy_close(&p);
	free(a.params);
	return rc;
}

int cmd_attach(int argc, char **argv)
{
	struct policy_args a;
	struct policy p = {0};
	int rc;

	rc = parse_policy_args(argc, argv, &a, true);
	if (!rc)
		rc = policy_open(&p, a.path, a.nparams, a.params);
	if (!rc)
		rc = check_kernel();
	if (!rc && !a.foreground)
		rc = ensure_pin_dir();
	if (!rc)
		rc = policy_load(&p);
	/* Before the policy decides anything, the bound it is held to. */
	if (!rc && a.watchdog_ms)
		rc = write_sysctl(WATCHDOG_SYSCTL, a.watchdog_ms);
	if (!rc) {
		/* Signals wait for sigwait(); the policy must not outlive a Ctrl-C. */
		if (a.foreground)
			block_signals();
		rc = a.legacy ? attach_legacy(&p, &a) : attach_link(&p, &a);
	}
	policy_close(&p);
	free(a.params);
	return rc;
}

/* The pinned link: its fd, or a negative exit code after printing why there is none
 * (attached: the prog id in /proc/sched_bpf). */
static int open_link(const char *what, uint32_t attached)
{
	int fd, err;

	fd = bpf_obj_get(PIN_LINK);
	if (fd >= 0)
		return fd;
	err = errno;
	if (err != ENOENT)
		return -fail_errno(err, "cannot open the pinned link %s", PIN_LINK);
	if (path_exists(PIN_LEGACY))
		return -fail(EXIT_OTHER, "cannot %s: the policy is a legacy attachment "
			     "(attach --legacy); detach it and attach without --legacy", what);
	if (attached)
		return -fail(EXIT_OTHER, "cannot %s: policy (prog id %u) is attached through a "
			     "link that is not pinned at %s (a running 'rtsched attach "
			     "--foreground'?)", what, attached, PIN_LINK);
	return -fail(EXIT_OTHER, "cannot %s: no policy attached", what);
}

int cmd_swap(int argc, char **argv)
{
	struct policy_args a;
	struct policy p = {0};
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	uint32_t old = 0, id = 0;
	int rc, fd = -1;

	rc = parse_policy_args(argc, argv, &a, false);
	if (!rc)
		rc = policy_open(&p, a.path, a.nparams, a.params);
	if (!rc)
		rc = check_kernel();
	if (!rc)
		rc = attached_id(&id);
	if (!rc) {
		fd = open_link("swap", id);
		rc = fd < 0 ? -fd : 0;
	}
	if (!rc) {
		memset(&info, 0, sizeof(info));
		if (bpf_link_get_info_by_fd(fd, &info, &len) == 0)
			old = info.prog_id;
		if (!id)
			rc = fail(EXIT_OTHER, "cannot swap: no policy attached (the link "
				  "pinned at %s was detached)", PIN_LINK);
	}
	if (!rc)
		rc = policy_load(&p);
	if (!rc && bpf_link_update(fd, bpf_program__fd(p.prog), NULL) != 0)
		rc = errno == ENOLINK
			     ? fail(EXIT_OTHER, "cannot swap: no policy attached (the link "
				    "pinned at %s was detached)", PIN_LINK)
			     : fail_attach(errno, "swap to", a.path);
	if (!rc)
		printf("swapped to %s (program %s, id %u), replacing prog id %u\n", a.path,
		       bpf_program__name(p.prog), prog_id(bpf_program__fd(p.prog)), old);
	if (fd >= 0)
		close(fd);
	policy_close(&p);
	free(a.params);
	return rc;
}

/* The administrator's way out: the kernel detaches whatever is attached, however it
 * was; the pins left behind are stale. */
static int force_detach(uint32_t id)
{
	int rc;

	if (!id)
		return fail(EXIT_OTHER, "no policy attached");
	rc = write_sysctl(FORCE_DETACH_SYSCTL, "1\n");
	if (rc)
		return rc;
	unlink(PIN_LINK);
	unlink(PIN_LEGACY);
	printf("force-detached prog id %u\n", id);
	return 0;
}

#define DETACH_USAGE "usage: rtsched detach [--force]"

int cmd_detach(int argc, char **argv)
{
	static const struct option options[] = {
		{ "force", no_argument, NULL, OPT_FORCE },
		COMMON_OPTIONS
	};
	bool force = false;
	uint32_t id = 0;
	int c, fd, rc;

	while ((c = cmd_getopt(argc, argv, options, DETACH_USAGE)) != -1) {
		switch (c) {
		case OPT_FORCE:
			force = true;
			break;
		default: /* cmd_getopt() said why */
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return fail(EXIT_USAGE, "detach: unexpected '%s' (" DETACH_USAGE ")", argv[optind]);
	rc = check_kernel();
	if (!rc)
		rc = attached_id(&id);
	if (rc)
		return rc;
	if (force)
		return force_detach(id);
	if (path_exists(PIN_LINK)) {
		fd = open_link("detach", id);
		if (fd < 0)
			return -fd;
		rc = bpf_link_detach(fd);
		rc = rc ? fail_errno(errno, "cannot detach the link pinned at %s", PIN_LINK) : 0;
		close(fd);
		if (rc)
			return rc;
		unlink(PIN_LINK);
		if (!id)
			return fail(EXIT_OTHER, "no policy attached (removed the stale pin %s)",
				    PIN_LINK);
		printf("detached prog id %u (link)\n", id);
		return 0;
	}
	if (bpf_prog_detach(0, BPF_SCHED) == 0) {
		unlink(PIN_LEGACY);
		printf("detached prog id %u (legacy)\n", id);
		return 0;
	}
	switch (errno) {
	case ENOENT:
		unlink(PIN_LEGACY);
		return fail(EXIT_OTHER, "no policy attached");
	case EBUSY:
		return fail(EXIT_OTHER, "policy (prog id %u) is attached through a link that is "
			    "not pinned at %s (a running 'rtsched attach --foreground'?): stop "
			    "that process", id, PIN_LINK);
	default:
		return fail_errno(errno, "cannot detach");
	}
}
