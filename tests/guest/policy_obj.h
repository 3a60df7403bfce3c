/* SPDX-License-Identifier: GPL-2.0 */
/* A test policy as the C guest tests load it: one program, its .bss read live. */
#ifndef BPF_RTSCHED_POLICY_OBJ_H
#define BPF_RTSCHED_POLICY_OBJ_H

#include <bpf/libbpf.h>
#include <kselftest.h>

/*
 * Load @path; its program and its .bss of @size bytes, mmapped by libbpf so that
 * the test reads what the policy writes while it runs. Fails the test otherwise.
 */
static inline struct bpf_object *policy_obj_load(const char *path, struct bpf_program **prog,
						 const void **bss, size_t size)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_map *map;
	size_t got = 0;

	if (!obj || bpf_object__load(obj))
		ksft_exit_fail_msg("cannot load %s\n", path);
	*prog = bpf_object__next_program(obj, NULL);
	map = bpf_object__find_map_by_name(obj, ".bss");
	*bss = map ? bpf_map__initial_value(map, &got) : NULL;
	if (!*prog || !*bss || got != size)
		ksft_exit_fail_msg("%s: a program and a .bss of %zu bytes expected\n", path, size);
	return obj;
}

#endif /* BPF_RTSCHED_POLICY_OBJ_H */
