"""brink: Monte Carlo estimates of escalation risk, from Python.

The same engines, options and numbers as the brink command line: a command runs exactly as
``brink run`` (``exact``, ``sweep``, ``sensitivity``, ``compare``) runs it, and its result
holds the files the command writes. Each CSV file is also a pandas DataFrame with the file's
columns and values, and ``to_dir`` writes the files byte for byte as the CLI does::

    import brink
    model = brink.load("examples/one-way/russia_dprk_treaty.yaml")
    result = brink.run(model, trials=200_000, draws=100)
    result.summary            # DataFrame: kind, id, label, probability, std_error, ...
    result.timeline           # each figure by step
    brink.sweep(model, vary={"invoke_if_attacked": [0.2, 0.5, 0.8]}).sweep

The engine runs with the GIL released (other Python threads go on), and Ctrl-C stops it within
a fraction of a second with KeyboardInterrupt, writing nothing. Errors: ``brink.ModelError``
(a bad model, with file, line and column as the CLI prints them) and ``brink.UsageError`` (a
bad option, with the keyword it names as ``keyword``), both ValueErrors; a keyword of the wrong
type is a TypeError naming it (``trials=``).
"""

import io
import json
import math
import numbers
import os
import stat
import tempfile
import warnings
from collections.abc import Iterable, Mapping

from . import _brink

__all__ = ["load", "run", "exact", "sweep", "sensitivity", "compare", "Model", "Result", "Report",
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
    together. The message names keywords as ``trials=``; ``keyword`` is the first one it
    names (without the ``=``), or None."""

    def __init__(self, message, keyword=None):
        self.keyword = keyword or None
        super().__init__(message)


class Model:
    """A validated model (``brink.load``). Attributes: ``scenario``, ``description``,
    ``horizon``, ``step`` (the unit of time), ``events`` (ids), ``levels`` (names, level 0
    first), ``parameters`` (the named ones), ``sha256``, ``language`` (2 for a model whose
    events end or begin before step 1, else 1), ``data`` (the file's bytes), ``text`` (the
    YAML) and ``name`` (its file, or ``<string>``)."""

    def __init__(self, data, name):
        facts = _brink.inspect(data, name)
        self.data, self.name = data, name
        self.text = data.decode("utf-8", "replace")
        for key, value in facts.items():
            setattr(self, key, value)

    def __repr__(self):
        return "<brink.Model %r: %d events, horizon %d %ss>" % (
            self.scenario, len(self.events), self.horizon, self.step)


def _read_text(path, what):
    """A model's or a history's file, as the command line reads it: a regular file of at most
    16 MiB (_brink.MAX_TEXT_BYTES), else ModelError at 1:1."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ModelError(path, 1, 1, "this is not a regular file (a FIFO or a device): brink "
                             "reads a %s from a file" % what)
        with open(path, "rb") as f:
            data = f.read(_brink.MAX_TEXT_BYTES + 1)
    except OSError as e:
        raise ModelError(path, 1, 1, "cannot read the %s file" % what) from e
    if len(data) > _brink.MAX_TEXT_BYTES:
        raise ModelError(path, 1, 1, "the %s file is larger than 16 MiB, the most brink reads "
                         "(is this the right file?)" % what)
    return data


def load(source):
    """Loads a model from a file path or from YAML text (anything with a line break, or a
    string that is not an existing file). Raises ModelError for a bad model."""
    if isinstance(source, os.PathLike) or ("\n" not in source and os.path.exists(source)):
        path = os.fspath(source)
        return Model(_read_text(path, "model"), path)
    if "\n" not in source and not source.lstrip().startswith(("scenario", "{")):
        raise ModelError(source, 1, 1, "cannot read the model file")
    return Model(source.encode("utf-8"), "<string>")


# A figure of what is going on, by its kind in the files, as --target names it.
_NOW_TARGETS = {"event": "active", "level": "level_at"}


class Result:
    """The files a command wrote, as ``files`` (name -> bytes), and each CSV file as a
    pandas DataFrame attribute named for it: ``summary``, ``timeline``, ``draws``,
    ``distribution``, ``sweep``, ``tornado``, ``importance``, ``rank_correlation``, ``sobol``,
    ``compare``, ``occurrences`` (a model whose events end) (those the command wrote). ``record`` is run.json as a dict.

    A model whose events end (version 2) also has ``now``: what is going on at each step, a
    DataFrame indexed by ``step`` with a column per figure named as ``--target`` names it,
    ``active:EVENT`` and ``level_at:K`` (timeline.csv's ``active_probability``, which can
    fall; ``timeline.probability`` is what has happened by the step)."""

    def __init__(self, files):
        self.files = files

    def __getattr__(self, name):
        if name == "now":
            return self._now()
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

    def _now(self):
        if "timeline.csv" not in self.files:
            raise AttributeError("this result has no timeline.csv, so no now (it has %s)" % (
                ", ".join(sorted(self.files))))
        timeline = self.timeline
        if "active_probability" not in timeline.columns:
            raise AttributeError("now: this model's events never end (a version-1 model), so "
                                 "what is going on at a step is what has happened by it: "
                                 "timeline.probability")
        names = ["%s:%s" % (_NOW_TARGETS[kind], i)
                 for kind, i in zip(timeline["kind"], timeline["id"].astype(str))]
        order = list(dict.fromkeys(names))
        frame = timeline.assign(figure=names).pivot(index="step", columns="figure",
                                                    values="active_probability")
        frame = frame[order]
        frame.columns.name = None
        return frame

    def to_dir(self, path):
        """Writes the files into the folder ``path``, replaced whole in one rename (as the
        CLI replaces its --out folder): the same bytes as the CLI's."""
        _brink.write_folder(os.fspath(path), self.files)

    def report(self, live=False):
        """report.html of these files, as ``brink report`` writes it (docs/reports.md), as a
        Report: shown inline in Jupyter, saved with ``save(path)``. live=True (a ``run``'s
        result, without given, history or rare): the model runs in the page, with a slider
        for each named parameter."""
        return Report(_brink.report_html(self.files, _flag("live", live)))

    def _repr_html_(self):
        """The static report inline in a notebook (Jupyter calls this)."""
        return self.report()._repr_html_()

    def __dir__(self):
        now = {"now"} if "occurrences.csv" in self.files and "timeline.csv" in self.files else set()
        return sorted(set(super().__dir__()) | now |
                      {f[:-4] for f in self.files if f.endswith(".csv")})

    def __repr__(self):
        return "<brink.Result: %s>" % ", ".join(sorted(self.files))


class Report:
    """A report page: ``html`` (bytes, UTF-8), shown inline in Jupyter in a frame of its own
    (its scripts and styles apart from the notebook's), written by ``save(path)``."""

    def __init__(self, html):
        self.html = html

    def save(self, path):
        """Writes the page to ``path`` (a temporary file renamed over it)."""
        path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(path))
        fd, temp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(self.html)
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise

    def _repr_html_(self):
        import html
        return ('<iframe style="width: 100%%; height: 720px; border: 1px solid #ddd" '
                'srcdoc="%s"></iframe>'
                % html.escape(self.html.decode("utf-8"), quote=True))

    def __repr__(self):
        return "<brink.Report: %d bytes>" % len(self.html)


def _number(x):
    return repr(float(x)) if not isinstance(x, str) else x


def _type_name(value):
    return type(value).__name__


def _whole(keyword, value, low=0, high=2 ** 64 - 1):
    """An int (numpy's too, or a float with no fraction, such as 1e6) for a whole-number
    keyword, in low..high (the C++ field's range; the command layer checks the rest)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s= must be a whole number (an int), not %s" % (keyword,
                                                                        _type_name(value)))
    if not isinstance(value, numbers.Integral) and not (
            math.isfinite(value) and float(value).is_integer()):
        raise UsageError("%s= must be a whole number, not %r" % (keyword, value), keyword)
    value = int(value)
    if value < low or value > high:
        raise UsageError("%s= must be a whole number from %d to %d, not %d" % (
            keyword, low, high, value), keyword)
    return value


_INT_MAX = 2 ** 31 - 1  # a C++ int field (draws, threads, sobol_samples)


def _text(keyword, value):
    if not isinstance(value, str):
        raise TypeError("%s= must be a str, not %s" % (keyword, _type_name(value)))
    if value == "":
        raise UsageError("%s= is empty" % keyword, keyword)
    return value


def _flag(keyword, value):
    if not isinstance(value, bool):
        raise TypeError("%s= must be True or False, not %s" % (keyword, _type_name(value)))
    return value


def _choice(keyword, value, names, exclude=()):
    """One of a closed set's names (brink/names.h, bound as _brink enums)."""
    members = {k: v for k, v in names.__members__.items() if k not in exclude}
    if not isinstance(value, str):
        raise TypeError("%s= must be a str, not %s" % (keyword, _type_name(value)))
    if value not in members:
        listed = ["'%s'" % n for n in members]
        raise UsageError("%s= must be %s or %s, not %r" % (
            keyword, ", ".join(listed[:-1]), listed[-1], value), keyword)
    return members[value]


def _settings(keyword, values):
    """{name: value} as (name, text) pairs: numbers as probabilities, text as written
    ("80%", a structural setting such as "1:3")."""
    if values is None:
        return []
    if not isinstance(values, Mapping):
        raise TypeError("%s= must be a dict {name: value}, not %s" % (keyword,
                                                                       _type_name(values)))
    pairs = []
    for name, value in values.items():
        if not isinstance(name, str):
            raise TypeError("%s= names must be str, not %s" % (keyword, _type_name(name)))
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
            raise TypeError("%s=%s must be a number or a str, not %s" % (
                keyword, name, _type_name(value)))
        pairs.append((name, value if isinstance(value, str) else
                      (str(int(value)) if isinstance(value, numbers.Integral) else
                       _number(value))))
    return pairs


def _fraction(keyword, value):
    """A number, or a percent text such as "50%", as a fraction."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
        raise TypeError("%s= must be a number or a percent str, not %s" % (keyword,
                                                                          _type_name(value)))
    try:
        number = float(value[:-1]) / 100 if isinstance(value, str) and value.endswith("%") \
            else float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise UsageError("%s= must be a number or a percent such as '50%%', not %r" % (
            keyword, value), keyword)
    return number


def _precision(value):
    """0.001 (a half-width) or "5%" (relative to the estimate)."""
    precision = _brink.Precision()
    precision.relative = isinstance(value, str) and value.endswith("%")
    precision.half_width = _fraction("precision", value)
    return precision


def _model_input(model, keyword="model"):
    if not isinstance(model, Model):
        if not isinstance(model, (str, os.PathLike)):
            raise TypeError("%s= must be a brink.Model or a path, not %s" % (keyword,
                                                                            _type_name(model)))
        model = load(model)
    source = _brink.ModelInput()
    source.path, source.text = model.name, model.data
    return model, source


def _history_input(history):
    """history=: a path, YAML text, or a dict (written as JSON, which is YAML)."""
    source = _brink.ModelInput()
    if isinstance(history, Mapping):
        try:
            text = json.dumps(history)
        except RecursionError:
            raise ValueError("history= is nested too deep: a history is a map of as_of, "
                             "happened and not_happened") from None
        except (TypeError, ValueError) as e:
            raise TypeError("history= holds something a history cannot: %s" % e) from None
        source.path, source.text = "<history>", text.encode("utf-8")
    elif isinstance(history, os.PathLike) or (isinstance(history, str) and "\n" not in history
                                              and os.path.exists(history)):
        path = os.fspath(history)
        source.path, source.text = path, _read_text(path, "history")
    elif isinstance(history, str):
        if "\n" not in history and ":" not in history:
            raise UsageError("history= %r is neither a file nor a history's YAML" % history,
                             "history")
        source.path, source.text = "<history>", history.encode("utf-8")
    else:
        raise TypeError("history= must be a path, YAML text or a dict, not %s" %
                        _type_name(history))
    return source


def _shown(value):
    """A keyword's value as the command line shows it: its repr, at most 10,000 characters
    (a history's text can be 16 MiB; a dict, nested too deep for repr)."""
    try:
        text = repr(value)
    except RecursionError:
        return "<%s nested too deep>" % _type_name(value)
    return text if len(text) <= 10000 else text[:10000] + "…"


def _call(name, model, keywords):
    """The request's command line as run.json records it: the call, its keywords as given."""
    given = ", ".join("%s=%s" % (k, _shown(v)) for k, v in keywords.items() if v is not None)
    return "brink (Python module): %s(%r%s)" % (name, model.name, ", " + given if given else "")


def _model_run(request, model, trials, seed, draws, set, threads, engine, sampling, simd,
               max_states=None, max_memory=None):
    request.model = model
    if trials is not None:
        request.trials = _whole("trials", trials)
    request.seed = _whole("seed", seed)
    if draws is not None:
        request.draws = _whole("draws", draws, 0, _INT_MAX)
    request.sets = _settings("set", set)
    if threads is not None:
        request.threads = _whole("threads", threads, 1, _INT_MAX)
    if max_states is not None:
        request.max_states = _whole("max_states", max_states)
    if max_memory is not None:
        request.max_memory = _whole("max_memory", max_memory)
    request.engine = _choice("engine", engine, _brink.Engine)
    request.sampling = _choice("sampling", sampling, _brink.Sampling)
    if simd is not None:
        request.simd = _choice("simd", simd, _brink.SimdKernel)
    return request


def _execute(request):
    """Runs the request; its files come back in memory, as the command wrote them (no folder
    is written)."""
    texts, files = _brink.execute(request)
    for text in texts:
        warnings.warn("brink: " + text, RuntimeWarning, stacklevel=3)
    return Result(dict(sorted(files.items())))


def run(model, trials=None, seed=_brink.DEFAULT_SEED, draws=None, set=None, given=None, threads=None,
        engine="fast", sampling="lhs", simd=None, precision=None, target=None,
        max_trials=None, rare=False, max_states=None, max_memory=None, history=None):
    """Runs the model, as ``brink run``.

    model: a Model or a path. trials: per draw (default 100,000). draws: draws of the uncertain
    values (default 200 when the model has ranges, else 1). set: {parameter: value} pins (also "horizon" and
    "delay:EVENT"). given: a condition, making every figure conditional on it. threads:
    default all cores. engine: "fast", "reference" or "exact". precision: "5%" or 0.001 with
    target ("level:4" or an event id): add trials until the interval is that narrow.
    rare: estimate a rare target to a relative precision (default "10%") by importance
    sampling (docs/rare-events.md); record["speedup"] says how many times fewer trials than
    plain Monte Carlo it took. max_states: the exact engine's bound. max_memory: bytes the
    results may take (default half of this machine's memory). history: what happened (a
    history file's path, its YAML text or a dict; docs/history.md): the run learns from it.
    Then draws are the posterior's (default 2000), trials those of each draw's likelihood
    estimate (default 250; engine="exact": exact likelihoods), every figure is given the
    history, and the Result also has posterior, correlations, scores and prior_summary (the
    figures before the history) DataFrames; record["log_evidence"] is ln P(history).

    Returns a Result with summary, timeline, draws and distribution DataFrames.
    """
    keywords = dict(trials=trials, seed=seed, draws=draws, set=set, given=given,
                    threads=threads, engine=engine, sampling=sampling, simd=simd,
                    precision=precision, target=target, max_trials=max_trials, rare=rare,
                    max_states=max_states, max_memory=max_memory, history=history)
    model, source = _model_input(model)
    request = _model_run(_brink.RunCommand(), source, trials, seed, draws, set, threads, engine,
                         sampling, simd, max_states, max_memory)
    request.command_line = _call("run", model, keywords)
    if given is not None:
        request.given = _text("given", given)
    if history is not None:
        request.history = _history_input(history)
    if precision is not None:
        request.precision = _precision(precision)
    if target is not None:
        request.target = _text("target", target)
    if max_trials is not None:
        request.max_trials = _whole("max_trials", max_trials)
    request.rare = _flag("rare", rare)
    return _execute(request)


def exact(model, draws=None, set=None, given=None, seed=_brink.DEFAULT_SEED, threads=None,
          sampling="lhs", max_states=None, max_memory=None, history=None):
    """Computes the figures exactly, as ``brink exact`` (small models). Returns a Result like
    run's; with history, the posterior from exact likelihoods."""
    keywords = dict(draws=draws, set=set, given=given, seed=seed, threads=threads,
                    sampling=sampling, max_states=max_states, max_memory=max_memory,
                    history=history)
    model, source = _model_input(model)
    request = _brink.ExactCommand()
    request.model = source
    request.command_line = _call("exact", model, keywords)
    if draws is not None:
        request.draws = _whole("draws", draws, 0, _INT_MAX)
    request.sets = _settings("set", set)
    if given is not None:
        request.given = _text("given", given)
    if history is not None:
        request.history = _history_input(history)
    request.seed = _whole("seed", seed)
    if threads is not None:
        request.threads = _whole("threads", threads, 1, _INT_MAX)
    request.sampling = _choice("sampling", sampling, _brink.Sampling)
    if max_states is not None:
        request.max_states = _whole("max_states", max_states)
    if max_memory is not None:
        request.max_memory = _whole("max_memory", max_memory)
    return _execute(request)


def _vary(name, values):
    if not isinstance(name, str):
        raise TypeError("vary= names must be str, not %s" % _type_name(name))
    if isinstance(values, str):
        return "%s=%s" % (name, values)
    if isinstance(values, (bytes, bytearray)) or not isinstance(values, Iterable):
        raise TypeError("vary=%s must be a list of values or a 'lo:hi:step' str, not %s" % (
            name, _type_name(values)))
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, str)):
            raise TypeError("vary=%s values must be numbers, not %s" % (name, _type_name(v)))
    return "%s=%s" % (name, ",".join(v if isinstance(v, str) else
                                      str(int(v)) if isinstance(v, numbers.Integral) else
                                      _number(v) for v in values))


def sweep(model, vary, trials=None, seed=_brink.DEFAULT_SEED, draws=None, set=None, threads=None,
          engine="fast", sampling="lhs", target=None, baseline=None, simd=None):
    """Runs the model over a grid, as ``brink sweep``, with common random numbers.

    vary: {parameter: values}, each a list of values or "lo:hi:step"; several make a grid.
    baseline: a point number, to give each point's paired difference from it. Returns a
    Result whose ``sweep`` DataFrame has a row per point and figure.
    """
    keywords = dict(vary=vary, trials=trials, seed=seed, draws=draws, set=set, threads=threads,
                    engine=engine, sampling=sampling, target=target, baseline=baseline,
                    simd=simd)
    model, source = _model_input(model)
    request = _model_run(_brink.SweepCommand(), source, trials, seed, draws, set, threads,
                         engine, sampling, simd)
    request.command_line = _call("sweep", model, keywords)
    if not isinstance(vary, Mapping):
        raise TypeError("vary= must be a dict {parameter: values}, not %s" % _type_name(vary))
    request.vary = [_vary(name, values) for name, values in vary.items()]
    if target is not None:
        request.target = _text("target", target)
    if baseline is not None:
        request.baseline = _whole("baseline", baseline)
    return _execute(request)


def sensitivity(model, target=None, swing="50%", trials=None, seed=_brink.DEFAULT_SEED, draws=None,
                set=None, threads=None, engine="fast", sampling="lhs", simd=None, sobol=False,
                sobol_samples=None):
    """Which assumption matters, as ``brink sensitivity``: the tornado, event importance and
    rank correlations for target ("level:K" or an event id; default the top level); with
    sobol=True also the Sobol indices (``.sobol``: s1 and st with 95% intervals)."""
    keywords = dict(target=target, swing=swing, trials=trials, seed=seed, draws=draws, set=set,
                    threads=threads, engine=engine, sampling=sampling, simd=simd, sobol=sobol,
                    sobol_samples=sobol_samples)
    model, source = _model_input(model)
    request = _model_run(_brink.SensitivityCommand(), source, trials, seed, draws, set, threads,
                         engine, sampling, simd)
    request.command_line = _call("sensitivity", model, keywords)
    if target is not None:
        request.target = _text("target", target)
    request.swing = _fraction("swing", swing)
    request.sobol = _flag("sobol", sobol)
    if sobol_samples is not None:
        request.sobol_samples = _whole("sobol_samples", sobol_samples, 0, _INT_MAX)
    return _execute(request)


def compare(model, a=None, b=None, b_model=None, trials=None, seed=_brink.DEFAULT_SEED, draws=None,
            set=None, threads=None, engine="fast", sampling="lhs", simd=None, history=None,
            max_states=None):
    """Two arms on the same trials, as ``brink compare``: a and b are {parameter: value}
    pins, or b_model (a Model or path) runs instead of the model in arm B. Returns a Result
    whose ``compare`` DataFrame has each figure's difference with its paired interval.

    history: each arm learns from it (as run's history=), and record["bayes_factor"] gives
    how many times likelier the history is under B than under A, with its 95% interval
    (``evidence``: each arm's log evidence); engine may then be "exact"."""
    keywords = dict(a=a, b=b, b_model=b_model.name if isinstance(b_model, Model) else
                    (os.fspath(b_model) if isinstance(b_model, (str, os.PathLike)) else b_model),
                    trials=trials,
                    seed=seed, draws=draws, set=set, threads=threads, engine=engine,
                    sampling=sampling, simd=simd, history=history, max_states=max_states)
    model, source = _model_input(model)
    request = _model_run(_brink.CompareCommand(), source, trials, seed, draws, set, threads,
                         engine, sampling, simd, max_states)
    request.command_line = _call("compare", model, keywords)
    if history is not None:
        request.history = _history_input(history)
    request.a = _settings("a", a)
    request.b = _settings("b", b)
    if b_model is not None:
        request.b_model = _model_input(b_model, "b_model")[1]
    return _execute(request)
