# Scenario "bpf-selftests": the kernel's BPF selftests that scripts/bpf-selftests.sh built
# for this kernel (RTSCHED_KERNEL) into /bpf-selftests/KERNEL. Each program's full
# output goes to /results/NAME.log and its exit status to /results/NAME.status; the
# console gets the summaries.
dir=/bpf-selftests/$RTSCHED_KERNEL
for f in test_verifier test_progs bpf_testmod.ko; do
	if [ ! -f "$dir/$f" ]; then
		echo "bpf-selftests: $dir/$f missing (use scripts/bpf-selftests.sh)"
		exit 2
	fi
done
echo "uname_r=$(uname -r)" >/results/guest.env
# test_verifier loads ./bpf_testmod.ko
cd "$dir"
echo "bpf-selftests: test_verifier (some minutes under emulation)"
./test_verifier >/results/test_verifier.log 2>&1
echo $? >/results/test_verifier.status
grep '^Summary:' /results/test_verifier.log
# prog_tests/libbpf_probes.c names its tests libbpf_probe_*
echo "bpf-selftests: test_progs -t libbpf_probe,libbpf_str"
./test_progs -t libbpf_probe,libbpf_str >/results/test_progs.log 2>&1
echo $? >/results/test_progs.status
grep '^Summary:' /results/test_progs.log
# The verdict is the host's: it compares the logs of two kernels.
exit 0
