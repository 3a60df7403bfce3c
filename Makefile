# bpf-rtsched entry points. `make check` and `make eval` do all set-up themselves.
#   make deps       install the Debian packages the project needs (idempotent)
#   make kernels    build KERNELS (default: the test and the evaluation kernels)
#   make tools      libbpf, bpftool and the patched UAPI headers from the bpf tree
#   make userspace  out/: bin/rtsched, lib/librtsched.a, include/rtsched.h,
#                   policies/*.bpf.o, guest-tests/ (tests/guest/*.c and *.bpf.c)
#   make initramfs  build the guest initramfs
#   make check      build the test kernels, then run every test (host and in-guest);
#                   TESTS="fifo loader" runs only the tests of those names (patterns)
#   make port-soak  boot each test kernel RUNS times (10): do its results arrive whole?
#   make bpf-selftests the kernel's test_verifier and test_progs (libbpf probes and
#                   names) on a pristine and a patched kernel with module support
#                   (vanilla-{stock,bpf}-selftests): the same results?
#   make series-edit   the series as commits in a worktree (printed), for editing
#   make series-export write that worktree back to patches/ (format-patch)
#   make series-steps  build the kernel and the tools after each patch of the series
#                   (bisectability; TEST_KERNELS, incremental with ccache)
#   make eval       build the evaluation kernels, run the evaluation into out/eval/<time>/
#                   (DURATION, ROUNDS, KERNELS, POLICIES, LOADS: see scripts/eval.sh)
#   make sched-eval the schedulability experiment alone (rt-app task sets under P-RM,
#                   bpf P-EDF and SCHED_DEADLINE; also part of make eval)
#   make eval-local the evaluation on this machine, booted into a bpf-rtsched or stock
#                   kernel (as root; make eval's variables but KERNELS): out/eval-local/<time>/
#                   (docs/evaluation.md, "Local mode"; python3 -m evaluation merge joins folders)
#   make cost-ladder where an ordering policy's switch cost goes, in instructions (QEMU
#                   icount): stock, detached, fifo, tick_only, keyless_enqueue, edf
#   make cost-profile the same states' instructions per switch, per kernel function, counted
#                   from QEMU's execution trace (icount, 4 min): out/cost-profile/<time>/;
#                   CROSS=1: the ping-pong across CPUs (none, fifo, gedf)
#   make kernel-package KERNEL=rt-bpf [BASE_CONFIG=/boot/config-...]
#                   one kernel as Debian packages for a real machine, in out/packages/KERNEL/:
#                   the running system's config (or BASE_CONFIG) + the kernel's fragments
#                   (scripts/kernel-package.sh --config-only: the merged config alone)
#   make clean      remove out/ (results, logs, initramfs); the build cache stays
#   make distclean  also remove the build cache (source tree, kernels, ccache)

TEST_KERNELS ?= vanilla-bpf-debug rt-bpf-debug
EVAL_KERNELS ?= vanilla-stock vanilla-bpf rt-stock rt-bpf
KERNELS ?= $(TEST_KERNELS) $(EVAL_KERNELS)
include scripts/settings.mk
OUT := $(or $(BPF_RTSCHED_OUT),out)
TOOLS := $(TOOLS_DIR)/usr

.PHONY: deps kernels test-kernels tools userspace initramfs check port-soak bpf-selftests series-edit \
	series-export series-steps eval sched-eval eval-local cost-ladder cost-profile kernel-package clean \
	distclean

deps:
	scripts/deps.sh

kernels: deps
	scripts/build-kernel.sh $(KERNELS)

test-kernels: deps
	scripts/build-kernel.sh $(TEST_KERNELS)

# The tools come from the bpf tree (or $BPF_RTSCHED_TOOLS_TREE); the script rebuilds
# nothing when the tree did not change.
tools: deps
	scripts/build-tools.sh

# Userspace and BPF objects, built with the tools above (BPF_CLANG, BPF_CFLAGS: settings.mk).
GUEST_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Werror
POLICY_OBJS := $(patsubst policies/%.bpf.c,$(OUT)/policies/%.bpf.o,$(wildcard policies/*.bpf.c))
GUEST_BPF := $(patsubst tests/guest/%.bpf.c,$(OUT)/guest-tests/%.bpf.o,$(wildcard tests/guest/*.bpf.c))
GUEST_PROGS := $(patsubst tests/guest/%.c,$(OUT)/guest-tests/%,\
	$(filter-out %.bpf.c,$(wildcard tests/guest/*.c)))

userspace: tools
	$(MAKE) -C loader O=$(abspath $(OUT)) TOOLS=$(TOOLS)
	$(MAKE) $(POLICY_OBJS) $(GUEST_BPF) $(GUEST_PROGS)

# Policies and the test programs that are policies compile alike
BPF_COMPILE = mkdir -p $(@D) && \
	$(BPF_CLANG) $(BPF_CFLAGS) -I$(TOOLS)/include -Ipolicies -c $< -o $@

$(OUT)/policies/%.bpf.o: policies/%.bpf.c $(wildcard policies/*.h) $(TOOLS)/include/linux/bpf.h
	$(BPF_COMPILE)

$(OUT)/guest-tests/%.bpf.o: tests/guest/%.bpf.c $(wildcard policies/*.h) $(TOOLS)/include/linux/bpf.h
	$(BPF_COMPILE)

$(OUT)/guest-tests/%: tests/guest/%.c $(OUT)/lib/librtsched.a $(wildcard policies/*.h tests/guest/*.h) $(TOOLS)/lib/libbpf.a
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -I$(OUT)/include -I$(TOOLS)/include -Ipolicies $< -o $@ \
		$(OUT)/lib/librtsched.a $(TOOLS)/lib/libbpf.a -lelf -lz -pthread

initramfs: deps userspace
	scripts/build-initramfs.sh

check: test-kernels initramfs
	tests/run.py --kernels "$(TEST_KERNELS)" --tests "$(TESTS)"

port-soak: test-kernels initramfs
	scripts/port-soak.sh $(TEST_KERNELS)

bpf-selftests: deps initramfs
	scripts/bpf-selftests.sh

series-edit: deps
	scripts/series.sh edit

series-export:
	scripts/series.sh export

series-steps: deps
	scripts/build-series-steps.sh $(TEST_KERNELS)

# KERNELS given on the command line or in the environment selects the evaluated kernels;
# DURATION, ROUNDS, POLICIES, LOADS reach scripts/eval.sh from there too.
EVAL_RUN_KERNELS := $(if $(filter command line environment,$(origin KERNELS)),$(KERNELS),$(EVAL_KERNELS))
# The schedulability experiment's kernel, built too unless EXPERIMENTS leaves it out
SCHED_KERNEL ?= vanilla-bpf
EVAL_SCHED_KERNEL := $(if $(EXPERIMENTS),$(if $(filter schedulability,$(EXPERIMENTS)),$(SCHED_KERNEL)),$(SCHED_KERNEL))
eval: deps initramfs
	scripts/build-kernel.sh $(sort $(EVAL_RUN_KERNELS) $(EVAL_SCHED_KERNEL))
	KERNELS="$(EVAL_RUN_KERNELS)" SCHED_KERNEL="$(SCHED_KERNEL)" scripts/eval.sh

# The schedulability experiment alone: SCHED_KERNEL, SCHEDULERS, SCHED_UTILS, SCHED_SETS,
# SCHED_JOBS, SCHED_SEED, PARTITION, DL_MARGIN, CAL_TOLERANCE (scripts/evaluation/plan.py,
# docs/evaluation.md)
sched-eval: deps initramfs
	scripts/build-kernel.sh $(SCHED_KERNEL)
	EXPERIMENTS=schedulability SCHED_KERNEL="$(SCHED_KERNEL)" scripts/eval.sh

# Where an ordering policy's switch cost goes, in instructions (QEMU icount): STOCK_KERNEL,
# BPF_KERNEL, STATES, ROUNDS, PINGPONG (scripts/cost-ladder.sh)
cost-ladder: deps initramfs
	scripts/cost-ladder.sh

# The same, per kernel function, from QEMU's execution trace: BPF_KERNEL, CROSS, STATES,
# WINDOW, PINGPONG (scripts/cost-profile.sh)
cost-profile: deps initramfs
	scripts/cost-profile.sh

# The booted kernel, measured here; CONFIG=FILE when neither /boot nor /proc has its config
eval-local: deps userspace
	scripts/eval-local.sh

# The script installs what the tree's bindeb-pkg target needs beyond make deps.
kernel-package:
	$(if $(KERNEL),,$(error KERNEL is required: make kernel-package KERNEL=rt-bpf [BASE_CONFIG=FILE]))
	scripts/kernel-package.sh $(if $(BASE_CONFIG),--base-config "$(BASE_CONFIG)") "$(KERNEL)"

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf "$(CACHE)"
