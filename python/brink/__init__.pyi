# Type stubs for the brink Python module (python/brink/__init__.py has the docstrings).
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import pandas

__version__: str

class ModelError(ValueError):
    file: str
    line: int
    column: int
    message: str
    text: str
    def __init__(self, file: str, line: int, column: int, message: str,
                 text: Optional[str] = ...) -> None: ...

class UsageError(ValueError):
    keyword: Optional[str]
    def __init__(self, message: str, keyword: Optional[str] = ...) -> None: ...

class Model:
    scenario: str
    description: str
    horizon: int
    step: str
    events: List[str]
    levels: List[str]
    parameters: List[str]
    sha256: str
    language: int
    data: bytes
    text: str
    name: str
    def __init__(self, data: bytes, name: str) -> None: ...

class Result:
    files: Dict[str, bytes]
    summary: pandas.DataFrame
    timeline: pandas.DataFrame
    draws: pandas.DataFrame
    distribution: pandas.DataFrame
    sweep: pandas.DataFrame
    tornado: pandas.DataFrame
    importance: pandas.DataFrame
    rank_correlation: pandas.DataFrame
    sobol: pandas.DataFrame
    compare: pandas.DataFrame
    occurrences: pandas.DataFrame
    now: pandas.DataFrame
    @property
    def record(self) -> Dict[str, Any]: ...
    def to_dir(self, path: Union[str, os.PathLike]) -> None: ...
    def report(self, live: bool = ...) -> Report: ...
    def _repr_html_(self) -> str: ...

class Report:
    html: bytes
    def save(self, path: Union[str, os.PathLike]) -> None: ...
    def _repr_html_(self) -> str: ...

ModelLike = Union[Model, str, os.PathLike]
Number = Union[int, float, str]  # a probability: 0.8 or "80%"
Whole = Union[int, float]  # an int, or a float with no fraction such as 1e6

def load(source: Union[str, os.PathLike]) -> Model: ...
def run(model: ModelLike, trials: Whole = ..., seed: Whole = ..., draws: Optional[Whole] = ...,
        set: Optional[Mapping[str, Number]] = ..., given: Optional[str] = ...,
        threads: Optional[Whole] = ..., engine: str = ..., sampling: str = ...,
        simd: Optional[str] = ..., precision: Optional[Number] = ...,
        target: Optional[str] = ..., max_trials: Optional[Whole] = ...,
        rare: bool = ..., max_states: Optional[Whole] = ...,
        max_memory: Optional[Whole] = ...,
        history: Optional[Union[str, os.PathLike, Mapping[str, Any]]] = ...) -> Result: ...
def exact(model: ModelLike, draws: Optional[Whole] = ..., set: Optional[Mapping[str, Number]] = ...,
          given: Optional[str] = ..., seed: Whole = ..., threads: Optional[Whole] = ...,
          sampling: str = ..., max_states: Optional[Whole] = ...,
          max_memory: Optional[Whole] = ...,
          history: Optional[Union[str, os.PathLike, Mapping[str, Any]]] = ...) -> Result: ...
def sweep(model: ModelLike, vary: Mapping[str, Union[str, Sequence[Number]]],
          trials: Whole = ..., seed: Whole = ..., draws: Optional[Whole] = ...,
          set: Optional[Mapping[str, Number]] = ..., threads: Optional[Whole] = ...,
          engine: str = ..., sampling: str = ..., target: Optional[str] = ...,
          baseline: Optional[Whole] = ..., simd: Optional[str] = ...) -> Result: ...
def sensitivity(model: ModelLike, target: Optional[str] = ..., swing: Number = ...,
                trials: Whole = ..., seed: Whole = ..., draws: Optional[Whole] = ...,
                set: Optional[Mapping[str, Number]] = ..., threads: Optional[Whole] = ...,
                engine: str = ..., sampling: str = ..., simd: Optional[str] = ...,
                sobol: bool = ..., sobol_samples: Optional[Whole] = ...) -> Result: ...
def compare(model: ModelLike, a: Optional[Mapping[str, Number]] = ...,
            b: Optional[Mapping[str, Number]] = ..., b_model: Optional[ModelLike] = ...,
            trials: Whole = ..., seed: Whole = ..., draws: Optional[Whole] = ...,
            set: Optional[Mapping[str, Number]] = ..., threads: Optional[Whole] = ...,
            engine: str = ..., sampling: str = ..., simd: Optional[str] = ...) -> Result: ...
