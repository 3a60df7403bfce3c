// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf and the program type, in the spirit of the kernel's selftests
 * libbpf_probes and libbpf_str: libbpf names the program, attach and link
 * types, probes BPF_PROG_TYPE_SCHED as supported on this kernel, and probes
 * the helpers the type allows and refuses as the verifier does. Prints KTAP
 * with kselftest.h.
 */
#include <bpf/libbpf.h>
#include <kselftest.h>
#include <linux/bpf.h>
#include <string.h>

static void expect_str(const char *got, const char *want, const char *what)
{
	ksft_test_result(got && !strcmp(got, want), "%s is \"%s\" (got \"%s\")\n", what,
			 want, got ? got : "(null)");
}

static void expect_helper(enum bpf_func_id id, int want, const char *name)
{
	int got = libbpf_probe_bpf_helper(BPF_PROG_TYPE_SCHED, id, NULL);

	ksft_test_result(got == want, "helper %s: probed %s (got %d)\n", name,
			 want ? "allowed" : "refused", got);
}

int main(void)
{
	int probe;

	ksft_print_header();
	ksft_set_plan(7);
	expect_str(libbpf_bpf_prog_type_str(BPF_PROG_TYPE_SCHED), "sched", "program type name");
	expect_str(libbpf_bpf_attach_type_str(BPF_SCHED), "sched", "attach type name");
	expect_str(libbpf_bpf_link_type_str(BPF_LINK_TYPE_SCHED), "sched", "link type name");
	probe = libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SCHED, NULL);
	ksft_test_result(probe == 1, "libbpf_probe_bpf_prog_type: supported (got %d)\n", probe);
	expect_helper(BPF_FUNC_map_lookup_elem, 1, "map_lookup_elem");
	expect_helper(BPF_FUNC_trace_printk, 1, "trace_printk");
	expect_helper(BPF_FUNC_send_signal, 0, "send_signal");
	ksft_finished();
}
