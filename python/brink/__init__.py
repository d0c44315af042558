"""brink: Monte Carlo estimates of escalation risk, from Python.

The same engines, options and numbers as the brink command line: a command runs exactly as
``brink run`` (``exact``, ``sweep``, ``sensitivity``, ``compare``) runs it, and its result
holds the files the command writes. Each CSV file is also a pandas DataFrame with the file's
columns and values, and ``to_dir`` writes the files byte for byte as the CLI does::

    import brink
    model = brink.load("models/russia_dprk_treaty.yaml")
    result = brink.run(model, trials=200_000, draws=100)
    result.summary            # DataFrame: kind, id, label, probability, std_error, ...
    result.timeline           # each figure by step
    brink.sweep(model, vary={"invoke_if_attacked": [0.2, 0.5, 0.8]}).sweep

The engine runs with the GIL released (other Python threads go on), and Ctrl-C stops it within
a fraction of a second with KeyboardInterrupt, writing nothing. Errors: ``brink.ModelError``
(a bad model, with file, line and column as the CLI prints them) and ``brink.UsageError`` (a
bad option), both ValueErrors.
"""

import io
import json
import os
import shutil
import tempfile

from . import _brink

__all__ = ["load", "run", "exact", "sweep", "sensitivity", "compare", "Model", "Result",
           "ModelError", "UsageError", "__version__"]
__version__ = _brink.version


class ModelError(ValueError):
    """A problem in a model, located as the CLI prints it: ``FILE:LINE:COL: error: MESSAGE``.

    Attributes: ``file``, ``line``, ``column``, ``message`` (the first problem) and ``text``
    (every problem, one per line, exactly as the CLI prints them).
    """

    def __init__(self, file, line, column, message, text=None):
        self.file, self.line, self.column, self.message = file, line, column, message
        self.text = text if text is not None else "%s:%d:%d: error: %s\n" % (file, line, column,
                                                                            message)
        super().__init__(self.text.rstrip("\n"))


class UsageError(ValueError):
    """A bad request: an unknown parameter, a value out of range, options that do not go
    together. The message is the CLI's."""


class Model:
    """A validated model (``brink.load``). Attributes: ``scenario``, ``description``,
    ``horizon``, ``step`` (the unit of time), ``events`` (ids), ``levels`` (names, level 0
    first), ``parameters`` (the named ones), ``sha256``, ``data`` (the file's bytes),
    ``text`` (the YAML) and ``name`` (its file, or ``<string>``)."""

    def __init__(self, data, name):
        facts = _brink.inspect(data, name)
        self.data, self.name = data, name
        self.text = data.decode("utf-8", "replace")
        for key, value in facts.items():
            setattr(self, key, value)

    def __repr__(self):
        return "<brink.Model %r: %d events, horizon %d %ss>" % (
            self.scenario, len(self.events), self.horizon, self.step)


def load(source):
    """Loads a model from a file path or from YAML text (anything with a line break, or a
    string that is not an existing file). Raises ModelError for a bad model."""
    if isinstance(source, os.PathLike) or ("\n" not in source and os.path.exists(source)):
        path = os.fspath(source)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ModelError(path, 1, 1, "cannot read the model file") from e
        return Model(data, path)
    if "\n" not in source and not source.lstrip().startswith(("scenario", "{")):
        raise ModelError(source, 1, 1, "cannot read the model file")
    return Model(source.encode("utf-8"), "<string>")


class Result:
    """The files a command wrote, as ``files`` (name -> bytes), and each CSV file as a
    pandas DataFrame attribute named for it: ``summary``, ``timeline``, ``draws``,
    ``distribution``, ``sweep``, ``tornado``, ``importance``, ``rank_correlation``, ``sobol``,
    ``compare`` (those the command wrote). ``record`` is run.json as a dict."""

    def __init__(self, files):
        self.files = files

    def __getattr__(self, name):
        file = name + ".csv"
        files = self.__dict__.get("files", {})
        if file not in files:
            raise AttributeError("this result has no %s (it has %s)" % (
                file, ", ".join(sorted(files))))
        import pandas
        return pandas.read_csv(io.BytesIO(files[file]))

    @property
    def record(self):
        return json.loads(self.files["run.json"])

    def to_dir(self, path):
        """Writes the files into the folder ``path``, replaced whole in one rename (as the
        CLI replaces its --out folder): the same bytes as the CLI's."""
        _brink.write_folder(os.fspath(path), self.files)

    def __dir__(self):
        return sorted(set(super().__dir__()) |
                      {f[:-4] for f in self.files if f.endswith(".csv")})

    def __repr__(self):
        return "<brink.Result: %s>" % ", ".join(sorted(self.files))


def _number(x):
    return repr(float(x)) if not isinstance(x, str) else x


def _options(trials=None, seed=None, draws=None, set=None, given=None, threads=None,
             engine=None, sampling=None, simd=None, target=None, precision=None,
             max_trials=None, max_states=None):
    args = []
    if trials is not None:
        args += ["--trials", str(int(trials)) if not isinstance(trials, str) else trials]
    if seed is not None:
        args += ["--seed", str(seed)]
    if draws is not None:
        args += ["--draws", str(int(draws))]
    for name, value in (set or {}).items():
        args += ["--set", "%s=%s" % (name, _number(value))]
    if given is not None:
        args += ["--given", given]
    if threads is not None:
        args += ["--threads", str(int(threads))]
    if engine is not None:
        args += ["--engine", engine]
    if sampling is not None:
        args += ["--sampling", sampling]
    if simd is not None:
        args += ["--simd", simd]
    if target is not None:
        args += ["--target", target]
    if precision is not None:
        args += ["--precision", str(precision)]
    if max_trials is not None:
        args += ["--max-trials", str(int(max_trials))]
    if max_states is not None:
        args += ["--max-states", str(int(max_states))]
    return args


def _command(command, model, args):
    if not isinstance(model, Model):
        model = load(model)
    scratch = tempfile.mkdtemp(prefix="brink-")
    try:
        out = os.path.join(scratch, "out")
        _brink.command([command, model.name] + args + ["--out", out, "--quiet"], model.data,
                       model.name)
        files = {}
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name), "rb") as f:
                files[name] = f.read()
        return Result(files)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(model, trials=100_000, seed=20240619, draws=None, set=None, given=None, threads=None,
        engine="fast", sampling="lhs", simd=None, precision=None, target=None,
        max_trials=None, rare=False):
    """Runs the model, as ``brink run``.

    model: a Model or a path. trials: per draw. draws: draws of the uncertain values (default
    200 when the model has ranges, else 1). set: {parameter: value} pins (also "horizon" and
    "delay:EVENT"). given: a condition, making every figure conditional on it. threads:
    default all cores. engine: "fast", "reference" or "exact". precision: "5%" or 0.001 with
    target ("level:4" or an event id): add trials until the interval is that narrow.
    rare: estimate a rare target to a relative precision (default "10%") by importance
    sampling (docs/rare-events.md); record["speedup"] says how many times fewer trials than
    plain Monte Carlo it took.

    Returns a Result with summary, timeline, draws and distribution DataFrames.
    """
    args = _options(trials, seed, draws, set, given, threads, None if rare else engine,
                    sampling, simd, target, precision, max_trials)
    return _command("run", model, args + (["--rare"] if rare else []))


def exact(model, draws=None, set=None, given=None, seed=20240619, threads=None,
          sampling="lhs", max_states=None):
    """Computes the figures exactly, as ``brink exact`` (small models). Returns a Result like
    run's."""
    return _command("exact", model, _options(None, seed, draws, set, given, threads, None,
                                             sampling, None, None, None, None, max_states))


def _vary(name, values):
    if isinstance(values, str):
        return "%s=%s" % (name, values)
    return "%s=%s" % (name, ",".join(str(v) if isinstance(v, int) else _number(v)
                                      for v in values))


def sweep(model, vary, trials=100_000, seed=20240619, draws=None, set=None, threads=None,
          engine="fast", sampling="lhs", target=None, baseline=None, simd=None):
    """Runs the model over a grid, as ``brink sweep``, with common random numbers.

    vary: {parameter: values}, each a list of values or "lo:hi:step"; several make a grid.
    baseline: a point number, to give each point's paired difference from it. Returns a
    Result whose ``sweep`` DataFrame has a row per point and figure.
    """
    args = _options(trials, seed, draws, set, None, threads, engine, sampling, simd, target)
    for name, values in vary.items():
        args += ["--vary", _vary(name, values)]
    if baseline is not None:
        args += ["--baseline", str(int(baseline))]
    return _command("sweep", model, args)


def sensitivity(model, target=None, swing="50%", trials=100_000, seed=20240619, draws=None,
                set=None, threads=None, engine="fast", sampling="lhs", simd=None, sobol=False,
                sobol_samples=None):
    """Which assumption matters, as ``brink sensitivity``: the tornado, event importance and
    rank correlations for target ("level:K" or an event id; default the top level); with
    sobol=True also the Sobol indices (``.sobol``: s1 and st with 95% intervals)."""
    args = _options(trials, seed, draws, set, None, threads, engine, sampling, simd, target)
    args += ["--swing", str(swing)]
    if sobol:
        args += ["--sobol"]
    if sobol_samples is not None:
        args += ["--sobol-samples", str(int(sobol_samples))]
    return _command("sensitivity", model, args)


def compare(model, a=None, b=None, b_model=None, trials=100_000, seed=20240619, draws=None,
            set=None, threads=None, engine="fast", sampling="lhs", simd=None):
    """Two arms on the same trials, as ``brink compare``: a and b are {parameter: value}
    pins, or b_model (a Model or path) runs instead of the model in arm B. Returns a Result
    whose ``compare`` DataFrame has each figure's difference with its paired interval."""
    args = _options(trials, seed, draws, set, None, threads, engine, sampling, simd)
    for name, value in (a or {}).items():
        args += ["--a", "%s=%s" % (name, _number(value))]
    for name, value in (b or {}).items():
        args += ["--b", "%s=%s" % (name, _number(value))]
    if b_model is None:
        return _command("compare", model, args)
    path = b_model.name if isinstance(b_model, Model) else os.fspath(b_model)
    if isinstance(b_model, Model) and not os.path.exists(path):
        raise UsageError("b_model must be a model loaded from a file")
    return _command("compare", model, args + ["--b-model", path])
