#!/usr/bin/env python3
"""Opens brink's reports in headless Chromium, offline, and checks that every chart rendered.

For every shipped model it makes the reports a user would: a run (with draws when the model
has uncertain values), a sweep over one axis and over two, a sensitivity run, and, for a model
with a history beside it, a run given the history (the section "What the history taught");
and the history example's exact run and its comparison with a Bayes factor; and for the models
whose events end (examples/episodes), a run (the ladder at each step beside the ladder reached,
the occurrences) and the exact figures given a history of episodes. Each report
is opened from file:// with the network switched off, through ChromeDriver's WebDriver API
(plain HTTP, so no Python package is needed). The test fails on any console message of level
warning or error, any uncaught exception, any request the page makes (a self-contained page
makes none), a chart with no drawn marks, or a title that is not the model's. A full-page
screenshot of each report is saved under BUILD/report-screens/, and readme.png, the top of the
default model's run report, as shown in the README, and report-episodes.png and
report-episode-history.png, the charts of a model whose events end (docs/reports.md).

Usage: browser_test.py BRINK_BINARY BUILD_DIR SOURCE_DIR
Exits 77 (CTest's "skipped") when Chromium or ChromeDriver is not installed.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

SKIP = 77
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-dev-shm-usage", "--hide-scrollbars",
                 # Nothing may leave the machine: every host resolves nowhere, and any request
                 # would go to a proxy that does not exist.
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                 "--window-size=1100,900"]

# Runs before the page's own scripts: records uncaught errors and console warnings/errors.
HOOK = """
window.__brinkProblems = [];
window.addEventListener('error', function (e) {
  window.__brinkProblems.push('uncaught: ' + (e.message || e.type) + ' ' + (e.filename || '') + ':' + (e.lineno || ''));
}, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__brinkProblems.push('unhandled rejection: ' + e.reason);
});
['error', 'warn'].forEach(function (level) {
  var original = console[level];
  console[level] = function () {
    window.__brinkProblems.push('console.' + level + ': ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
});
"""

# Waits (in the page) until every chart has rendered or failed, then reports what it sees.
INSPECT = """
var done = arguments[arguments.length - 1];
var start = Date.now();
(function poll() {
  var charts = Array.prototype.slice.call(document.querySelectorAll('.chart'));
  var pending = charts.filter(function (c) { return c.getAttribute('data-rendered') !== 'yes'; });
  if (pending.length && Date.now() - start < 20000 && window.__brinkProblems.length === 0) {
    setTimeout(poll, 50);
    return;
  }
  done({
    title: document.querySelector('h1') ? document.querySelector('h1').textContent : '',
    charts: charts.map(function (c) {
      var svg = c.querySelector('svg');
      var figure = c.closest('figure'), heading = figure && figure.querySelector('h3');
      // Each axis's labels: a label written twice (ticks between integers) is a flaw.
      var repeated = [];
      (svg ? svg.querySelectorAll('.role-axis-label') : []).forEach(function (g) {
        var seen = {};
        g.querySelectorAll('text').forEach(function (t) {
          if (seen[t.textContent]) repeated.push(t.textContent);
          seen[t.textContent] = true;
        });
      });
      return {id: c.id, label: heading ? heading.textContent : c.getAttribute('aria-label'),
              rendered: c.getAttribute('data-rendered') === 'yes',
              marks: svg ? svg.querySelectorAll('path, rect, line, text, circle').length : 0,
              repeated: repeated};
    }),
    tables: document.querySelectorAll('table').length,
    graph: document.querySelectorAll('.graph svg').length,
    problems: window.__brinkProblems,
    requests: performance.getEntriesByType('resource').map(function (r) { return r.name; }),
    height: document.documentElement.scrollHeight
  });
})();
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A ChromeDriver session driving headless Chromium."""

    def __init__(self, driver, chromium):
        self.port = free_port()
        self.driver = subprocess.Popen([driver, "--port=%d" % self.port],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        for _ in range(200):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": CHROMIUM_ARGS},
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"script": 30000, "pageLoad": 30000}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]
        self.cdp("Network.enable", {})
        self.cdp("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    def command(self, method, what, body=None):
        return self.call(method, "/session/%s/%s" % (self.session, what), body)

    def cdp(self, cmd, params):
        return self.command("POST", "goog/cdp/execute", {"cmd": cmd, "params": params})

    def browser_log(self):
        return self.command("POST", "se/log", {"type": "browser"})

    def close(self):
        try:
            self.call("DELETE", "/session/" + self.session)
        finally:
            self.driver.terminate()
            self.driver.wait(10)


def brink(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("FAIL: brink %s exited %d: %s" % (" ".join(args), result.returncode,
                                                          result.stderr))


def reports(binary, source, screens):
    """Makes the reports: (name, folder, model scenario)."""
    made = []
    models = os.path.join(source, "models")
    shipped = [(os.path.join(models, file), file[:-5]) for file in sorted(os.listdir(models))
               if file.endswith(".yaml") and not file.endswith(".history.yaml")]  # not histories
    # The one-way treaty model (version 1), the default model before it became two-way: its
    # sweeps, sensitivity and Monte Carlo history, and the README's picture.
    shipped.append((os.path.join(source, "examples", "one-way", "russia_dprk_treaty.yaml"),
                    "one-way-russia_dprk_treaty"))
    for model, stem in shipped:
        out = os.path.join(screens, stem + "-run")
        brink(binary, "run", model, "--trials", "20000", "--draws", "40", "--report", "-q",
              "--out", out)
        run = json.load(open(os.path.join(out, "run.json")))
        made.append((stem + "-run", out, run["scenario"]))
        # A model whose events end (version 2): sweep and sensitivity do not run it yet, and
        # its history is learned with exact likelihoods.
        two_way = run.get("model_language") == 2
        named = [p for p in run["parameters"] if "." not in p]
        # One axis: the first named parameter, else the horizon; two: the first two, else
        # the horizon beside it.
        first = "%s=10%%:50%%:10%%" % named[0] if named else "horizon=2:%d:2" % run["horizon"]
        second = ("%s=20%%,60%%" % named[1] if len(named) > 1 else
                  "horizon=%d,%d" % (max(1, run["horizon"] // 2), run["horizon"]))
        out = os.path.join(screens, stem + "-sweep1")
        if not two_way:
            brink(binary, "sweep", model, "--vary", first, "--trials", "5000", "--draws", "1",
                  "--report", "-q", "--out", out)
            made.append((stem + "-sweep1", out, run["scenario"]))
        if named and not two_way:
            out = os.path.join(screens, stem + "-sweep2")
            brink(binary, "sweep", model, "--vary", first, "--vary", second, "--trials", "5000",
                  "--draws", "1", "--report", "-q", "--out", out)
            made.append((stem + "-sweep2", out, run["scenario"]))
        out = os.path.join(screens, stem + "-sensitivity")
        uncertain = run.get("sampled_parameters", [])
        sobol = ["--sobol", "--sobol-samples", "32"] if uncertain else []
        if not two_way:
            brink(binary, "sensitivity", model, "--trials", "5000", "--draws", "20", "--report",
                  "-q", "--out", out, *sobol)
            made.append((stem + "-sensitivity", out, run["scenario"]))
        # A model with a history beside it (NAME.history.yaml): what it taught.
        history = model[:-len(".yaml")] + ".history.yaml"
        if os.path.exists(history):
            out = os.path.join(screens, stem + "-history")
            if two_way:
                brink(binary, "exact", model, "--history", history, "--draws", "200",
                      "--report", "-q", "--out", out)
            else:
                brink(binary, "run", model, "--history", history, "--draws", "200", "--trials",
                      "100", "--report", "-q", "--out", out)
            made.append((stem + "-history", out, run["scenario"]))
    # The small history example: exact likelihoods, and the Bayes factor of compare.
    example = os.path.join(source, "examples", "history")
    out = os.path.join(screens, "border-history")
    brink(binary, "exact", os.path.join(example, "border.yaml"), "--history",
          os.path.join(example, "border.history.yaml"), "--draws", "300", "--report", "-q",
          "--out", out)
    made.append(("border-history", out, "Border protest and blockade"))
    out = os.path.join(screens, "border-compare-history")
    brink(binary, "compare", os.path.join(example, "border.yaml"), "--a", "talks_rate=5%",
          "--b", "talks_rate=9%", "--history", os.path.join(example, "border.history.yaml"),
          "--draws", "200", "--report", "-q", "--out", out)
    made.append(("border-compare-history", out, "Border protest and blockade"))
    # Models whose events end (examples/episodes): a run's ladder at each step and its
    # occurrences, and the exact figures given a history of episodes.
    episodes = os.path.join(source, "examples", "episodes")
    for stem in ["ceasefire", "incidents"]:
        out = os.path.join(screens, stem + "-run")
        brink(binary, "run", os.path.join(episodes, stem + ".yaml"), "--trials", "20000",
              "--report", "-q", "--out", out)
        made.append((stem + "-run", out, json.load(open(os.path.join(out, "run.json")))["scenario"]))
    out = os.path.join(screens, "ceasefire-history")
    brink(binary, "exact", os.path.join(episodes, "ceasefire.yaml"), "--history",
          os.path.join(episodes, "ceasefire.history.yaml"), "--report", "-q", "--out", out)
    made.append(("ceasefire-history", out, json.load(open(os.path.join(out, "run.json")))["scenario"]))
    return made


# The charts of a model whose events end (by their titles), in the reports named.
EPISODE_CHARTS = {
    "ceasefire-run": ["The ladder reached by each month (it only rises)",
                      "The ladder at each month (it can fall)", "How many times each event begins"],
    "incidents-run": ["Events going on at each month", "How many times each event begins"],
    "ceasefire-history": ["The ladder given the history", "The ladder at each month (it can fall)"],
}

# The region of a page from the first chart titled `first` to the bottom of the one titled
# `last` (page coordinates), for a picture in the docs.
REGION = """
var figures = Array.prototype.slice.call(document.querySelectorAll('figure'));
function find(title) {
  return figures.filter(function (f) { return f.querySelector('h3').textContent === title; })[0];
}
var a = find(arguments[0]).getBoundingClientRect(), b = find(arguments[1]).querySelector('.chart').getBoundingClientRect();
return {y: a.top + window.scrollY - 8, height: b.bottom - a.top + 12};
"""


# The charts a report of a run given a history must have drawn (by their titles).
HISTORY_CHARTS = ["The ladder given the history", "Scores of the forecasts before the history"]


def main():
    binary, build, source = sys.argv[1:4]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("browser test skipped: Chromium and ChromeDriver are not installed "
              "(Debian packages chromium, chromium-driver; `make browser-deps` installs them)")
        return SKIP
    screens = os.path.join(build, "report-screens")
    shutil.rmtree(screens, ignore_errors=True)
    os.makedirs(screens)
    made = reports(binary, source, screens)
    graphviz = shutil.which("dot") is not None
    failures = []
    browser = Browser(driver, chromium)
    try:
        for name, folder, scenario in made:
            page = os.path.join(folder, "report.html")
            browser.browser_log()  # drop what earlier pages logged
            browser.command("POST", "url", {"url": "file://" + os.path.abspath(page)})
            seen = browser.command("POST", "execute/async", {"script": INSPECT, "args": []})
            log = [entry["message"] for entry in browser.browser_log()
                   if entry["level"] in ("WARNING", "SEVERE")]
            problems = list(seen["problems"]) + log
            if seen["requests"]:
                problems.append("requests made: %s" % seen["requests"])
            if seen["title"] != scenario:
                problems.append("title %r, not %r" % (seen["title"], scenario))
            if not seen["charts"]:
                problems.append("no charts")
            for chart in seen["charts"]:
                if not chart["rendered"] or chart["marks"] < 3:
                    problems.append("chart %s (%s) did not render (%d marks)" %
                                    (chart["id"], chart["label"], chart["marks"]))
                if chart["repeated"]:
                    problems.append("chart %s (%s): axis labels written twice: %s" %
                                    (chart["id"], chart["label"], chart["repeated"]))
            if graphviz and seen["graph"] != 1:
                problems.append("no model graph")
            labels = [chart["label"] for chart in seen["charts"]]
            wanted = list(EPISODE_CHARTS.get(name, []))
            if name.endswith("-history") and "compare" not in name:
                wanted += HISTORY_CHARTS
            for title in wanted:
                if title not in labels:
                    problems.append("no chart %r (charts: %s)" % (title, labels))
            # A full-page screenshot.
            browser.cdp("Emulation.setDeviceMetricsOverride", {
                "width": 1100, "height": min(seen["height"], 16000), "deviceScaleFactor": 1,
                "mobile": False})
            shot = browser.cdp("Page.captureScreenshot", {"format": "png",
                                                          "captureBeyondViewport": True})
            if name == "one-way-russia_dprk_treaty-run":
                # The top of the default model's report, the picture in the README
                # (copied by hand to docs/report.png).
                top = browser.cdp("Page.captureScreenshot", {
                    "format": "png", "clip": {"x": 0, "y": 0, "width": 1100, "height": 1180,
                                              "scale": 1}})
                with open(os.path.join(screens, "readme.png"), "wb") as f:
                    f.write(base64.b64decode(top["data"]))
            # The charts of a model whose events end, from real runs of examples/episodes
            # (copied by hand to docs/report-episodes.png and docs/report-episode-history.png).
            pictures = {"ceasefire-run": ("report-episodes.png", "The ladder reached by each month (it only rises)",
                                          "How many times each event begins"),
                        "ceasefire-history": ("report-episode-history.png", "The ladder given the history",
                                              "The ladder given the history")}
            if name in pictures and not problems:
                file, first, last = pictures[name]
                region = browser.command("POST", "execute/sync", {"script": REGION, "args": [first, last]})
                top = browser.cdp("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": region["y"], "width": 1100, "height": region["height"],
                             "scale": 1}})
                with open(os.path.join(screens, file), "wb") as f:
                    f.write(base64.b64decode(top["data"]))
            browser.cdp("Emulation.clearDeviceMetricsOverride", {})
            png = os.path.join(screens, name + ".png")
            with open(png, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            size = os.path.getsize(page) // 1024
            status = "ok" if not problems else "FAIL"
            print("%-4s %-36s %2d charts, %2d tables, graph %d, %4d KB -> %s" % (
                status, name, len(seen["charts"]), seen["tables"], seen["graph"], size,
                os.path.relpath(png, build)))
            failures += ["%s: %s" % (name, p) for p in problems]
    finally:
        browser.close()
    for failure in failures:
        print("FAIL", failure)
    print("%d reports opened in Chromium, %d problems" % (len(made), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
