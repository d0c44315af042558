#!/usr/bin/env python3
"""Progress on a terminal: every long command shows it on stderr, with the time left.

Each command runs with its standard error on a pseudo-terminal (as in a user's shell) and its
standard output on a pipe. The progress line appears once a command has run for a second, so
the runs here are sized to take a few seconds on a 2-core machine.

Usage: progress_test.py BRINK_BINARY SOURCE_DIR SCRATCH_DIR
"""
import os
import pty
import re
import shutil
import subprocess
import sys

def main():
    brink, source, scratch = sys.argv[1:4]
    model = os.path.join(source, "examples", "one-way", "russia_dprk_treaty.yaml")  # sweep etc.: version 1
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    commands = {
        "run": ["run", model, "--trials", "1e6", "--draws", "60"],
        "sweep": ["sweep", model, "--vary", "invoke_if_attacked=10%:90%:20%", "--trials", "2e6",
                  "--draws", "4"],
        "sensitivity": ["sensitivity", model, "--trials", "3e5"],
        "compare": ["compare", model, "--a", "invoke_if_attacked=20%", "--b",
                    "invoke_if_attacked=80%", "--trials", "1e6", "--draws", "40"],
        "exact": ["exact", model, "--draws", "100"],
    }
    failures = 0
    for name, args in commands.items():
        leader, follower = pty.openpty()
        process = subprocess.Popen([brink, *args, "--out", os.path.join(scratch, name)],
                                   stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            shown += chunk
        process.stdout.read()
        status = process.wait()
        os.close(leader)
        text = shown.decode("utf-8", "replace")
        updates = re.findall(r"running: (\d+)%  \((\d+) s(, about (\d+) s left)?\)", text)
        ok = status == 0 and len(updates) >= 1 and any(u[2] for u in updates)
        # The line is cleared at the end, so the table starts on a clean line.
        ok = ok and text.endswith("\r" + " " * 60 + "\r")
        print("%-4s %-12s exit %d, %d progress updates, last %s" % (
            "ok" if ok else "FAIL", name, status, len(updates),
            ("%s%% at %s s" % updates[-1][:2]) if updates else "none"))
        failures += not ok
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
