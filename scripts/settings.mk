# Settings shared by the Makefile, loader/Makefile and the scripts, which ask make for
# them (scripts/lib.sh: setting NAME). The environment overrides what says so.

# The build cache (source tree, kernels, ccache, tools), outside the repository
CACHE := $(or $(BPF_RTSCHED_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/bpf-rtsched)
# libbpf, bpftool and the patched UAPI headers (scripts/build-tools.sh)
TOOLS_DIR := $(or $(BPF_RTSCHED_TOOLS_DIR),$(CACHE)/tools)

# The BPF compiler and its flags: policies, test programs, the kernel's BPF selftests
BPF_CLANG ?= clang-19
BPF_CFLAGS ?= -O2 -g -Wall -Werror -target bpf -mcpu=v3

print-%:
	@echo '$($*)'
