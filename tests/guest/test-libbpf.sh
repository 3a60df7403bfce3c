# libbpf and BPF_PROG_TYPE_SCHED: type names, the type probe, helper probes
# (tests/guest/libbpf_sched.c, KTAP).
exec /tests/bin/libbpf_sched
