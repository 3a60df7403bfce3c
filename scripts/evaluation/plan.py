"""The evaluation plan: every setting and every command line of `make eval`, written once.

`python3 -m evaluation plan` (scripts/eval.sh runs it) reads the variables of VARIABLES
from the environment, checks them and the kernels, and writes EVAL_DIR/plan.json:

  settings     the variables as used (defaults filled in)
  environment  the host, the commit, the start time
  kernels      per kernel: release, config hash, patched, PREEMPT_RT
  runs         one per boot, in boot order: name, round, kernel, vCPUs, time limit, the
               path of its script in the guest, the file that records what the guest ran,
               and its steps in order. A step has an id, a kind (guest, write, restore,
               latency, pingpong, deadline), what it measures (load, state, queued
               threads, scheduler, utilization, histogram range) and what it runs: the
               policy's attach and detach commands, the background load, the
               measurement, the policy's status, each a command line in shell quoting
               (split into words, no other shell syntax), and the result files they
               write, relative to the guest's results folder.

From the plan, render() writes each run's steps as a POSIX sh script of one verb per line
(EVAL_DIR/plan/RUN.sh) which scripts/guest/eval.sh executes line by line, packed as an
initramfs (EVAL_DIR/plan/RUN.cpio) that scripts/eval.sh appends to the guest's. The
statistics (stats.py) and the report (report.py) read the plan and the files it names.
Nothing else writes a command line, a duration or a default.
"""
import gzip
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from . import sched

REPO = Path(__file__).resolve().parent.parent.parent

# The variables of `make eval`: name, default (empty in the environment counts as unset),
# meaning. docs/evaluation.md lists them too; tests/host/test-eval-plan holds it to this.
VARIABLES = (
    ("DURATION", "8", "seconds of cyclictest per configuration and round: DURATION*5000 "
                      "loops at the 200 us interval, the same for every configuration"),
    ("ROUNDS", "2", "rounds; the kernel order and the latency steps' order rotate each round"),
    ("KERNELS", "vanilla-stock vanilla-bpf rt-stock rt-bpf", "kernels (make kernels builds them)"),
    ("POLICIES", "every policies/*.bpf.c", "policies attached in the latency runs"),
    ("LOADS", "idle cpu mixed", "load profiles: nothing; stress-ng on every vCPU; "
                                "stress-ng I/O, memory and syscalls"),
    ("HIST", "20000", "cyclictest histogram range (us); samples beyond count as overflows"),
    ("PINGPONG", "3", "seconds of pingpong per kernel state, variant and round (0: off)"),
    ("PP_QUEUED", "1 8 64 cross", "pingpong variants: lower-priority RT threads queued on "
                                  "its CPU (0 to 64), in the policy's order all along; cross: "
                                  "the two threads on two CPUs, also under the global "
                                  "policies"),
    ("DL_SECONDS", "3", "seconds per task set of the deadline sweep (0: off)"),
    ("DL_UTILS", "0.5 0.6 0.7 0.8 0.9 0.95 1.0", "utilizations of the deadline sweep"),
    ("CPUS", "2", "guest vCPUs"),
    ("EXPERIMENTS", "latency schedulability",
     "latency: per kernel and round, cyclictest, pingpong and the deadline sweep; "
     "schedulability: random task sets under rt-app (scripts/evaluation/sched.py)"),
    ("SCHED_KERNEL", "vanilla-bpf", "the kernel of the schedulability experiment (patched)"),
    ("SCHEDULERS", "rm pedf gedf gdl gdl-d",
     "schedulers compared: rm (SCHED_FIFO rate-monotonic, partitioned), pedf (bpf edf, "
     "partitioned), gedf (bpf gedf, global), gdl (SCHED_DEADLINE, global, budgets "
     "C (1 + DL_MARGIN)), gdl-d (the same, budgets D)"),
    ("SCHED_UTILS", "0.5 0.6 0.7 0.8 0.9 1.0", "utilization points, per CPU"),
    ("SCHED_SETS", "10", "task sets per utilization point"),
    ("SCHED_JOBS", "20", "jobs of each set's longest-period task (shorter periods run "
                         "more, over the same span)"),
    ("SCHED_SEED", "1", "base seed of the task sets"),
    ("DL_MARGIN", "0.25", "SCHED_DEADLINE budgets are C and this share of C more (under "
                          "TCG unpreempted jobs ran up to 1.2 C)"),
    ("PARTITION", "worst", "the partitioned schedulers' fit, decreasing utilization: worst "
                           "(least loaded CPU) or first"),
    ("CAL_TOLERANCE", "0.10", "a run whose work ratio (rt-app's calibrated work against "
                              "C) strays from 1 by more is rejected as drifted"),
)
EXPERIMENTS = ("latency", "schedulability")
DEFAULTS = {name: default for name, default, _ in VARIABLES}

LOADS = ("idle", "cpu", "mixed")
INTERVAL_US = 200
# The policies the ping-pong and the deadline sweep compare, where POLICIES has them
REFERENCE_POLICIES = ("fifo", "edf")
# Policies that place tasks across CPUs: the cross-CPU ping-pong compares them too
GLOBAL_POLICIES = ("gedf",)
# The ping-pong variant with its two threads on two CPUs
PP_CROSS = "cross"
# A load runs this long before the measurement starts, so that its workers are up
LOAD_SETTLE_S = 1
# The ping-pong's CPU, whose policy counters the guest reads around it
PINGPONG_CPU = 0
# Program runs sampled per op and policy, beside the ping-pong (decisions_step)
DECISION_SAMPLES = 2000
# The deadline sweep's task set: name, share of the CPU at U_REF, period (ms): the U=0.95
# set of tests/guest/test-edf.sh (a 20/50, b 44/80), scaled to each utilization.
DL_TASKS = (("a", 20, 50), ("b", 44, 80))
DL_U_REF = 0.95


class PlanError(Exception):
    pass


@dataclass(frozen=True)
class Guest:
    """Paths on the machine that runs the plan: where scripts/build-initramfs.sh puts the
    test programs and the policies in the guest, the scratch folder, the kernel settings
    the plan writes, and plan_dir, where each run's script and the files it names are
    (in a guest, the initramfs appended for the run). A local run (plan_local) has them
    in the repository's out/ and EVAL_DIR/plan; a host test, in a temporary folder."""
    tmp: str = "/tmp"
    tests_bin: str = "/tests/bin"
    policies: str = "/policies"
    bpf_stats: str = "/proc/sys/kernel/bpf_stats_enabled"
    fair_server: str = "/sys/kernel/debug/sched/fair_server"
    scenarios: str = "/scenarios"
    plan_dir: str = "/eval"


def settings_from(environ, repo=REPO):
    """The variables from an environment, checked; lists as lists, numbers as numbers."""
    def get(name):
        return environ.get(name) or DEFAULTS[name]

    def number(name, what, least=1):
        v = get(name)
        if not v.isdigit() or int(v) < least:
            raise PlanError(f"eval: {name} must be a {what}")
        return int(v)

    s = {"DURATION": number("DURATION", "positive number of seconds"),
         "ROUNDS": number("ROUNDS", "positive number"),
         "KERNELS": get("KERNELS").split(),
         # Its default is the repository's policies, not a value of DEFAULTS
         "POLICIES": (environ.get("POLICIES") or "").split()
                     or sorted(p.name.removesuffix(".bpf.c")
                               for p in (Path(repo) / "policies").glob("*.bpf.c")),
         "LOADS": get("LOADS").split(),
         "HIST": number("HIST", "positive number of microseconds"),
         "PINGPONG": number("PINGPONG", "number of seconds (0: off)", 0),
         "PP_QUEUED": get("PP_QUEUED").split(),
         "DL_SECONDS": number("DL_SECONDS", "number of seconds (0: off)", 0),
         "DL_UTILS": get("DL_UTILS").split(),
         "CPUS": number("CPUS", "positive number of vCPUs"),
         "EXPERIMENTS": get("EXPERIMENTS").split(),
         "SCHED_KERNEL": get("SCHED_KERNEL"),
         "SCHEDULERS": get("SCHEDULERS").split(),
         "SCHED_UTILS": get("SCHED_UTILS").split(),
         "SCHED_SETS": number("SCHED_SETS", "positive number of sets"),
         "SCHED_JOBS": number("SCHED_JOBS", "positive number of jobs"),
         "SCHED_SEED": number("SCHED_SEED", "number", 0),
         "CAL_TOLERANCE": get("CAL_TOLERANCE"),
         "PARTITION": get("PARTITION"),
         "DL_MARGIN": get("DL_MARGIN")}
    if s["PARTITION"] not in sched.taskset.FITS:
        raise PlanError(f"eval: PARTITION must be one of {', '.join(sched.taskset.FITS)}")
    for e in s["EXPERIMENTS"]:
        if e not in EXPERIMENTS:
            raise PlanError(f"eval: unknown experiment '{e}' ({', '.join(EXPERIMENTS)})")
    try:
        sched.check_schedulers(s["SCHEDULERS"])
        utils = [float(u) for u in s["SCHED_UTILS"]]
        tolerance = float(s["CAL_TOLERANCE"])
        margin = float(s["DL_MARGIN"])
    except ValueError as e:
        raise PlanError(f"eval: {e}") from None
    if not all(0 < u <= 1 for u in utils) or len(set(utils)) != len(utils):
        raise PlanError("eval: SCHED_UTILS takes distinct utilizations per CPU in (0, 1]")
    if not 0 < tolerance < 1:
        raise PlanError("eval: CAL_TOLERANCE must be between 0 and 1")
    if not 0 <= margin <= 1:
        raise PlanError("eval: DL_MARGIN must be from 0 to 1")
    for load in s["LOADS"]:
        if load not in LOADS:
            raise PlanError(f"eval: unknown load '{load}' ({', '.join(LOADS)})")
    if not all(q == PP_CROSS or (q.isdigit() and int(q) <= 64) for q in s["PP_QUEUED"]):
        raise PlanError("eval: PP_QUEUED takes numbers of queued threads from 0 to 64, "
                        f"and {PP_CROSS} (two CPUs)")
    s["PP_QUEUED"] = [q if q == PP_CROSS else int(q) for q in s["PP_QUEUED"]]
    if PP_CROSS in s["PP_QUEUED"] and s["CPUS"] < 2:
        raise PlanError(f"eval: PP_QUEUED={PP_CROSS} needs CPUS of 2 or more")
    for u in s["DL_UTILS"]:
        try:
            float(u)
        except ValueError:
            raise PlanError(f"eval: DL_UTILS takes utilizations, not '{u}'") from None
    if not s["KERNELS"]:
        raise PlanError("eval: KERNELS names no kernel")
    return s


def facts_of(release, config):
    """What the plan needs to know of a kernel: its release and its .config (bytes)."""
    lines = config.decode(errors="replace").splitlines()
    return {"release": release,
            "config_sha256": hashlib.sha256(config).hexdigest()[:16],
            "patched": "CONFIG_BPF_SCHED=y" in lines,
            "preempt_rt": "CONFIG_PREEMPT_RT=y" in lines}


def kernel_facts(build_dir, name):
    """The facts of a built kernel (CACHE/build/NAME)."""
    b = Path(build_dir)
    if not (b / "arch/x86/boot/bzImage").is_file():
        raise PlanError(f"eval: kernel {name} is not built (make kernels KERNELS={name})")
    return facts_of((b / "include/config/kernel.release").read_text().strip(),
                    (b / ".config").read_bytes())


def running_kernel_facts(config=None, release=None):
    """The facts of the kernel this machine runs (or of RELEASE with CONFIG): its config
    from CONFIG, /boot/config-RELEASE or /proc/config.gz."""
    release = release or os.uname().release
    candidates = [Path(config)] if config else [Path(f"/boot/config-{release}"),
                                                Path("/proc/config.gz")]
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            return facts_of(release, gzip.decompress(data) if path.suffix == ".gz" else data)
    raise PlanError(f"eval-local: no config of kernel {release} "
                    f"({' or '.join(map(str, candidates))}); name one with CONFIG=FILE")


def local_kernel_name(facts):
    """A booted kernel's name in the results, as the QEMU kernels are named:
    vanilla|rt - stock|bpf."""
    return f"{'rt' if facts['preempt_rt'] else 'vanilla'}-{'bpf' if facts['patched'] else 'stock'}"


def host_environment(repo=REPO):
    git = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    cpu = next((line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    return {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "git_commit": git.stdout.strip() if git.returncode == 0 else "unknown",
            "host_cpu": cpu,
            "host_cpus": len(os.sched_getaffinity(0)),
            "host_kernel": os.uname().release}


def rotate(items, n):
    """The list rotated left by n: round r starts at its (r-1)th item."""
    items = list(items)
    k = len(items)
    return [items[(i + n) % k] for i in range(k)]


def command(*words):
    return shlex.join(str(w) for w in words)


def load_commands(cpus, guest):
    """The background loads by name; idle has none."""
    return {
        "idle": None,
        "cpu": command("stress-ng", "--cpu", cpus, "--timeout", 0, "--temp-path", guest.tmp),
        # I/O (write/unlink, sync), memory (mmap and touch) and syscalls (get*, pipes)
        "mixed": command("stress-ng", "--hdd", 1, "--hdd-bytes", "16m", "--io", 1, "--vm", 1,
                         "--vm-bytes", "64m", "--get", 1, "--pipe", 1, "--timeout", 0,
                         "--temp-path", guest.tmp),
    }


def policy_steps(state, guest):
    """A policy's attach and detach around a step (--scope all: it orders every user RT
    task, the measurement's own too); nothing for stock and none (none attached) and
    SCHED_DEADLINE (no policy)."""
    if state in ("stock", "none", "dl"):
        return {}
    return {"attach": command("rtsched", "attach", "--scope", "all",
                              f"{guest.policies}/{state}.bpf.o"),
            "detach": command("rtsched", "detach")}


def latency_step(s, load, state, guest, loads):
    base = f"lat-{load}-{state}"
    histfile = f"{guest.tmp}/hist"
    loops = s["DURATION"] * 1_000_000 // INTERVAL_US
    step = {"id": base, "kind": "latency", "load": load, "state": state,
            "range_us": s["HIST"], **policy_steps(state, guest)}
    if loads[load]:
        step["background"] = {"command": loads[load], "log": f"{base}.load.log",
                              "settle_s": LOAD_SETTLE_S, "temp": guest.tmp}
    step["measure"] = {"command": command("cyclictest", "-m", "-p95", f"-i{INTERVAL_US}", "-d0",
                                          f"-h{s['HIST']}", f"-l{loops}", f"-t{s['CPUS']}",
                                          "-a", "-q", f"--histfile={histfile}"),
                       "output": f"{base}.log"}
    if "attach" in step:
        # BPF run-time statistics of the policy over the run: ns per decision. The
        # kernel's counters run from boot: the run's decisions are after minus before.
        step["status_before"] = {"command": command("rtsched", "status", "--json"),
                                 "output": f"{base}.status-before.json"}
        step["status"] = {"command": command("rtsched", "status", "--json"),
                          "output": f"{base}.status.json"}
    step["histogram"] = {"from": histfile, "to": f"{base}.hist"}
    return step


def pingpong_step(s, state, queued, patched, guest):
    cross = queued == PP_CROSS
    out = f"pingpong-{PP_CROSS if cross else f'q{queued}'}-{state}.txt"
    step = {"id": out.removesuffix(".txt"), "kind": "pingpong", "state": state,
            "queued": queued, **policy_steps(state, guest)}
    # Across CPUs the decisions are on both: no per-CPU counters
    if patched and not cross:
        step["counters"] = {"cpu": PINGPONG_CPU}
    samples = out.replace(".txt", ".samples")
    step["measure"] = {"command": command(f"{guest.tests_bin}/pingpong",
                                          -1 if cross else PINGPONG_CPU, s["PINGPONG"],
                                          0 if cross else queued, samples),
                       "output": out, "samples": samples}
    return step


def decisions_step(policy, guest):
    """Samples of the policy's program run per op it declares (TEST_RUN, isolated)."""
    out = f"decisions-{policy}"
    return {"id": out, "kind": "decisions", "policy": policy,
            "measure": {"command": command(f"{guest.tests_bin}/decision_samples",
                                           f"{guest.policies}/{policy}.bpf.o",
                                           DECISION_SAMPLES, f"{out}.samples"),
                        "output": f"{out}.txt", "samples": f"{out}.samples"}}


def deadline_step(s, sched, u, guest):
    out = f"deadline-{sched}-u{u}.txt"
    tasks = [f"{name}:{float(u) * share / DL_U_REF:.3f}:{period}"
             for name, share, period in DL_TASKS]
    # dl: SCHED_DEADLINE with the same parameters; else the policy orders by them
    how = "--deadline-class" if sched == "dl" else "--params"
    return {"id": out.removesuffix(".txt"), "kind": "deadline", "sched": sched,
            "utilization": u, **policy_steps(sched, guest),
            "measure": {"command": command(f"{guest.tests_bin}/taskset", "--cpu",
                                           s["CPUS"] - 1, "--duration", s["DL_SECONDS"],
                                           how, *tasks),
                        "output": out}}


def make_run(s, kernel, facts, rnd, guest):
    patched = facts["patched"]
    loads = load_commands(s["CPUS"], guest)
    refs = [p for p in REFERENCE_POLICIES if p in s["POLICIES"]]
    states = ["none", *s["POLICIES"]] if patched else ["stock"]
    jobs = rotate([(load, state) for load in s["LOADS"] for state in states], rnd - 1)
    steps = [{"id": "guest", "kind": "guest", "release": facts["release"], "cpus": s["CPUS"],
              "output": "guest.env"},
             # BPF run-time statistics on during the latency steps: ns per decision
             {"id": "bpf-stats-on", "kind": "write", "path": guest.bpf_stats, "value": "1"}]
    steps += [latency_step(s, load, state, guest, loads) for load, state in jobs]
    glob = [p for p in GLOBAL_POLICIES if p in s["POLICIES"]]
    pingpong = [pingpong_step(s, state, q, patched, guest)
                for state in (["none", *refs, *glob] if patched else ["stock"])
                for q in s["PP_QUEUED"]
                if state not in glob or q == PP_CROSS] if s["PINGPONG"] else []
    deadline = [deadline_step(s, sched, u, guest)
                for u in s["DL_UTILS"] for sched in [*reversed(refs), "dl"]] \
        if rnd == 1 and patched and s["DL_SECONDS"] else []
    if pingpong or deadline:
        # Two clock reads per program run: off, so that switch rates and deadlines
        # compare the decisions alone
        steps.append({"id": "bpf-stats-off", "kind": "write", "path": guest.bpf_stats,
                      "value": "0"})
    steps += pingpong
    if pingpong and patched:
        steps += [decisions_step(p, guest) for p in refs]
    if deadline:
        # The sweep's CPU without the fair server's reservation, which would preempt the tasks
        server = f"{guest.fair_server}/cpu{s['CPUS'] - 1}/runtime"
        steps += [{"id": "fair-server-off", "kind": "write", "path": server, "value": "0"},
                  *deadline,
                  {"id": "fair-server-restore", "kind": "restore", "path": server}]
    name = f"r{rnd}-{kernel}"
    # Each latency step at most 4x its nominal time under emulation, plus boot
    timeout = (len(jobs) * (s["DURATION"] * 4 + 15)
               + 3 * len(s["PP_QUEUED"]) * (s["PINGPONG"] * 4 + 10) + 300)
    return {"name": name, "round": rnd, "kernel": kernel, "vcpus": s["CPUS"],
            "timeout_s": timeout, "script": f"{guest.plan_dir}/{name}.sh",
            "commands": "commands.txt", "steps": steps}


def plan_kernels(settings):
    """The kernels the experiments asked for boot, in order."""
    names = settings["KERNELS"] if "latency" in settings["EXPERIMENTS"] else []
    if "schedulability" in settings["EXPERIMENTS"] and settings["SCHED_KERNEL"] not in names:
        names = [*names, settings["SCHED_KERNEL"]]
    return names


def make_plan(settings, kernels, environment, guest=Guest()):
    """The plan of an evaluation: settings (settings_from), kernels {name: kernel_facts},
    environment (host_environment)."""
    runs, sets = [], []
    if "latency" in settings["EXPERIMENTS"]:
        runs = [make_run(settings, k, kernels[k], rnd, guest)
                for rnd in range(1, settings["ROUNDS"] + 1)
                for k in rotate(settings["KERNELS"], rnd - 1)]
    if "schedulability" in settings["EXPERIMENTS"]:
        facts = kernels[settings["SCHED_KERNEL"]]
        if not facts["patched"]:
            raise PlanError(f"eval: SCHED_KERNEL {settings['SCHED_KERNEL']} lacks the series "
                            "(the pedf runs need it)")
        more, sets = sched.make_runs(settings, facts, guest, rotate)
        runs += more
    return {"settings": settings, "environment": environment,
            "kernels": {k: kernels[k] for k in plan_kernels(settings)}, "runs": runs,
            "sets": sets}


def step_lines(step):
    """A step's lines for scripts/guest/eval.sh: lists of words, the verb first."""
    kind = step["kind"]
    if kind == "guest":
        return [["guest", step["output"], step["release"], str(step["cpus"])]]
    if kind == "write":
        return [["write", step["path"], step["value"]]]
    if kind == "restore":
        return [["restore", step["path"]]]
    lines = []
    bg, counters = step.get("background"), step.get("counters")
    measure = step["measure"]
    if "attach" in step:
        lines.append(["attach", *shlex.split(step["attach"])])
    if "status_before" in step:
        before = step["status_before"]
        lines.append(["save", before["output"], *shlex.split(before["command"])])
    if bg:
        lines.append(["load", str(bg["settle_s"]), bg["log"], *shlex.split(bg["command"])])
    if counters:
        lines.append(["counters_start", str(counters["cpu"])])
    lines.append(["measure", measure["output"], *shlex.split(measure["command"])])
    if counters:
        lines.append(["counters_append", str(counters["cpu"]), measure["output"]])
    if bg:
        lines.append(["unload", bg["temp"]])
    if "status" in step:
        lines.append(["save", step["status"]["output"], *shlex.split(step["status"]["command"])])
    if "detach" in step:
        lines.append(["detach", *shlex.split(step["detach"])])
    if "histogram" in step:
        lines.append(["histogram", step["histogram"]["from"], step["histogram"]["to"]])
    return lines


def render(run):
    """A run's script for scripts/guest/eval.sh: one verb and its words per line."""
    out = [f"# {run['name']}: round {run['round']}, kernel {run['kernel']} "
           "(plan.json; scripts/guest/eval.sh executes these lines)",
           shlex.join(["record", run["commands"]])]
    for step in run["steps"]:
        out.append(shlex.join(["step", step["id"]]))
        out += [shlex.join(words) for words in step_lines(step)]
    return "\n".join(out) + "\n"


def newc(files):
    """An uncompressed newc cpio archive, the kernel's initramfs format, of (path, mode,
    bytes) entries in order (a folder before what it holds), owned by root."""
    out = bytearray()

    def entry(ino, name, mode, data, nlink):
        name = name.encode() + b"\0"
        fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name), 0)
        out.extend(b"070701" + b"".join(b"%08X" % f for f in fields) + name)
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data)
        out.extend(b"\0" * (-len(out) % 4))

    for ino, (name, mode, data) in enumerate(files, 1):
        entry(ino, name, mode, data, 2 if mode & 0o040000 else 1)
    entry(0, "TRAILER!!!", 0, b"", 1)
    # Whole blocks like cpio's, so that an archive appended after this one starts aligned
    out.extend(b"\0" * (-len(out) % 512))
    return bytes(out)


def guest_initramfs(run, eval_dir):
    """The initramfs to append to the guest's for a run: its script at run['script'],
    and the files it names (EVAL_DIR path, guest path), in their folders."""
    folder, name = run["script"].lstrip("/").split("/")
    entries = [(folder, 0o040755, b""), (f"{folder}/{name}", 0o100644, render(run).encode())]
    folders = {folder}
    for host, guest in run.get("files", []):
        path = guest.lstrip("/")
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub not in folders:
                folders.add(sub)
                entries.append((sub, 0o040755, b""))
        entries.append((path, 0o100644, (Path(eval_dir) / host).read_bytes()))
    return newc(entries)


def write(eval_dir, plan, local=False):
    """plan.json, each run's script in plan/, and what a run needs beside it: for a guest,
    packed with the script as the initramfs to append (plan/RUN.cpio); for a local run
    (plan_local: plan_dir is where EVAL_DIR/plan is on the machine that runs it), the
    files it names, in plan/ as its script names them, and plan/runs.txt, the list
    scripts/guest/eval-local.sh runs."""
    eval_dir = Path(eval_dir)
    (eval_dir / "plan").mkdir(parents=True, exist_ok=True)
    (eval_dir / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")
    for path, conf in sched.rtapp_files(plan).items():
        (eval_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (eval_dir / path).write_text(json.dumps(conf, indent=1) + "\n")
    for run in plan["runs"]:
        (eval_dir / "plan" / f"{run['name']}.sh").write_text(render(run))
        if not local:
            (eval_dir / "plan" / f"{run['name']}.cpio").write_bytes(guest_initramfs(run, eval_dir))
            continue
        for host, _ in run.get("files", []):
            (eval_dir / "plan" / host).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(eval_dir / host, eval_dir / "plan" / host)
    if local:
        (eval_dir / "plan" / "runs.txt").write_text("".join(
            f"{run['name']}\t{run['timeout_s']}\t{run['script']}\t{describe(plan, run)}\n"
            for run in plan["runs"]))


def read(eval_dir):
    return json.loads((Path(eval_dir) / "plan.json").read_text())


def describe(plan, run):
    return run.get("what") or (
        f"round {run['round']}/{plan['settings']['ROUNDS']}, {run['kernel']}, "
        f"{sum(s['kind'] == 'latency' for s in run['steps'])} configurations")


def run_lines(eval_dir, plan):
    """One line per run for scripts/eval.sh, tab-separated: name, kernel, vCPUs, time
    limit (s), the script's path in the guest, the initramfs to append, a description."""
    for run in plan["runs"]:
        yield "\t".join(map(str, (
            run["name"], run["kernel"], run["vcpus"], run["timeout_s"], run["script"],
            Path(eval_dir) / "plan" / f"{run['name']}.cpio", describe(plan, run))))


def check_policies(settings, policies_dir):
    for p in settings["POLICIES"]:
        if not (Path(policies_dir) / f"{p}.bpf.o").is_file():
            raise PlanError(f"eval: no policy {policies_dir}/{p}.bpf.o (make userspace)")


def main(eval_dir, builds, policies_dir):
    settings = settings_from(os.environ)
    check_policies(settings, policies_dir)
    kernels = {k: kernel_facts(Path(builds) / k, k) for k in plan_kernels(settings)}
    plan = make_plan(settings, kernels, host_environment())
    write(eval_dir, plan)
    for line in run_lines(eval_dir, plan):
        print(line)


def online_cpus():
    return sum(line.startswith("processor") for line in
               Path("/proc/cpuinfo").read_text().splitlines())


def plan_local(eval_dir, environ, guest, config=None, release=None, cpus=None,
               policies_dir=None):
    """The plan of a local run: the evaluation of the kernel a machine runs (this one, or
    RELEASE with CONFIG and CPUS for another), executed there by scripts/guest/eval-local.sh
    with the paths of GUEST; the policies are checked in POLICIES_DIR when given. Its
    kernel is named by local_kernel_name(); an unpatched kernel runs the latency
    experiment only, unless EXPERIMENTS asks for more."""
    if environ.get("KERNELS"):
        raise PlanError("eval-local: KERNELS does not apply: a local run measures the "
                        "kernel the machine runs (boot another and run again)")
    facts = running_kernel_facts(config, release)
    name = local_kernel_name(facts)
    env = dict(environ, KERNELS=name, SCHED_KERNEL=name)
    machine_cpus = str(cpus or online_cpus())
    if environ.get("CPUS") and environ["CPUS"] != machine_cpus:
        raise PlanError(f"eval-local: CPUS={environ['CPUS']}, but the machine has "
                        f"{machine_cpus} online CPUs, which each run checks")
    env["CPUS"] = machine_cpus
    if not facts["patched"] and not environ.get("EXPERIMENTS"):
        env["EXPERIMENTS"] = "latency"
    settings = settings_from(env)
    if policies_dir:
        check_policies(settings, policies_dir)
    plan = make_plan(settings, {name: facts}, {**host_environment(), "mode": "local"}, guest)
    write(eval_dir, plan, local=True)
    return plan
