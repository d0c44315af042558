#!/usr/bin/env python3
"""The live report (brink report --live) in headless Chromium, offline: the model runs in the
page, and its files are the command line's, byte for byte.

For every shipped model, every example whose events end (examples/episodes) and a model whose
ends have named parameters, it writes a run's live report and opens it from file:// with the
network off. Three settings of the controls each (a parameter's slider moved with new trials
and seed; another slider with a seed past 2^53 and other draws; one draw, the medians, or a
third slider), and the default model's also on the scalar kernel and on the scalar module
(the page's fallback for a browser without SIMD128): after each, the page's summary.csv,
timeline.csv, draws.csv, distribution.csv and, for a model whose events end, occurrences.csv
(window.brink.files()) must equal those that
`brink run` writes when given the page's own "Copy command". Then a reset must give back the
run's own files. The test fails on any console warning or error, any uncaught exception, any
request (blob: URLs of the page's own worker aside) and a page over 3 MB. It times the default
model at 100,000 trials x 1 draw (the median of 7 re-runs, from the slider's event to the
redrawn page) against the native `brink run` on the same settings (one thread and all), checks
it against 250 ms, and checks the page without WebAssembly (the static report, its charts
drawn, the controls hidden). A screenshot of the default model's page after a slider moved is
saved as BUILD/report-screens/live-report.png (docs/live-report.png, in the README).

Usage: live_test.py BRINK_BINARY BUILD_DIR SOURCE_DIR
Exits 77 (CTest's "skipped") when Chromium or ChromeDriver is not installed, or when this brink
was built without its WebAssembly engine (BRINK_WASM off).
"""
import base64
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import Browser, SKIP  # noqa: E402

COMPARED = ["summary.csv", "timeline.csv", "draws.csv", "distribution.csv", "occurrences.csv"]

# A model whose events end (../shared/spec/episodes.md) with a named parameter in each kind of
# end and onset, so that the page has a slider for an end's hazard and for an end's `p`.
EPISODES_WITH_PARAMETERS = """\
scenario: Incidents, crises and ceasefires, with named parameters
horizon: 18
step: month
levels: [calm, Incident, Crisis]
parameters:
  incident_rate: 12%
  calm_down: 30% to 60%
  crisis_p: 35%
  crisis_ends_p: 80%
events:
  incident:
    label: Border incident
    hazard: incident_rate
    recurs: true
    initially: active
    ends:
      hazard: calm_down
      while: not crisis
    level: Incident
  crisis:
    label: Crisis
    after: incident
    p: crisis_p
    delay: [0, 1]
    recurs: true
    ends:
      p: crisis_ends_p
      after: not incident
      delay: [0, 2]
    level: Crisis
  talks:
    after: ever crisis
    p: 50%
    ends:
      lasts: [2, 4]
"""
MAX_PAGE = 3 * 1024 * 1024
MAX_RERUN_MS = 250

# Waits until the page's engine is ready (the controls shown) and its status reads done or
# error; returns what the page holds.
WAIT = """
var done = arguments[arguments.length - 1];
var start = Date.now();
(function poll() {
  var live = document.getElementById('brink-live');
  var status = live ? live.querySelector('[data-status]').textContent : 'no live section';
  var charts = Array.prototype.slice.call(document.querySelectorAll('.chart'));
  var drawn = charts.every(function (c) { return c.getAttribute('data-rendered') === 'yes'; });
  var settled = live && !live.hidden && (status === 'done' && drawn || status.indexOf('error') === 0);
  if (!settled && Date.now() - start < 120000 && window.__brinkProblems.length === 0) {
    setTimeout(poll, 10);
    return;
  }
  done({status: status, hidden: live ? live.hidden : true,
        files: window.brink ? window.brink.files() : {},
        command: window.brink ? window.brink.command() : '',
        timings: window.brink ? window.brink.timings() : null,
        kernels: window.brink ? window.brink.kernels() : '',
        charts: charts.length,
        problems: window.__brinkProblems,
        requests: performance.getEntriesByType('resource').map(function (r) { return r.name; })
                  .filter(function (n) { return n.indexOf('blob:') !== 0; }),
        height: document.documentElement.scrollHeight});
})();
"""

# Sets controls as a reader would: each input's value, then its `input` event. Arguments: a
# list of [selector, value]; an action "reset" or "kernel:NAME" instead of a selector.
SET = """
var changes = arguments[0];
changes.forEach(function (change) {
  if (change[0] === 'reset') {
    document.querySelector('[data-action="reset"]').click();
  } else if (change[0].indexOf('kernel:') === 0) {
    window.brink.useKernel(change[0].slice(7));
  } else {
    var input = document.querySelector(change[0]);
    if (change[1] !== null) input.value = change[1];
    input.dispatchEvent(new Event('input', {bubbles: true}));
  }
});
"""

# Hides WebAssembly from the page's scripts: the page must be the static report.
NO_WASM = "delete window.WebAssembly;"


def run_brink(binary, args):
    start = time.perf_counter()
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("FAIL: brink %s exited %d: %s" % (" ".join(args), result.returncode,
                                                          result.stderr))
    return time.perf_counter() - start


def files_of(folder):
    out = {}
    for name in COMPARED:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as f:
                out[name] = f.read()
    return out


def cli_files(binary, command, scratch, source):
    """The files of the page's "Copy command", run from the source folder."""
    words = shlex.split(command)
    if words[:2] != ["brink", "run"]:
        raise SystemExit("FAIL: the page's command is not `brink run`: %r" % command)
    out = tempfile.mkdtemp(dir=scratch)
    cwd = os.getcwd()
    os.chdir(source)
    try:
        run_brink(binary, words[1:] + ["-q", "--out", out])
    finally:
        os.chdir(cwd)
    return files_of(out)


def slider(seen_params, k):
    """The selector of the k-th named parameter's slider and a value inside its range; the
    seed control, unchanged, when the model names no parameters."""
    if not seen_params:
        return ['[data-control="seed"]', None]
    name, low, high, step = seen_params[k % len(seen_params)]
    # A value 37% of the way along, on the slider's steps.
    steps = round((high - low) / step)
    value = low + round(0.37 * steps) * step
    text = ("%.12f" % value).rstrip("0").rstrip(".")
    return ['input[data-param="%s"]' % name, text]


TITLES = """
return Array.prototype.map.call(document.querySelectorAll('.chart'), function (c) {
  return c.closest('figure').querySelector('h3').textContent;
});
"""

PARAMS = """
return Array.prototype.map.call(document.querySelectorAll('input[data-param]'), function (i) {
  return [i.getAttribute('data-param'), +i.min, +i.max, +i.step];
});
"""


def compare(name, label, seen, binary, scratch, source, problems):
    if seen["status"] != "done":
        problems.append("%s, %s: status %r" % (name, label, seen["status"]))
        return
    want = cli_files(binary, seen["command"], scratch, source)
    got = {k: v for k, v in seen["files"].items() if k in COMPARED}
    same = sorted(want) == sorted(got) and all(want[k] == got[k] for k in want)
    if not same:
        for k in sorted(set(want) | set(got)):
            if want.get(k) != got.get(k):
                a, b = want.get(k, "").splitlines(), got.get(k, "").splitlines()
                first = next((i for i in range(max(len(a), len(b)))
                              if i >= len(a) or i >= len(b) or a[i] != b[i]), None)
                problems.append("%s, %s: %s differs from the CLI's at line %s:\n  cli:  %s\n  page: %s"
                                % (name, label, k, first, a[first] if first is not None and first < len(a) else "",
                                   b[first] if first is not None and first < len(b) else ""))
    timing = seen["timings"] or {}
    print("%-4s %-22s %-34s %6.0f ms engine, %6.0f ms to the page's answer, %5.0f ms to draw  [%s]" % (
        "ok" if same else "FAIL", name, label, timing.get("engine_ms", 0),
        timing.get("answer_ms", 0), timing.get("draw_ms", 0), seen["command"]))


def main():
    binary, build, source = sys.argv[1:4]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("live test skipped: Chromium and ChromeDriver are not installed "
              "(Debian packages chromium, chromium-driver; `make browser-deps` installs them)")
        return SKIP
    screens = os.path.join(build, "report-screens")
    os.makedirs(screens, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="brink-live-")
    probe = os.path.join(scratch, "probe")
    run_brink(binary, ["run", os.path.join(source, "models", "coin.yaml"), "--trials", "1000",
                       "-q", "--out", probe])
    result = subprocess.run([binary, "report", probe, "--live", "-q"], capture_output=True,
                            text=True)
    if result.returncode != 0 and "WebAssembly" in result.stderr:
        print("live test skipped: this brink has no WebAssembly engine (BRINK_WASM off: "
              "install Debian's emscripten and build again)")
        return SKIP

    # (name, path from the source folder, or absolute): the shipped models, the examples
    # whose events end, and one whose ends have named parameters (sliders).
    models = [(f[:-5], os.path.join("models", f))
              for f in sorted(os.listdir(os.path.join(source, "models")))
              if f.endswith(".yaml") and not f.endswith(".history.yaml")]
    models += [(f[:-5], os.path.join("examples", "episodes", f))
               for f in sorted(os.listdir(os.path.join(source, "examples", "episodes")))
               if f.endswith(".yaml") and not f.endswith(".history.yaml")]
    with_parameters = os.path.join(scratch, "episodes_parameters.yaml")
    with open(with_parameters, "w", encoding="utf-8") as f:
        f.write(EPISODES_WITH_PARAMETERS)
    models.append(("episodes_parameters", with_parameters))
    problems = []
    browser = Browser(driver, chromium)
    try:
        for name, model in models:  # relative paths: the page's command runs in source
            out = os.path.join(scratch, name)
            cwd = os.getcwd()
            os.chdir(source)
            try:
                run_brink(binary, ["run", model, "--trials", "20000", "--draws", "20",
                                   "--report", "live", "-q", "--out", out])
            finally:
                os.chdir(cwd)
            page = os.path.join(out, "report.html")
            size = os.path.getsize(page)
            if size > MAX_PAGE:
                problems.append("%s: the page is %d bytes, over 3 MB" % (name, size))
            browser.browser_log()
            browser.command("POST", "url", {"url": "file://" + os.path.abspath(page)})
            seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
            if seen["hidden"]:
                problems.append("%s: the controls stayed hidden (status %r)" % (name, seen["status"]))
                continue
            own = files_of(out)
            if {k: v for k, v in seen["files"].items() if k in COMPARED} != own:
                problems.append("%s: window.brink.files() is not the folder's files" % name)
            params = browser.command("POST", "execute/sync", {"script": PARAMS, "args": []})
            ranges = bool(json.load(open(os.path.join(out, "run.json"))).get("sampled_parameters"))
            settings = [
                ("a slider, trials, seed", [slider(params, 0), ['[data-control="trials"]', "5000"],
                                            ['[data-control="seed"]', "7"]]),
                ("another slider, seed > 2^53", [slider(params, 1),
                                                 ['[data-control="seed"]', "12345678901234567890"]]
                 + ([['[data-control="draws"]', "4"]] if ranges else [])),
                ("medians" if ranges else "a third slider",
                 ([['[data-control="draws"]', "1"]] if ranges else [slider(params, 2)])
                 + [['[data-control="trials"]', "3000"]]),
            ]
            if name == "russia_dprk_treaty":
                settings += [("the scalar kernel", [["kernel:scalar", ""]])]
            if name == "episodes_parameters":  # the slider of an end's p (calm_down, an end's
                settings += [("an end's p", [slider(params, 3)])]  # hazard, moved above)
            for label, changes in settings:
                browser.command("POST", "execute/sync", {"script": SET, "args": [changes]})
                seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
                compare(name, label, seen, binary, scratch, source, problems)
            # The reset gives back the run's own files and page.
            browser.command("POST", "execute/sync", {"script": SET, "args": [[["reset", ""]]]})
            seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
            if {k: v for k, v in seen["files"].items() if k in COMPARED} != own:
                problems.append("%s: after the reset, the files are not the run's own" % name)
            log = [e["message"] for e in browser.browser_log() if e["level"] in ("WARNING", "SEVERE")]
            for p in list(seen["problems"]) + log:
                problems.append("%s: %s" % (name, p))
            if seen["requests"]:
                problems.append("%s: requests made: %s" % (name, seen["requests"]))
            if "occurrences.csv" in own:  # a model whose events end: its sliders and charts
                if name == "episodes_parameters" and sorted(p[0] for p in params) != [
                        "calm_down", "crisis_ends_p", "crisis_p", "incident_rate"]:
                    problems.append("%s: sliders %s" % (name, [p[0] for p in params]))
                titles = browser.command("POST", "execute/sync", {"script": TITLES, "args": []})
                for title in ["How many times each event begins", "The ladder at each month (it can fall)"
                              if name != "incidents" else "Events going on at each month"]:
                    if title not in titles:
                        problems.append("%s: no chart %r after the reset (%s)" % (name, title, titles))
            print("     %-22s page %d KB, kernels %r, %d charts" % (name, size // 1024,
                                                                 seen["kernels"], seen["charts"]))

        # The default model: the scalar module, the timing, the screenshot, without WebAssembly.
        model = os.path.join("examples", "one-way", "russia_dprk_treaty.yaml")
        out = os.path.join(scratch, "timing")
        os.chdir(source)
        run_brink(binary, ["run", model, "--trials", "100000", "--draws", "1", "--report",
                           "live", "-q", "--out", out])
        native_1 = min(run_brink(binary, ["run", model, "--trials", "100000", "--draws", "1",
                                          "--threads", "1", "-q", "--out", out + "-n1"])
                       for _ in range(5))
        native = min(run_brink(binary, ["run", model, "--trials", "100000", "--draws", "1",
                                        "-q", "--out", out + "-n"]) for _ in range(5))
        page = "file://" + os.path.abspath(os.path.join(out, "report.html"))
        browser.command("POST", "url", {"url": page + "#engine=scalar"})
        seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
        params = browser.command("POST", "execute/sync", {"script": PARAMS, "args": []})
        browser.command("POST", "execute/sync", {"script": SET, "args": [[slider(params, 3)]]})
        seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
        if seen["kernels"] != "scalar":
            problems.append("#engine=scalar: the kernels are %r" % seen["kernels"])
        compare("russia_dprk_treaty", "the scalar module", seen, binary, scratch, source, problems)

        browser.command("POST", "url", {"url": page})
        seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
        totals, engines, answers = [], [], []
        for k in range(7):
            value = ["0.4", "0.5", "0.6", "0.45", "0.55", "0.35", "0.65"][k]
            browser.command("POST", "execute/sync", {"script": SET, "args": [[[
                'input[data-param="invoke_if_attacked"]', value]]]})
            seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
            t = seen["timings"]
            totals.append(t["total_ms"])
            engines.append(t["engine_ms"])
            answers.append(t["answer_ms"])
        compare("russia_dprk_treaty", "100,000 trials x 1 draw", seen, binary, scratch, source,
                problems)
        print("     where the engine's time goes (ms): %s" % json.dumps(seen["timings"]["profile"]))
        rerun = statistics.median(totals)
        print("re-run of the default model, 100,000 trials x 1 draw (median of 7): %.0f ms from "
              "the slider to the redrawn page (engine %.0f ms, answer %.0f ms, kernel %s); "
              "native brink run: %.0f ms on 1 thread, %.0f ms on all cores (process, best of 5)"
              % (rerun, statistics.median(engines), statistics.median(answers),
                 seen["timings"]["kernel"], 1000 * native_1, 1000 * native))
        if rerun > MAX_RERUN_MS:
            problems.append("the re-run took %.0f ms, over %d ms" % (rerun, MAX_RERUN_MS))
        # The README's picture: the top of the page after the slider moved.
        # The window is 900 pixels high: paint 2,100 of them, the controls and the first charts.
        browser.cdp("Emulation.setDeviceMetricsOverride", {
            "width": 1100, "height": 2100, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.5)
        shot = browser.cdp("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1100, "height": 2100, "scale": 1}})
        browser.cdp("Emulation.clearDeviceMetricsOverride", {})
        with open(os.path.join(screens, "live-report.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        log = [e["message"] for e in browser.browser_log() if e["level"] in ("WARNING", "SEVERE")]
        problems += ["timing: %s" % p for p in list(seen["problems"]) + log]

        # A model whose events end runs on the fast engine, as `brink run` runs it: its
        # re-run at 100,000 trials (the median of 5 new seeds), for docs/reports.md; no bound.
        model = os.path.join("examples", "episodes", "ceasefire.yaml")
        out = os.path.join(scratch, "timing-episodes")
        run_brink(binary, ["run", model, "--trials", "100000", "--report", "live", "-q",
                           "--out", out])
        native_v2 = min(run_brink(binary, ["run", model, "--trials", "100000", "--threads", "1",
                                           "-q", "--out", out + "-n1"]) for _ in range(3))
        browser.command("POST", "url", {"url": "file://" + os.path.abspath(
            os.path.join(out, "report.html"))})
        seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
        totals, engines = [], []
        for seed in ["1", "2", "3", "4", "5"]:
            browser.command("POST", "execute/sync", {"script": SET, "args": [[[
                '[data-control="seed"]', seed]]]})
            seen = browser.command("POST", "execute/async", {"script": WAIT, "args": []})
            totals.append(seen["timings"]["total_ms"])
            engines.append(seen["timings"]["engine_ms"])
        compare("ceasefire", "100,000 trials", seen, binary, scratch, source, problems)
        print("re-run of examples/episodes/ceasefire.yaml, 100,000 trials (fast engine, "
              "median of 5): %.0f ms from the seed to the redrawn page (engine %.0f ms); native "
              "brink run: %.0f ms on 1 thread (process, best of 3)"
              % (statistics.median(totals), statistics.median(engines), 1000 * native_v2))

        # Without WebAssembly: the static report, whole.
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": NO_WASM})
        browser.command("POST", "url", {"url": page})
        static = browser.command("POST", "execute/async", {"script": """
            var done = arguments[arguments.length - 1], start = Date.now();
            (function poll() {
              var charts = Array.prototype.slice.call(document.querySelectorAll('.chart'));
              if (charts.some(function (c) { return c.getAttribute('data-rendered') !== 'yes'; })
                  && Date.now() - start < 20000) { setTimeout(poll, 20); return; }
              done({hidden: document.getElementById('brink-live').hidden,
                    rendered: charts.filter(function (c) {
                      return c.getAttribute('data-rendered') === 'yes'; }).length,
                    charts: charts.length, problems: window.__brinkProblems});
            })();""", "args": []})
        if not static["hidden"] or static["rendered"] != static["charts"] or static["problems"]:
            problems.append("without WebAssembly: %s" % static)
        else:
            print("ok   without WebAssembly: the static report, %d charts drawn, the controls "
                  "hidden" % static["charts"])
    finally:
        browser.close()
        shutil.rmtree(scratch, ignore_errors=True)
    for p in problems:
        print("FAIL", p)
    print("%d models' live reports, %d problems" % (len(models), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
