#!/usr/bin/env python3
"""brink under mpirun: the same bytes as one process, and clean failures.

For every shipped model, each command below runs once alone and once under
`mpirun --oversubscribe -np 3`, and every output file but run.json must be byte-identical:
run (with and without draws, --given, --set), sweep, sensitivity, compare and --precision, also
on a model whose events end (version 2); and runs given a history (the posterior's sampler divided among the ranks). The default
model also runs with 1, 2 and 5 ranks and 1 or 2 threads, with more ranks than trial units,
and with more ranks than sweep points. Then the failures: a bad model or option gives one
message and exit 2 on every rank with no files; a rank killed mid-run makes mpirun exit
non-zero and leaves no output folder; SIGINT to mpirun stops every rank promptly. Every
mpirun is bounded by a timeout, so a hang fails the test instead of stalling it.

Usage: mpi_test.py BRINK_BINARY SOURCE_DIR SCRATCH_DIR
Exits 77 (CTest's "skipped") when mpirun is not installed.
"""
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time

SKIP = 77
TIMEOUT = 120


def mpirun(n):
    command = ["mpirun", "--oversubscribe", "-np", str(n)]
    if os.geteuid() == 0:
        command.insert(1, "--allow-run-as-root")
    return command


class Test:
    def __init__(self, brink, source, scratch):
        self.brink, self.source, self.scratch = brink, source, scratch
        self.failures = 0
        self.compared = 0

    def fail(self, what):
        print("FAIL", what)
        self.failures += 1

    def run(self, prefix, args, out, expect=0):
        command = prefix + [self.brink] + args + ["--out", out, "-q"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        if result.returncode != expect:
            self.fail("%s exited %d, not %d: %s" % (" ".join(command), result.returncode, expect,
                                                     result.stderr[-2000:]))
        return result

    def shows_processes(self, name, ranks):
        """`brink show` of the run `same` made under mpirun says its processes, as the run did."""
        many = os.path.join(self.scratch, name + "-%d" % ranks)
        shown = subprocess.run([self.brink, "show", many], capture_output=True, text=True,
                               timeout=TIMEOUT)
        words = "%d processes x " % ranks
        ok = shown.returncode == 0 and words in shown.stdout
        print("%-4s %-44s show says '%s'" % ("ok" if ok else "FAIL", name, words.strip()))
        if not ok:
            self.fail("brink show %s: no '%s' in %r" % (many, words, shown.stdout[:300]))

    def same(self, name, args, ranks=3, threads=None):
        """Runs `args` alone (2 threads) and under mpirun; compares every output file."""
        alone = os.path.join(self.scratch, name + "-1")
        many = os.path.join(self.scratch, name + "-%d" % ranks)
        self.run([], args + ["--threads", "2"], alone)
        extra = ["--threads", str(threads)] if threads else []
        self.run(mpirun(ranks), args + extra, many)
        if not os.path.isdir(alone) or not os.path.isdir(many):
            self.fail("%s: no output folder" % name)
            return
        files = sorted(f for f in os.listdir(alone) if f != "run.json")
        ok = files == sorted(f for f in os.listdir(many) if f != "run.json")
        differ = [f for f in files if not filecmp.cmp(os.path.join(alone, f),
                                                      os.path.join(many, f), shallow=False)]
        record = json.load(open(os.path.join(many, "run.json")))
        ok = ok and not differ and record["ranks"] == ranks
        self.compared += len(files)
        print("%-4s %-44s %d ranks: %s" % ("ok" if ok else "FAIL", name, ranks,
                                          "identical " + ", ".join(files) if ok
                                          else "differ: %s" % differ))
        if not ok:
            self.failures += 1


def main():
    brink, source, scratch = sys.argv[1:4]
    if shutil.which("mpirun") is None:
        print("MPI test skipped: mpirun is not installed (Debian package openmpi-bin)")
        return SKIP
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    t = Test(brink, source, scratch)
    models = os.path.join(source, "models")
    for file in sorted(f for f in os.listdir(models)
                       if f.endswith(".yaml") and not f.endswith(".history.yaml")):
        model = os.path.join(models, file)
        stem = file[:-5]
        probe = os.path.join(scratch, stem + "-probe")
        t.run([], ["run", model, "--trials", "1000"], probe)
        record = json.load(open(os.path.join(probe, "run.json")))
        if record.get("model_language") == 2:
            continue  # events that end: sweep and sensitivity do not run them yet
        named = [p for p in record["parameters"] if "." not in p]
        events = [line.split(",")[1] for line in open(os.path.join(probe, "summary.csv"))
                  if line.startswith("event,")]
        t.same(stem + " run", ["run", model, "--trials", "30000"])
        t.same(stem + " run --draws 7", ["run", model, "--trials", "5000", "--draws", "7"])
        t.same(stem + " run --given", ["run", model, "--trials", "30000", "--given", events[0]])
        setting = "%s=0.3" % named[0] if named else "horizon=3"
        t.same(stem + " run --set", ["run", model, "--trials", "30000", "--set", setting])
        vary = "%s=10%%:50%%:20%%" % named[0] if named else "horizon=2:6:2"
        t.same(stem + " sweep", ["sweep", model, "--trials", "5000", "--draws", "1",
                                 "--vary", vary])
        t.same(stem + " sensitivity", ["sensitivity", model, "--trials", "3000",
                                       "--draws", "6"])
        t.same(stem + " run --precision", ["run", model, "--draws", "1", "--precision", "5%",
                                           "--max-trials", "1e6"])
    # The one-way treaty model (version 1): sweep, sensitivity, compare and run --history.
    treaty = os.path.join(source, "examples", "one-way", "russia_dprk_treaty.yaml")
    for ranks in (1, 2, 5):
        t.same("treaty run --draws 9 (threads 1)", ["run", treaty, "--trials", "4000",
                                                    "--draws", "9"], ranks, threads=1)
    t.same("treaty: more ranks than trial units", ["run", treaty, "--trials", "700"], 5)
    t.same("treaty: more ranks than sweep points", ["sweep", treaty, "--trials", "3000",
                                                    "--draws", "1", "--vary",
                                                    "invoke_if_attacked=0.2,0.8"], 5)
    t.same("treaty: many draws, few trials", ["run", treaty, "--trials", "100", "--draws",
                                              "300"], 3)
    t.shows_processes("treaty: many draws, few trials", 3)
    chain = os.path.join(models, "chain.yaml")
    t.same("chain run --rare (every rank runs it)", ["run", chain, "--rare", "--set",
                                                     "incident_rate=0.05%", "--set",
                                                     "mobilise_p=0.5%"], 2)
    t.same("treaty sensitivity --sobol", ["sensitivity", treaty, "--trials", "2000",
                                          "--draws", "4", "--sobol", "--sobol-samples", "16"], 2)
    t.same("treaty sweep --baseline", ["sweep", treaty, "--trials", "3000", "--draws", "3",
                                       "--vary", "invoke_if_attacked=0.2,0.5,0.8",
                                       "--baseline"], 2)
    # Compare's arms run paired through the one runner, divided like any run.
    t.same("treaty compare", ["compare", treaty, "--trials", "3000", "--draws", "5", "--a",
                              "invoke_if_attacked=0.2", "--b", "invoke_if_attacked=0.8"], 2)
    # A model whose events end (version 2): episode trials divided among the ranks, alone and
    # paired (a sweep's baseline, compare), and a now-target.
    episodes = os.path.join(source, "examples", "episodes")
    patrols = os.path.join(episodes, "patrols.yaml")
    t.same("incidents run (version 2)", ["run", os.path.join(episodes, "incidents.yaml"),
                                         "--trials", "20000"], 2)
    t.same("patrols run --draws 5", ["run", patrols, "--trials", "3000", "--draws", "5"], 2)
    t.same("patrols sweep --baseline, active:incident",
           ["sweep", patrols, "--trials", "3000", "--draws", "1", "--vary",
            "resolve_rate=0.3,0.5,0.7", "--target", "active:incident", "--baseline"], 2)
    t.same("patrols sensitivity level_at:2", ["sensitivity", patrols, "--trials", "2000",
                                              "--draws", "4", "--target", "level_at:2"], 2)
    t.same("patrols compare", ["compare", patrols, "--trials", "3000", "--draws", "3", "--a",
                               "talks_succeed=0.3", "--b", "talks_succeed=0.9"], 2)
    # Learning from a history: the ranks divide the sampler's likelihoods and the figures of
    # each posterior draw.
    history = os.path.join(source, "examples", "one-way", "russia_dprk_treaty.history.yaml")
    t.same("treaty run --history", ["run", treaty, "--history", history, "--draws", "120",
                                    "--trials", "80"], 2)
    t.same("treaty run --history, 3 ranks", ["run", treaty, "--history", history, "--draws",
                                             "50", "--trials", "40"], 3, threads=1)
    t.shows_processes("treaty run --history, 3 ranks", 3)
    border = os.path.join(source, "examples", "history")
    t.same("border exact --history", ["exact", os.path.join(border, "border.yaml"), "--history",
                                      os.path.join(border, "border.history.yaml"), "--draws",
                                      "300"], 2)
    t.same("border compare --history", ["compare", os.path.join(border, "border.yaml"),
                                         "--a", "talks_rate=5%", "--b", "talks_rate=9%",
                                         "--history", os.path.join(border, "border.history.yaml"),
                                         "--draws", "200", "--trials", "50"], 2)

    # A bad model: one located message, exit 2, no folder, no hang.
    bad = os.path.join(source, "tests", "bad_models", "unknown_event_in_condition.yaml")
    out = os.path.join(scratch, "bad")
    start = time.time()
    result = t.run(mpirun(3), ["run", bad], out, expect=2)
    lines = [l for l in result.stderr.splitlines() if "error:" in l]
    ok = len(lines) == 1 and "unknown_event_in_condition.yaml:" in lines[0] \
        and not os.path.exists(out)
    print("%-4s bad model under 3 ranks: %d message(s), exit %d, %.1f s" % (
        "ok" if ok else "FAIL", len(lines), result.returncode, time.time() - start))
    t.failures += not ok
    # A bad option, and an output folder only rank 0 can refuse.
    result = t.run(mpirun(3), ["run", treaty, "--trials", "1e99"], out, expect=2)
    ok = result.stderr.count("error:") == 1 and not os.path.exists(out)
    print("%-4s bad option under 3 ranks: exit %d" % ("ok" if ok else "FAIL", result.returncode))
    t.failures += not ok
    blocked = os.path.join(scratch, "not-a-folder")
    open(blocked, "w").write("x")
    result = t.run(mpirun(3), ["run", treaty], blocked, expect=2)
    ok = result.stderr.count("error:") == 1
    print("%-4s unusable --out under 3 ranks: exit %d" % ("ok" if ok else "FAIL",
                                                         result.returncode))
    t.failures += not ok

    # A rank killed mid-run, and SIGINT to mpirun: non-zero exit, no output folder, promptly.
    for what in ("kill a rank", "SIGINT to mpirun"):
        out = os.path.join(scratch, "stopped")
        command = mpirun(3) + [brink, "run", treaty, "--trials", "1e9", "--threads", "1",
                               "--out", out, "-q"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)
        time.sleep(2.5)
        if what == "kill a rank":
            ranks = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                   text=True).stdout.split()
            os.kill(int(ranks[-1]), signal.SIGKILL)
        else:
            process.send_signal(signal.SIGINT)
        start = time.time()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        took = time.time() - start
        ok = process.returncode != 0 and not os.path.exists(out) and took < 10
        print("%-4s %s: mpirun exit %d after %.1f s, output folder %s" % (
            "ok" if ok else "FAIL", what, process.returncode, took,
            "absent" if not os.path.exists(out) else "PRESENT"))
        t.failures += not ok
    print("%d files compared; %d problems" % (t.compared, t.failures))
    return 1 if t.failures else 0


if __name__ == "__main__":
    sys.exit(main())
