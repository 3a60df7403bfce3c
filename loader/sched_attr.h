/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The struct sched_attr and flags that librtsched and librtsched-map.so pass to the
 * kernel, defined here for libcs and UAPI headers that predate them. Private. */
#ifndef RTSCHED_SCHED_ATTR_H
#define RTSCHED_SCHED_ATTR_H

#include <stdint.h>

#ifndef SCHED_FLAG_RESET_ON_FORK
#define SCHED_FLAG_RESET_ON_FORK 0x01
#endif
#ifndef SCHED_FLAG_KEEP_POLICY
#define SCHED_FLAG_KEEP_POLICY 0x08
#endif
#ifndef SCHED_FLAG_KEEP_PARAMS
#define SCHED_FLAG_KEEP_PARAMS 0x10
#endif
#ifndef SCHED_FLAG_BPF_PARAMS
#define SCHED_FLAG_BPF_PARAMS 0x80
#endif
#ifndef SCHED_FLAG_BPF_INHERIT
#define SCHED_FLAG_BPF_INHERIT 0x100
#endif

/* The UAPI struct sched_attr (include/uapi/linux/sched/types.h), first version
 * with utilization clamps: 56 bytes; the first version, without them, is 48. */
struct rtsched_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
};

_Static_assert(sizeof(struct rtsched_sched_attr) == 56, "sched_attr layout");
#define RTSCHED_SCHED_ATTR_SIZE_VER0 48

#endif /* RTSCHED_SCHED_ATTR_H */
