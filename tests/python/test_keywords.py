"""Every keyword of every command is checked as Python checks arguments, by name: a wrong
type raises TypeError, a wrong value ValueError (brink.UsageError for what the command layer
refuses), and each message names the keyword as ``keyword=``."""
import inspect
import math
import os

import pytest

import brink

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHAIN = os.path.join(SOURCE, "models", "chain.yaml")
COMMANDS = [brink.run, brink.exact, brink.sweep, brink.sensitivity, brink.compare]


def keywords(function):
    return [name for name in inspect.signature(function).parameters if name != "model"]


@pytest.mark.parametrize("function", COMMANDS, ids=lambda f: f.__name__)
def test_a_wrong_type_names_its_keyword(function):
    required = {"vary": {"mobilise_p": [0.1, 0.2]}} if function is brink.sweep else {}
    for name in keywords(function):
        arguments = dict(required)
        arguments[name] = object()
        with pytest.raises((TypeError, ValueError)) as caught:
            function(CHAIN, **arguments)
        assert name + "=" in str(caught.value), (function.__name__, name, str(caught.value))


@pytest.mark.parametrize("value, error", [
    (1.5, ValueError), (True, TypeError), (float("inf"), ValueError), (float("nan"), ValueError), (2 ** 64, ValueError),
    ("1e6", TypeError), (-3, ValueError)])
def test_trials_as_python_checks_them(value, error):
    with pytest.raises(error, match="trials="):
        brink.run(CHAIN, trials=value)


def test_values_the_command_layer_refuses_are_worded_as_keywords():
    with pytest.raises(brink.UsageError, match=r"^trials= must be a whole number from 1 to 2\^38") as e:
        brink.run(CHAIN, trials=0)
    assert e.value.keyword == "trials"
    with pytest.raises(brink.UsageError, match="target=") as e:
        brink.run(CHAIN, target="nope", trials=1000)  # checked even without precision
    assert e.value.keyword == "target"
    with pytest.raises(brink.UsageError, match="rare= does not go with given="):
        brink.run(CHAIN, rare=True, given="strike")
    with pytest.raises(brink.UsageError, match="threads= must be"):
        brink.run(CHAIN, threads=5000)
    with pytest.raises(TypeError, match="set= must be a dict"):
        brink.run(CHAIN, set="x")
    with pytest.raises(ValueError, match="engine= must be 'fast', 'reference' or 'exact', not 'nope'"):
        brink.run(CHAIN, engine="nope")


def test_whole_floats_are_whole_numbers():
    a, b = brink.run(CHAIN, trials=2e3, seed=3.0), brink.run(CHAIN, trials=2000, seed=3)
    assert a.files["summary.csv"] == b.files["summary.csv"]
    assert math.isclose(brink.run(CHAIN, trials=2000).record["trials"], 2000)


def test_history_as_a_path_text_or_dict(tmp_path):
    model = "scenario: c\nhorizon: 6\nstep: month\nstart: 2024-07\nevents:\n  a:\n    hazard: 10%\n"
    text = "as_of: 2024-09\nhappened:\n  a: 2024-08\n"
    path = tmp_path / "h.yaml"
    path.write_text(text)
    results = [brink.exact(model, history=h) for h in
               (str(path), path, text, {"as_of": "2024-09", "happened": {"a": "2024-08"}})]
    for r in results:
        assert r.files["summary.csv"] == results[0].files["summary.csv"]
        assert abs(r.record["log_evidence"] - math.log(0.9 * 0.1)) < 1e-12
    with pytest.raises(brink.ModelError, match="unknown event 'b'"):
        brink.exact(model, history={"as_of": 2, "happened": {"b": 1}})
    with pytest.raises(brink.UsageError, match="history= does not go with given="):
        brink.run(model, history=text, given="a", trials=1000)
    # Monte Carlo likelihoods (a model with every parameter pinned): the same log likelihood,
    # estimated, here exactly since the history forces every decision.
    assert abs(brink.run(model, history=text, trials=1000).record["log_evidence"] -
               math.log(0.9 * 0.1)) < 1e-12


def test_history_limits_hold_for_python(tmp_path):
    """The command line's limits hold here too: 16 MiB, regular files only, and a dict nested
    too deep is a ValueError, not a RecursionError."""
    model = "scenario: c\nhorizon: 6\nstep: month\nevents:\n  a:\n    hazard: 10%\n"
    with pytest.raises(brink.ModelError, match="not a regular file"):
        brink.exact(model, history="/dev/zero")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"as_of: 2\n" + b"#" * (brink._brink.MAX_TEXT_BYTES + 1))
    with pytest.raises(brink.ModelError, match="history file is larger than 16 MiB"):
        brink.exact(model, history=big)
    with pytest.raises(brink.ModelError, match="history is larger than 16 MiB"):
        brink.exact(model, history="as_of: 2\n" + "#" * (brink._brink.MAX_TEXT_BYTES + 1))
    deep = {}
    for _ in range(3000):
        deep = {"as_of": deep}
    with pytest.raises(ValueError, match="history= is nested too deep"):
        brink.exact(model, history=deep)
