"""The Python module against the CLI: the same files, the same DataFrames, the same errors.

Run by CTest (`python`) with PYTHONPATH at the build's python/ folder and BRINK_BINARY the
CLI built beside it.
"""
import _thread
import filecmp
import os
import subprocess
import tempfile
import threading
import time

import pandas
import pytest

import brink

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(SOURCE, "models")
# The one-way treaty model (nothing ends): the default model before it became two-way, for the
# commands and engines that do not run version-2 models yet.
ONE_WAY = os.path.join(SOURCE, "examples", "one-way")
BINARY = os.environ["BRINK_BINARY"]
# The shipped models (models/ also holds histories, NAME.history.yaml).
SHIPPED = sorted(f[:-5] for f in os.listdir(MODELS)
                 if f.endswith(".yaml") and not f.endswith(".history.yaml"))


def cli(args, out):
    result = subprocess.run([BINARY] + args + ["--out", str(out), "-q"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return out


def same_as_cli(result, folder):
    """Every CSV file: the same bytes, and the DataFrame equal to pandas' reading of it."""
    csvs = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
    assert csvs == sorted(f for f in result.files if f.endswith(".csv"))
    for name in csvs:
        with open(os.path.join(folder, name), "rb") as f:
            assert result.files[name] == f.read(), name
        frame = getattr(result, name[:-4])
        pandas.testing.assert_frame_equal(frame, pandas.read_csv(os.path.join(folder, name)))
        assert list(frame.columns) == open(os.path.join(folder, name)).readline().strip().split(",")
    with open(os.path.join(folder, "model.yaml"), "rb") as f:
        assert result.files["model.yaml"] == f.read()
    return len(csvs)


@pytest.mark.parametrize("stem", SHIPPED)
def test_run_with_draws_matches_cli(stem, tmp_path):
    path = os.path.join(MODELS, stem + ".yaml")
    model = brink.load(path)
    result = brink.run(model, trials=20_000, draws=8, seed=7)
    same_as_cli(result, cli(["run", path, "--trials", "20000", "--draws", "8", "--seed", "7"],
                            tmp_path / "cli"))
    assert result.record["draws"] == 8
    # to_dir writes the same bytes as the CLI.
    result.to_dir(tmp_path / "py")
    for name in result.files:
        if name != "run.json":
            assert filecmp.cmp(tmp_path / "py" / name, tmp_path / "cli" / name, shallow=False)


@pytest.mark.parametrize("stem", SHIPPED)
def test_given_sweep_sensitivity_exact_match_cli(stem, tmp_path):
    path = os.path.join(MODELS, stem + ".yaml")
    model = brink.load(path)
    event = model.events[0]
    same_as_cli(brink.run(model, trials=30_000, given=event),
                cli(["run", path, "--trials", "30000", "--given", event], tmp_path / "given"))
    if model.parameters:
        name = model.parameters[0]
        result = brink.sweep(model, vary={name: [0.1, 0.3, 0.5]}, trials=5000, draws=1)
        args = ["sweep", path, "--vary", "%s=0.1,0.3,0.5" % name, "--trials", "5000",
                "--draws", "1"]
    else:
        result = brink.sweep(model, vary={"horizon": "2:6:2"}, trials=5000, draws=1)
        args = ["sweep", path, "--vary", "horizon=2:6:2", "--trials", "5000", "--draws", "1"]
    same_as_cli(result, cli(args, tmp_path / "sweep"))
    same_as_cli(brink.sensitivity(model, trials=3000, draws=5),
                cli(["sensitivity", path, "--trials", "3000", "--draws", "5"], tmp_path / "sens"))
    same_as_cli(brink.exact(model), cli(["exact", path], tmp_path / "exact"))


def test_events_that_end_match_cli(tmp_path):
    """A version-2 model (events that end): run and exact write occurrences.csv and the new
    columns, as the CLI does."""
    path = os.path.join(SOURCE, "examples", "episodes", "ceasefire.yaml")
    model = brink.load(path)
    run = brink.run(model, trials=20_000, seed=3)
    assert same_as_cli(run, cli(["run", path, "--trials", "20000", "--seed", "3"],
                                tmp_path / "run")) == 5
    assert run.record["model_language"] == 2 and run.record["engine"] == "fast"
    assert "active_probability" in run.summary.columns
    exact = brink.exact(model)
    same_as_cli(exact, cli(["exact", path], tmp_path / "exact"))
    counts = exact.occurrences
    for _, rows in counts.groupby("id"):
        assert abs(rows.probability.sum() - 1) < 1e-12


@pytest.mark.parametrize("stem", ["ceasefire", "incidents"])
def test_what_is_going_on_matches_cli(stem, tmp_path):
    """A version-2 model's summary and timeline carry the CLI's version-2 columns, and `now`
    (what is going on at each step, by --target's names) is timeline.csv's
    active_probability, value for value; a version-1 model has no `now`."""
    path = os.path.join(SOURCE, "examples", "episodes", stem + ".yaml")
    model = brink.load(path)
    assert model.language == 2 and brink.load(os.path.join(MODELS, "coin.yaml")).language == 1
    result = brink.run(model, trials=10_000, seed=11)
    folder = cli(["run", path, "--trials", "10000", "--seed", "11"], tmp_path / "cli")
    same_as_cli(result, folder)
    for column in ["active_probability", "mean_occurrences", "mean_steps_active"]:
        assert column in result.summary.columns
    timeline = pandas.read_csv(folder / "timeline.csv")
    assert "active_probability" in timeline.columns
    now = result.now
    assert list(now.index) == list(range(1, model.horizon + 1))
    figures = [("level_at:%s" if kind == "level" else "active:%s") % i
               for kind, i in zip(timeline["kind"], timeline["id"].astype(str))]
    assert list(now.columns) == list(dict.fromkeys(figures))
    for (step, figure), value in zip(zip(timeline["step"], figures), timeline["active_probability"]):
        assert now.loc[step, figure] == value
    # What is going on can fall; what has happened never does.
    assert (now.diff().dropna() < 0).any().any()
    assert "now" in dir(result)
    with pytest.raises(AttributeError, match="version-1"):
        brink.run(os.path.join(MODELS, "coin.yaml"), trials=1000).now
    exact = brink.exact(model)
    same_as_cli(exact, cli(["exact", path], tmp_path / "exact"))
    assert exact.now.shape == now.shape


def test_compare_and_text_models(tmp_path):
    path = os.path.join(ONE_WAY, "russia_dprk_treaty.yaml")
    result = brink.compare(path, a={"invoke_if_attacked": 0.3}, b={"invoke_if_attacked": 0.6},
                           trials=20_000, draws=1)
    same_as_cli(result, cli(["compare", path, "--a", "invoke_if_attacked=0.3", "--b",
                             "invoke_if_attacked=0.6", "--trials", "20000", "--draws", "1"],
                            tmp_path / "cmp"))
    text = open(os.path.join(MODELS, "coin.yaml")).read()
    model = brink.load(text)
    assert model.name == "<string>" and model.events == ["coin_lands"]
    assert brink.run(model, trials=10_000).summary.loc[0, "probability"] > 0.4


def test_bad_model_raises_model_error_like_the_cli():
    bad = os.path.join(SOURCE, "tests", "bad_models", "unknown_event_in_condition.yaml")
    cli_error = subprocess.run([BINARY, "validate", bad], capture_output=True, text=True).stderr
    with pytest.raises(brink.ModelError) as caught:
        brink.load(bad)
    e = caught.value
    assert e.text == cli_error
    assert cli_error.startswith("%s:%d:%d: error: %s" % (e.file, e.line, e.column, e.message))
    assert e.line > 1 and e.column > 1
    with pytest.raises(brink.ModelError) as caught:
        brink.load("scenario: x\nhorizon: 3\nevents:\n  a:\n    hazard: 2\n")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("<string>", 5, 13)
    with pytest.raises(brink.UsageError, match="unknown parameter"):
        brink.run(os.path.join(MODELS, "chain.yaml"), set={"no_such": 0.5})


def test_ctrl_c_stops_a_long_run_within_a_second(tmp_path):
    model = brink.load(os.path.join(ONE_WAY, "russia_dprk_treaty.yaml"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    tempfile.tempdir = str(scratch)  # where the run's private folder goes
    timer = threading.Timer(1.0, _thread.interrupt_main)
    timer.start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        brink.run(model, trials=1e10, draws=1)
    interrupted = time.monotonic() - start
    timer.join()
    assert 0.9 < interrupted < 2.0, interrupted
    tempfile.tempdir = None
    # Nothing half-written: the run's private folder is gone.
    assert os.listdir(scratch) == []


def test_runs_release_the_gil():
    """While a run goes on in one Python thread, another keeps running Python code: the GIL
    is released. (Checked by the other thread's progress during the run, not by timing, so
    a busy machine cannot fail it.)"""
    model = brink.load(os.path.join(ONE_WAY, "russia_dprk_treaty.yaml"))
    done = threading.Event()
    result = []

    def work():
        result.append(brink.run(model, trials=3_000_000, draws=1, threads=1))
        done.set()

    worker = threading.Thread(target=work)
    ticks, seen = 0, set()
    start = time.monotonic()
    worker.start()
    while not done.is_set():
        ticks += 1
        seen.add(int((time.monotonic() - start) * 20))  # the 50 ms slots this thread ran in
    worker.join()
    took = time.monotonic() - start
    slots = int(took * 20)
    assert result and result[0].summary.shape[0] > 0
    assert took > 0.2, took  # long enough to tell
    # This thread ran through the run, not only before or after it.
    assert len(seen) >= 0.5 * slots, (len(seen), slots, ticks)
    # And two runs side by side both finish, each with its own result.
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        brink.run(model, trials=200_000, draws=1, threads=1))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert results[0].files["summary.csv"] == results[1].files["summary.csv"]


def test_reports_inline_and_saved_match_the_cli(tmp_path):
    path = os.path.join(MODELS, "coin.yaml")
    result = brink.run(path, trials=2000, seed=5)
    result.to_dir(tmp_path / "run")
    report = result.report()
    assert isinstance(report, brink.Report) and report.html.startswith(b"<!DOCTYPE html>")
    subprocess.run([BINARY, "report", str(tmp_path / "run"), "-q"], check=True)
    with open(tmp_path / "run" / "report.html", "rb") as f:
        assert report.html == f.read()
    # In a notebook: the page in a frame of its own, escaped into srcdoc.
    for shown in (result._repr_html_(), report._repr_html_()):
        assert shown.startswith("<iframe ") and ' srcdoc="&lt;!DOCTYPE html&gt;' in shown
        assert "<script" not in shown
    report.save(tmp_path / "saved.html")
    assert (tmp_path / "saved.html").read_bytes() == report.html
    # The live page is the CLI's too, when this build has the WebAssembly engine.
    live_cli = subprocess.run([BINARY, "report", str(tmp_path / "run"), "--live", "-q"],
                              capture_output=True, text=True)
    if live_cli.returncode == 0:
        live = result.report(live=True)
        with open(tmp_path / "run" / "report.html", "rb") as f:
            assert live.html == f.read()
        assert b'id="brink-live"' in live.html and len(live.html) > len(report.html)
    # A live report re-runs `brink run`: an exact result's is refused, as the CLI refuses it.
    with pytest.raises(brink.UsageError, match="a live report re-runs `brink run`"):
        brink.exact(path).report(live=True)
