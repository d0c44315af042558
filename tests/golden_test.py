#!/usr/bin/env python3
"""brink's outputs against the golden copies in tests/golden/, byte for byte.

Every shipped model under run (with and without draws, --given), exact, sweep (one and two
axes, --baseline), sensitivity (with --sobol), compare, --rare, --format json, show, validate,
graph and report.html, plus a few refused requests (their message and exit status). Each case
is run in a scratch folder and its standard output, standard error, exit status and every file
it wrote are compared with tests/golden/CASE/.

What may differ between two runs of the same command is normalized first, on both sides:
run.json's "started", "wall_seconds" and "trials_per_second", wall times in the tables ("0.12 s"), the thread count,
the SIMD kernel's name and the scratch folder's path. report.html is compared by its SHA-256
(it is 0.5 MB), made by `brink report` from the folder after run.json was normalized.

The cases run on frozen copies of the models and histories they name, tests/golden/inputs/
(laid out as the repository: models/, examples/history/), copied into a scratch folder that is
each command's working folder: a change to a shipped model moves no golden output. The copies
change only on purpose, like the outputs (tests/golden/README.md).

The golden copies change only on purpose: after a change that is meant to alter an output,
run `tests/golden_test.py --brink build/brink --source . --refresh`, read `git diff
tests/golden`, and say in the commit why each difference is right (tests/golden/README.md).

Usage: golden_test.py --brink BUILD/brink --source REPO [--refresh] [--case NAME]
"""
import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

DPRK = "models/russia_dprk_treaty.yaml"
CHAIN = "models/chain.yaml"
COIN = "models/coin.yaml"
CASES = "models/cases_and_inhibitors.yaml"
BORDER = "examples/history/border.yaml"
BORDER_HISTORY = "examples/history/border.history.yaml"
CEASEFIRE = "examples/episodes/ceasefire.yaml"
INCIDENTS = "examples/episodes/incidents.yaml"
PATROLS = "examples/episodes/patrols.yaml"
FAST = ["--trials", "3000", "--seed", "11", "--threads", "2"]

# name -> (arguments after "brink", whether to also make report.html from the output folder)
CASE_LIST = {
    # run, every shipped model
    "run-dprk-draws": (["run", DPRK, "--draws", "6"] + FAST, True),
    "run-dprk-medians": (["run", DPRK, "--draws", "1"] + FAST, False),
    "run-dprk-given": (["run", DPRK, "--draws", "4", "--given", "dprk_troops"] + FAST, False),
    "run-dprk-json": (["run", DPRK, "--draws", "3", "--format", "json"] + FAST, False),
    "run-dprk-set": (["run", DPRK, "--draws", "3", "--set", "invoke_if_attacked=80%",
                      "--set", "horizon=30"] + FAST, False),
    "run-dprk-precision": (["run", DPRK, "--draws", "1", "--precision", "20%",
                            "--target", "dprk_troops", "--seed", "3", "--threads", "2"], False),
    "run-dprk-reference": (["run", DPRK, "--draws", "2", "--engine", "reference",
                            "--trials", "500", "--seed", "5", "--threads", "2"], False),
    "run-chain": (["run", CHAIN] + FAST, True),
    "run-chain-given": (["run", CHAIN, "--given", "mobilisation and not strike"] + FAST, False),
    "run-coin": (["run", COIN] + FAST, False),
    "run-cases": (["run", CASES] + FAST, False),
    "run-cases-given": (["run", CASES, "--given", "talks"] + FAST, False),
    "run-coin-rare": (["run", COIN, "--rare", "--set", "horizon=2", "--seed", "4",
                       "--threads", "2"], False),
    "run-chain-rare-json": (["run", CHAIN, "--rare", "--target", "strike", "--precision", "20%",
                             "--seed", "4", "--threads", "2", "--format", "json"], False),
    # a model whose events end (version 2 of the language)
    "run-ceasefire": (["run", CEASEFIRE] + FAST, False),
    "run-incidents-json": (["run", INCIDENTS, "--format", "json"] + FAST, False),
    "run-ceasefire-precision": (["run", CEASEFIRE, "--precision", "0.01", "--target",
                                 "level_at:2", "--seed", "3", "--threads", "2"], False),
    "exact-ceasefire-given": (["exact", CEASEFIRE, "--given", "ever ceasefire and not offensive"],
                              False),
    "exact-ceasefire-history": (["exact", CEASEFIRE, "--history",
                                 "examples/episodes/ceasefire.history.yaml"], False),
    # studies of a model whose events end: a now-target, a baseline, paired episodes
    "sweep-patrols-baseline": (["sweep", PATROLS, "--vary", "resolve_rate=30%:70%:20%",
                                "--target", "active:incident", "--baseline", "--draws", "1"]
                               + FAST, False),
    "compare-patrols": (["compare", PATROLS, "--a", "talks_succeed=30%", "--b",
                         "talks_succeed=90%", "--draws", "1"] + FAST, False),
    "sensitivity-patrols-now": (["sensitivity", PATROLS, "--target", "level_at:2", "--draws",
                                 "4", "--sobol", "--sobol-samples", "8"] + FAST, False),
    # exact
    "exact-chain": (["exact", CHAIN, "--threads", "2"], True),
    "exact-coin-json": (["exact", COIN, "--format", "json"], False),
    "exact-cases-given": (["exact", CASES, "--given", "talks"], False),
    "exact-dprk-draws": (["exact", DPRK, "--draws", "4", "--seed", "9", "--threads", "2"], False),
    "exact-dprk-constant": (["exact", DPRK, "--draws", "3", "--seed", "9", "--threads", "2",
                             "--set", "offensive_rate=3%", "--set", "invoke_if_attacked=50%",
                             "--set", "troops_if_invoked=45%"], False),
    # sweep
    "sweep-dprk-one": (["sweep", DPRK, "--vary", "invoke_if_attacked=20%:80%:20%",
                        "--draws", "2"] + FAST, True),
    "sweep-dprk-two": (["sweep", DPRK, "--vary", "invoke_if_attacked=30%,60%",
                        "--vary", "troops_if_paid=40%:80%:20%", "--draws", "1"] + FAST, True),
    "sweep-dprk-baseline": (["sweep", DPRK, "--vary", "invoke_if_attacked=30%,50%,70%",
                             "--baseline", "1", "--draws", "2"] + FAST, False),
    "sweep-chain-json": (["sweep", CHAIN, "--vary", "mobilise_p=10%,50%", "--format", "json"]
                         + FAST, False),
    "sweep-coin-horizon": (["sweep", COIN, "--vary", "horizon=2:6:2"] + FAST, False),
    "sweep-cases-exact": (["sweep", CASES, "--vary", "warning_p=0,1", "--engine", "exact"],
                          False),
    # sensitivity
    "sensitivity-dprk-sobol": (["sensitivity", DPRK, "--sobol", "--sobol-samples", "16",
                                "--draws", "8", "--target", "level:4"] + FAST, True),
    "sensitivity-dprk-json": (["sensitivity", DPRK, "--draws", "4", "--format", "json"] + FAST,
                              False),
    "sensitivity-chain": (["sensitivity", CHAIN, "--swing", "25%"] + FAST, False),
    "sensitivity-cases-exact": (["sensitivity", CASES, "--engine", "exact"], False),
    # compare
    "compare-dprk": (["compare", DPRK, "--a", "invoke_if_attacked=30%", "--b",
                      "invoke_if_attacked=60%", "--draws", "3"] + FAST, True),
    "compare-chain-json": (["compare", CHAIN, "--a", "mobilise_p=20%", "--b", "mobilise_p=60%",
                            "--format", "json"] + FAST, False),
    "compare-chain-bmodel": (["compare", CHAIN, "--b-model", CHAIN, "--b", "incident_rate=10%"]
                             + FAST, False),
    # validate, graph
    "validate-dprk": (["validate", DPRK], False),
    "validate-cases": (["validate", CASES], False),
    "graph-dprk": (["graph", DPRK], False),
    "graph-chain": (["graph", CHAIN], False),
    "graph-coin": (["graph", COIN], False),
    "graph-cases": (["graph", CASES], False),
    "graph-chain-svg": (["graph", CHAIN, "--format", "svg"], False),
    # refused requests: the message and exit status 2
    "error-trials": (["run", CHAIN, "--trials", "1.5"], False),
    "error-seed": (["run", CHAIN, "--seed", "-1"], False),
    "error-engine": (["run", CHAIN, "--engine", "quick"], False),
    "error-set": (["run", CHAIN, "--set", "nope=1"], False),
    "error-given": (["run", CHAIN, "--given", "strik"], False),
    "error-target": (["run", CHAIN, "--precision", "5%", "--target", "level:9"], False),
    "error-precision-draws": (["run", DPRK, "--precision", "5%", "--draws", "3"], False),
    "error-rare-given": (["run", CHAIN, "--rare", "--given", "strike"], False),
    "error-vary": (["sweep", CHAIN, "--vary", "mobilise_p"], False),
    "error-compare-arms": (["compare", CHAIN], False),
    "error-model": (["run", "tests/bad_models/" + "MISSING.yaml"], False),
    # histories
    "exact-border-history": (["exact", BORDER, "--history", BORDER_HISTORY, "--draws", "300",
                              "--threads", "2"], True),
    "exact-border-history-pinned": (["exact", BORDER, "--history", BORDER_HISTORY, "--set",
                                     "protest_rate=10%", "--set", "blockade_p=60%",
                                     "--format", "json"], False),
    "run-border-history": (["run", BORDER, "--history", BORDER_HISTORY, "--draws", "300",
                            "--trials", "200"] + FAST[2:], False),
    "run-dprk-history": (["run", DPRK, "--history", "models/russia_dprk_treaty.history.yaml",
                          "--draws", "200", "--trials", "100"] + FAST[2:], True),
    "compare-border-history": (["compare", BORDER, "--a", "talks_rate=5%", "--b",
                                "talks_rate=10%", "--history", BORDER_HISTORY, "--engine",
                                "exact", "--draws", "200", "--threads", "2"], False),
    "error-history-impossible": (["exact", BORDER, "--history",
                                  "examples/history/impossible.history.yaml"], False),
}

# Each shown folder is also printed again by `brink show` (its table from the files).
SHOWN = {"run-dprk-draws", "run-chain-given", "exact-chain", "sweep-dprk-baseline",
         "sensitivity-dprk-sobol", "compare-dprk", "exact-border-history",
         "run-dprk-history", "compare-border-history", "sweep-patrols-baseline",
         "compare-patrols", "sensitivity-patrols-now"}


def normalizer(scratch):
    rules = [
        (re.compile(re.escape(str(scratch))), "SCRATCH"),
        (re.compile(r"\((avx512|avx2|sse4|scalar|neon) kernel\)"), "(KERNEL kernel)"),
        (re.compile(r'"simd_kernel": "[a-z0-9]+"'), '"simd_kernel": "KERNEL"'),
        (re.compile(r"\b\d+\.\d\d s\b"), "T s"),
        (re.compile(r'"started": "[^"]*"'), '"started": "T"'),
        (re.compile(r'"wall_seconds": [0-9.e+-]+'), '"wall_seconds": 0'),
        (re.compile(r'"(before|posterior|given)": [0-9][0-9.e+-]*(,?)$', re.M), r'"\1": 0\2'),
        (re.compile(r'"trials_per_second": [0-9.e+-]+'), '"trials_per_second": 0'),
    ]

    def apply(text):
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text
    return apply


def run_case(brink, source, scratch, name, args, report):
    """{file name: text} of what the case gave: stdout, stderr, status and its files."""
    normalize = normalizer(scratch)
    out = scratch / name
    argv = ["brink"] + args  # argv[0] as run.json records it, whichever binary runs
    writes = args[0] in ("run", "exact", "sweep", "sensitivity", "compare")
    if writes:
        argv += ["--out", str(out)]
    env = dict(os.environ, BRINK_SIMD="")
    env.pop("BRINK_SIMD")
    proc = subprocess.run(argv, executable=brink, cwd=source, capture_output=True, env=env,
                          timeout=600)
    got = {
        "stdout.txt": normalize(proc.stdout.decode("utf-8", "replace")),
        "stderr.txt": normalize(proc.stderr.decode("utf-8", "replace")),
        "status.txt": "%d\n" % proc.returncode,
    }
    if writes and out.is_dir():
        run_json = out / "run.json"
        if run_json.exists():
            run_json.write_text(normalize(run_json.read_text(encoding="utf-8")),
                                encoding="utf-8")
        for path in sorted(out.iterdir()):
            if path.name == "report.html":
                continue
            got["files/" + path.name] = normalize(path.read_text(encoding="utf-8"))
        if report:
            subprocess.run([brink, "report", str(out), "--quiet"], check=True)
            digest = hashlib.sha256((out / "report.html").read_bytes()).hexdigest()
            got["report.sha256"] = digest + "\n"
        if name in SHOWN:
            proc = subprocess.run([brink, "show", str(out)], capture_output=True, check=True)
            got["show.txt"] = normalize(proc.stdout.decode("utf-8"))
    return got


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brink", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--case", action="append")
    args = parser.parse_args()
    brink = os.path.abspath(args.brink)
    source = pathlib.Path(args.source).resolve()
    golden = source / "tests" / "golden"
    names = args.case or sorted(CASE_LIST)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="brink-golden-"))
    failed = passed = 0
    # The frozen inputs, where the cases' relative paths find them (models/..., examples/...).
    inputs = scratch / "inputs"
    shutil.copytree(golden / "inputs", inputs)
    try:
        for name in names:
            case_args, report = CASE_LIST[name]
            got = run_case(brink, inputs, scratch, name, case_args, report)
            folder = golden / name
            if args.refresh:
                shutil.rmtree(folder, ignore_errors=True)
                for file, text in got.items():
                    (folder / file).parent.mkdir(parents=True, exist_ok=True)
                    (folder / file).write_text(text, encoding="utf-8")
                continue
            want = {}
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        want[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
            problems = []
            for file in sorted(set(want) | set(got)):
                if file not in got:
                    problems.append("%s: not written" % file)
                elif file not in want:
                    problems.append("%s: not in the golden copy" % file)
                elif got[file] != want[file]:
                    a, b = want[file].split("\n"), got[file].split("\n")
                    line = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]),
                                min(len(a), len(b)))
                    problems.append("%s differs at line %d:\n    golden: %s\n    now:    %s" % (
                        file, line + 1, a[line] if line < len(a) else "<end>",
                        b[line] if line < len(b) else "<end>"))
            if problems:
                failed += 1
                print("FAIL %s (brink %s)" % (name, " ".join(case_args)))
                for p in problems:
                    print("  " + p)
            else:
                passed += 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.refresh:
        print("golden: wrote %d cases to %s" % (len(names), golden))
        return 0
    print("golden: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
