#!/usr/bin/env python3
"""Which source folder may include which: brink's layering, checked from the #include lines.

Every .h/.cpp/.cc file under src/, python/, include/ and examples/cpp/ is scanned for
`#include "..."` and `#include <...>` lines (outside /* */ comments). A file under src/F/
belongs to folder F; internal includes are written relative to src/ ("engine/tally.h"),
public ones as "brink/run.h". Each include/brink header is owned by a layer: command.h by
command; report.h, html_report.h, model_graph.h and output_folder.h by report; every other
one by core, and within the core the studies' (history_run.h, sweep.h, sensitivity.h,
sobol.h, compare.h, rare.h) by src/study. The layers, lowest first:

  core    (brink_core)    src/random model uncertainty plan engine estimate run study
  report  (brink_report)  src/report: every writer
  command (brink_command) src/command: typed requests, validation, Execute
  bench, cli, python      src/bench, src/cli (CLI11), python/ (pybind11)

The rules:
  1. random, model, uncertainty, plan, engine and estimate never include run/; no core folder
     but src/study includes study/ or a study-owned public header (the runner calls no
     study); no core folder includes report/, command/, cli/, bench/, nor a report- or
     command-owned public header (src/run and src/study may include the other core folders'
     internals below them).
  2. src/report includes only public headers, report/ internals and third-party headers, and
     no command-owned public header.
  3. src/command never includes cli/ (it may include core, report and bench: it runs them).
  4. src/bench never includes command/ or cli/.
  5. include/brink headers include no internal header (a quoted include not "brink/..."); a
     core-owned one includes no report- or command-owned one, a report-owned one no
     command-owned one.
  6. Only src/cli includes CLI11 (CLI/...); only python/ includes pybind11 (pybind11/...).
  7. python/ never includes cli/.
  8. examples/cpp includes only public, standard and third-party headers.
  9. Each folder includes only the internal folders docs/architecture.md's table allows it
     ("may include"), and what those may include in turn: random nothing, model random,
     uncertainty and plan model, engine model, plan and random, estimate engine, run every
     core folder below it, study run; live core and report; bench core and report; command
     core, report and bench; cli command and report. (Reported only where no rule above is
     broken.)

Folders that do not exist yet are simply not scanned. --planted copies the tree, appends
`#include "cli/commands.h"` to a core .cpp, `#include <pybind11/pybind11.h>` to a report
file, `#include "engine/tally.h"` to a model .cpp and `#include "brink/sweep.h"` (a study) to
src/run/run.cpp, and passes only if exactly those four new violations are reported (violations already in the tree are left aside).

Usage: include_rules_test.py --source REPO [--planted]
"""
import argparse
import pathlib
import re
import shutil
import sys
import tempfile

CORE = ["random", "model", "uncertainty", "plan", "engine", "estimate", "run", "study"]
LAYERS = CORE + ["report", "command", "bench", "cli"]  # folders an internal include names
OWNER = {"command.h": "command", "report.h": "report",
         "html_report.h": "report", "model_graph.h": "report",
         "output_folder.h": "report"}  # include/brink header -> owning layer; the rest are core
STUDY_HEADERS = {"history_run.h", "sweep.h", "sensitivity.h", "sobol.h", "compare.h", "rare.h"}
RANK = {"core": 0, "report": 1, "command": 2}
SCANNED = ["src", "python", "include", "examples/cpp"]
EXTENSIONS = {".h", ".cpp", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


# Rule 9: the internal folders each folder may include (itself always), as docs/architecture.md
# states them, closed over "and what those may include".
MAY_INCLUDE = {
    "random": [],
    "model": ["random"],
    "uncertainty": ["model"],
    "plan": ["model"],
    "engine": ["model", "plan", "random"],
    "estimate": ["engine"],
    "run": ["random", "model", "uncertainty", "plan", "engine", "estimate"],
    "study": ["run"],
    "report": [],
    "live": CORE + ["report"],
    "bench": CORE + ["report"],
    "command": CORE + ["report", "bench"],
    "cli": ["command", "report"],
}


def allowed(folder):
    """The internal folders `folder` may include: its own, those listed, and theirs."""
    seen, todo = {folder}, list(MAY_INCLUDE.get(folder, []))
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo.extend(MAY_INCLUDE.get(f, []))
    return seen


def owner(public):
    """The layer owning a public header given as "brink/NAME.h" (OWNER names only headers
    that exist: main() checks it)."""
    return OWNER.get(public[len("brink/"):], "core")


def folder_of(rel):
    """The folder a file belongs to: a src/ subfolder, "python", "examples/cpp" or
    "include/brink (LAYER)" for a public header."""
    parts = rel.split("/")
    if parts[0] == "src":
        return parts[1] if len(parts) > 2 else "src"
    if parts[0] == "include":
        return "include/brink (%s)" % owner("brink/" + parts[-1])
    return "examples/cpp" if parts[0] == "examples" else parts[0]


def broken_rules(folder, quote, header):
    """The rules an include of `header` (written with `quote`) from `folder` breaks."""
    first = header.split("/")[0]
    public = header.startswith("brink/")
    internal = (quote == '"' and not public) or first in LAYERS  # an internal header
    layer = first if first in LAYERS else None  # the src folder it belongs to, if known
    pub_owner = owner(header) if public else None
    broken = []
    if folder in CORE:
        if layer == "run" and folder not in ("run", "study"):
            broken.append("rule 1: only src/run and src/study in core include run/")
        if folder != "study" and (layer == "study" or (
                public and header[len("brink/"):] in STUDY_HEADERS)):
            broken.append("rule 1: only src/study in core includes a study")
        if layer in ("report", "command", "cli", "bench") or pub_owner in ("report", "command"):
            broken.append("rule 1: core includes no report, command, cli or bench header")
    if folder == "report" and (
            (internal and layer != "report") or pub_owner == "command"):
        broken.append("rule 2: report includes only public, report/ and third-party headers")
    if folder == "command" and layer == "cli":
        broken.append("rule 3: command includes no cli/")
    if folder == "bench" and layer in ("command", "cli"):
        broken.append("rule 4: bench includes no command/ or cli/")
    if folder.startswith("include/brink"):
        own = folder[len("include/brink ("):-1]
        if internal:
            broken.append("rule 5: public headers include no internal header")
        elif public and RANK[pub_owner] > RANK[own]:
            broken.append("rule 5: a %s public header includes no %s-owned one" % (own, pub_owner))
    if first == "CLI" and folder != "cli":
        broken.append("rule 6: only src/cli includes CLI11")
    if first == "pybind11" and folder != "python":
        broken.append("rule 6: only python/ includes pybind11")
    if folder == "python" and layer == "cli":
        broken.append("rule 7: python includes no cli/")
    if folder == "examples/cpp" and internal:
        broken.append("rule 8: examples include only public headers")
    if not broken and folder in MAY_INCLUDE and layer is not None and layer not in allowed(folder):
        broken.append("rule 9: src/%s may include %s (docs/architecture.md)" % (
            folder, ", ".join(sorted(allowed(folder) - {folder})) or "no other folder"))
    return broken


def includes(path):
    """(line number, quote, header) of each #include outside /* */ comments."""
    in_comment = False
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        code = ""
        while line:  # drop /* ... */ spans, which may run over several lines
            if in_comment:
                end = line.find("*/")
                line, in_comment = ("", True) if end < 0 else (line[end + 2:], False)
            else:
                start = line.find("/*")
                if start < 0 or "//" in line[:start]:
                    code, line = code + line, ""
                else:
                    code, line, in_comment = code + line[:start] + " ", line[start + 2:], True
        match = INCLUDE.match(code)
        if match:
            yield number, match.group(1), match.group(2)


def check(root):
    """Scans the tree at root; returns (files, includes, violations), each violation a
    (file, line, folder, header as written, rule) tuple."""
    files, count, violations = 0, 0, []
    for top in SCANNED:
        for path in sorted((root / top).rglob("*")) if (root / top).is_dir() else []:
            if path.suffix not in EXTENSIONS or not path.is_file():
                continue
            files += 1
            rel = path.relative_to(root).as_posix()
            folder = folder_of(rel)
            for number, quote, header in includes(path):
                count += 1
                written = quote + header + ('"' if quote == '"' else ">")
                for rule in broken_rules(folder, quote, header):
                    violations.append((rel, number, folder, written, rule))
    return files, count, violations


def report(violations):
    for rel, number, folder, written, rule in violations:
        print("%s:%d: error: %s may not include %s (%s)" % (rel, number, folder, written, rule))


def append_include(path, line):
    """Appends `line` to path; returns the number of the line appended."""
    text = path.read_text() if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n")
    return text.count("\n") + 1


def planted(source):
    """Plants four wrong includes in a copy of the tree; True if exactly those are caught."""
    with tempfile.TemporaryDirectory(prefix="include_rules_") as scratch:
        root = pathlib.Path(scratch)
        for top in ["src", "python", "include", "examples"]:
            if (source / top).is_dir():
                shutil.copytree(source / top, root / top)
        _, _, before = check(root)
        # The core file: the first .cpp under src/engine, else under any core folder.
        cores = [p for f in ["engine"] + CORE for p in sorted((root / "src" / f).rglob("*.cpp"))]
        reports = sorted(p for p in (root / "src/report").rglob("*") if p.suffix in EXTENSIONS)
        core_file = cores[0] if cores else root / "src/engine/planted.cpp"
        report_file = reports[0] if reports else root / "src/report/planted.cpp"
        core_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.parent.mkdir(parents=True, exist_ok=True)
        models = sorted((root / "src/model").rglob("*.cpp"))
        model_file = models[0] if models else root / "src/model/planted.cpp"
        model_file.parent.mkdir(parents=True, exist_ok=True)
        run_file = root / "src/run/run.cpp"
        run_file.parent.mkdir(parents=True, exist_ok=True)
        plants = [(core_file, '"cli/commands.h"'), (report_file, "<pybind11/pybind11.h>"),
                  (model_file, '"engine/tally.h"'), (run_file, '"brink/sweep.h"')]
        expected = set()
        for path, written in plants:
            number = append_include(path, "#include " + written)
            rel = path.relative_to(root).as_posix()
            print("planted %s at %s:%d" % (written, rel, number))
            expected.add((rel, number, written))
        _, _, after = check(root)
    new = [v for v in after if v not in before]
    report(new)
    caught = {(rel, number, written) for rel, number, _, written, _ in new}
    if caught == expected and len(new) == len(expected) and all(v in after for v in before):
        print("include rules --planted: every planted include caught, nothing else new "
              "(%d violations already in the tree left aside)" % len(before))
        return True
    print("include rules --planted: FAILED: expected exactly the planted includes to be "
          "reported, got %d new violation(s)" % len(new))
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, type=pathlib.Path, help="the repository")
    parser.add_argument("--planted", action="store_true",
                        help="check that four planted wrong includes are caught")
    args = parser.parse_args()
    if args.planted:
        return 0 if planted(args.source.resolve()) else 1
    missing = [h for h in sorted(set(OWNER) | STUDY_HEADERS)
               if not (args.source / "include" / "brink" / h).is_file()]
    if missing:
        print("include rules: OWNER names headers that do not exist: %s" % ", ".join(missing))
        return 1
    files, count, violations = check(args.source.resolve())
    report(violations)
    print("include rules: %d files, %d includes checked, %d violations"
          % (files, count, len(violations)))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
