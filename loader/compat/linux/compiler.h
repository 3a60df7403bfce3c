/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* bpftool's json_writer.h includes the kernel tools' <linux/compiler.h> for __printf
 * alone; the UAPI headers rtsched builds against have no such file. */
#ifndef RTSCHED_COMPAT_LINUX_COMPILER_H
#define RTSCHED_COMPAT_LINUX_COMPILER_H

#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif /* RTSCHED_COMPAT_LINUX_COMPILER_H */
