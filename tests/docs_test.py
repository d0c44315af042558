#!/usr/bin/env python3
"""Runs every command block of README.md and docs/*.md whose output is shown, and checks that
the output shown is the output brink gives today, so the docs cannot go stale.

A block is a fenced code block whose first line starts with "$ build/brink" (or "$ cat", "$ ls"
and the like after a brink command). Each "$ " line is a command, run with bash in a scratch
folder that sees the repository's models/ and build/brink; the lines after it, up to the next
"$ " line, are its output as shown. The shown lines must appear in the actual output, in
order and consecutively, except that a line "..." (indented or not) skips any number of
actual lines.

What legitimately differs from machine to machine is normalized on both sides: the SIMD
kernel's name and the list of kernels a CPU has, the thread count, wall times, and output
folders' timestamps.

Usage: docs_test.py --brink BUILD/brink --source REPO [--list]
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

NORMALIZE = [
    (re.compile(r"\((avx512|avx2|sse4|scalar|neon) kernel\)"), "(KERNEL kernel)"),
    # The kernels a CPU has (an error's list of those available).
    (re.compile(r"available: auto(, (avx512|avx2|sse4|scalar|neon))*"), "available: KERNELS"),
    (re.compile(r"\b\d+ threads?\b"), "N threads"),
    (re.compile(r"\b\d+\.\d\d s\b"), "T s"),
    (re.compile(r"-\d{8}-\d{6}(-\d+)?\b"), "-TIMESTAMP"),
]


def normalize(line):
    for pattern, replacement in NORMALIZE:
        line = pattern.sub(replacement, line)
    return line.rstrip()


def blocks(path):
    """(line number, [lines]) of each fenced block that starts with a "$ " command."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            body = lines[start:j]
            if body and body[0].startswith("$ build/brink"):
                yield start + 1, body
            i = j + 1
        else:
            i += 1


def commands(body):
    """[(command, [shown output lines])] of a block."""
    result = []
    for line in body:
        if line.startswith("$ "):
            result.append((line[2:], []))
        else:
            result[-1][1].append(line)
    return result


def matches(shown, actual):
    """True when the shown lines appear in `actual` as the module docstring says."""
    shown = [normalize(s) for s in shown]
    actual = [normalize(a) for a in actual]
    while shown and shown[-1] == "":
        shown.pop()
    if not shown:
        return True

    def match_from(s, a, anchored):
        if s == len(shown):
            return True
        if shown[s].strip() == "...":
            return any(match_from(s + 1, k, True) for k in range(a, len(actual) + 1))
        if anchored:
            return a < len(actual) and actual[a] == shown[s] and match_from(s + 1, a + 1, True)
        return any(actual[k] == shown[s] and match_from(s + 1, k + 1, True)
                   for k in range(a, len(actual)))

    # The first shown line anchors the block; it need not be the first line printed.
    return match_from(0, 0, False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brink", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--list", action="store_true", help="list the blocks, run nothing")
    args = parser.parse_args()
    source = pathlib.Path(args.source).resolve()
    files = [source / "README.md"] + sorted((source / "docs").glob("*.md"))
    ran, failed = 0, 0
    for path in files:
        for line_number, body in blocks(path):
            where = f"{path.relative_to(source)}:{line_number}"
            if args.list:
                print(where, body[0])
                continue
            # A fresh folder per block: commands within a block share it (results/, -latest).
            with tempfile.TemporaryDirectory(prefix="brink-docs-") as scratch:
                scratch = pathlib.Path(scratch)
                (scratch / "build").mkdir()
                os.symlink(pathlib.Path(args.brink).resolve(), scratch / "build" / "brink")
                os.symlink(source / "models", scratch / "models")
                os.symlink(source / "examples", scratch / "examples")
                for command, shown in commands(body):
                    ran += 1
                    run = subprocess.run(["bash", "-c", command], cwd=scratch, text=True,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         timeout=600)
                    actual = run.stdout.split("\n")
                    if not matches(shown, actual):
                        failed += 1
                        print(f"{where}: the output of `{command}` is not as shown.")
                        print("  shown:")
                        for s in shown:
                            print("    " + s)
                        print("  actual:")
                        for a in actual:
                            print("    " + a)
    print(f"docs: {ran} commands in {len(files)} files, {failed} not as shown")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
