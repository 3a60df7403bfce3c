# bpf-rtsched entry points. `make check` and `make eval` do all set-up themselves.
#   make deps       install the Debian packages the project needs (idempotent)
#   make kernels    build KERNELS (default: the test and the evaluation kernels)
#   make initramfs  build the guest initramfs
#   make check      build the test kernels, then run every test (host and in-guest)
#   make clean      remove out/ (results, logs, initramfs); the build cache stays
#   make distclean  also remove the build cache (source tree, kernels, ccache)

TEST_KERNELS ?= vanilla-bpf-debug rt-bpf-debug
EVAL_KERNELS ?= vanilla-stock vanilla-bpf rt-stock rt-bpf
KERNELS ?= $(TEST_KERNELS) $(EVAL_KERNELS)
CACHE := $(or $(BPF_RTSCHED_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/bpf-rtsched)

.PHONY: deps kernels test-kernels initramfs check clean distclean

deps:
	scripts/deps.sh

kernels: deps
	scripts/build-kernel.sh $(KERNELS)

test-kernels: deps
	scripts/build-kernel.sh $(TEST_KERNELS)

initramfs: deps
	scripts/build-initramfs.sh

check: test-kernels initramfs
	tests/run.py --kernels "$(TEST_KERNELS)"

clean:
	rm -rf out

distclean: clean
	rm -rf "$(CACHE)"
