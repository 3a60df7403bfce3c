# The seed's call sequence: bpf_prog_load of BPF_PROG_TYPE_SCHED, bpf_prog_attach(fd, 0,
# BPF_SCHED, 0), raw and from a policy object (tests/guest/seed_attach.c, KTAP).
exec /tests/bin/seed_attach /policies/edf.bpf.o
