#!/usr/bin/env python3
"""No code compares the name of an engine, command, output format, graph format, sampling
design or SIMD kernel as text: such a name is parsed once at the boundary (ParseName) and
printed in one place (NameOf), both over the tables of include/brink/names.h, and the code
switches over the enum. This test reads those tables and fails on any `== "NAME"`,
`!= "NAME"`, `"NAME" ==` or `.compare("NAME")` of one of their names in the C++ sources (src/, include/, examples/) or
the Python module (python/; an example filtering a DataFrame by its kind column is data, not
code), outside names.h itself. With --planted it checks that it would catch one.

Usage: names_test.py --source REPO [--planted]
"""
import argparse
import pathlib
import re
import shutil
import sys
import tempfile


def names(source):
    text = (source / "include" / "brink" / "names.h").read_text(encoding="utf-8")
    found = set(re.findall(r'\{\w+::k\w+, "([a-z0-9]+)"\}', text))  # with FigureKind's
    assert len(found) >= 20, "names.h's tables were not found"
    return found


def violations(source, known):
    pattern = re.compile(r'(?:[!=]=\s*"([a-z0-9]+)")|(?:"([a-z0-9]+)"\s*[!=]=)|'
                         r'(?:\.compare\(\s*"([a-z0-9]+)"\s*\))')
    found = []
    files = [p for folder in ("src", "python", "include", "examples")
             for p in (source / folder).rglob("*")
             if p.suffix in (".h", ".cpp", ".cc") or (p.suffix == ".py" and folder == "python")]
    for path in sorted(files):
        if path.name == "names.h":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            code = line.split("//")[0] if path.suffix != ".py" else line.split("#")[0]
            for match in pattern.finditer(code):
                name = next(g for g in match.groups() if g)
                if name in known:
                    found.append("%s:%d: error: compares the name \"%s\" as text; parse it with "
                                 "ParseName and switch over the enum (brink/names.h)" % (
                                     path.relative_to(source), number, name))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--planted", action="store_true")
    args = parser.parse_args()
    source = pathlib.Path(args.source).resolve()
    known = names(source)
    if args.planted:
        scratch = pathlib.Path(tempfile.mkdtemp(prefix="brink-names-"))
        try:
            for folder in ("src", "python", "include", "examples"):
                shutil.copytree(source / folder, scratch / folder)
            target = scratch / "src" / "run" / "run.cpp"
            target.write_text(target.read_text() + '\nbool Planted(const std::string& e) '
                              '{ return e == "reference"; }\n')
            found = violations(scratch, known)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        ok = len(found) == 1 and "src/run/run.cpp" in found[0] and '"reference"' in found[0]
        print("names --planted: %s" % ("caught: " + found[0] if ok else "NOT caught: %s" % found))
        return 0 if ok else 1
    found = violations(source, known)
    for line in found:
        print(line)
    print("names: %d names of closed sets, %d text comparisons" % (len(known), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
