// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Error lines, sysctls and the bpffs pin directory. */
#define _GNU_SOURCE
#include "cli.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

static void vline(const char *fmt, va_list ap, const char *suffix)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* One line, whatever the message holds. */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	fprintf(stderr, "rtsched: %s%s\n", buf, suffix);
}

const char *errstr(int err)
{
	static char buf[128];

	if (err < 0)
		err = -err;
	if (libbpf_strerror(err, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "%s", strerror(err));
	return buf;
}

int fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap, "");
	va_end(ap);
	return code;
}

int fail_errno(int err, const char *fmt, ...)
{
	char suffix[256];
	int code;
	va_list ap;

	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM:
	case EACCES:
		code = EXIT_PERM;
		snprintf(suffix, sizeof(suffix),
			 ": %s (loading a policy needs CAP_BPF, attaching it and setting "
			 "parameters CAP_SYS_NICE; run as root)", strerror(err));
		break;
	case ESRCH:
		code = EXIT_NOTID;
		snprintf(suffix, sizeof(suffix), ": no such thread");
		break;
	case EBUSY:
		code = EXIT_BUSY;
		snprintf(suffix, sizeof(suffix),
			 ": another policy is attached (see 'rtsched status'; "
			 "'rtsched detach' or 'rtsched swap')");
		break;
	default:
		code = EXIT_OTHER;
		snprintf(suffix, sizeof(suffix), ": %s", errstr(err));
	}
	va_start(ap, fmt);
	vline(fmt, ap, suffix);
	va_end(ap);
	return code;
}

bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int write_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		err = errno;
		if (err == ENOENT)
			return fail(EXIT_NOKERNEL, "this kernel lacks %s (bpf-rtsched series "
				    "older than its watchdog)", path);
		return fail_errno(err, "cannot write %s", path);
	}
	/* The kernel answers a bad value at fclose(), when stdio writes. */
	err = fputs(value, f) < 0 ? errno : 0;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (err)
		return fail_errno(err, "cannot write %s to %s", value, path);
	return 0;
}

/* Mounts bpffs at /sys/fs/bpf unless it is, and creates /sys/fs/bpf/rtsched. */
int ensure_pin_dir(void)
{
	struct statfs st;

	if (statfs(BPFFS_DIR, &st) != 0 || st.f_type != BPF_FS_MAGIC) {
		if (mkdir(BPFFS_DIR, 0755) != 0 && errno != EEXIST)
			return fail_errno(errno, "cannot create %s", BPFFS_DIR);
		if (mount("bpf", BPFFS_DIR, "bpf", 0, "mode=0700") != 0)
			return fail_errno(errno, "cannot mount bpffs at %s", BPFFS_DIR);
	}
	if (mkdir(PIN_DIR, 0700) != 0 && errno != EEXIST)
		return fail_errno(errno, "cannot create %s", PIN_DIR);
	return 0;
}
