"""Named rubric inputs, materialised in the grader and encoded for workers."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from harness.contract import plain
from harness.contract.protocol import Probe
from harness.contract.seeded_arrays import RANDOM_KINDS, seeded_array
from harness.spec.rubric import InputSpec, RubricError


def materialise(spec: InputSpec) -> Any:
    if spec.random is None:
        if spec.value is None:
            raise RubricError(f"input '{spec.name}' needs 'value' or 'random'")
        return np.asarray(spec.value, dtype=spec.dtype) if spec.dtype else spec.value
    if spec.random not in RANDOM_KINDS:
        raise RubricError(f"input '{spec.name}': unknown random kind '{spec.random}' "
                          "(use 'normal', 'uniform' or 'integers')")
    return seeded_array(spec.random, spec.shape, spec.seed, spec.loc, spec.scale, spec.low, spec.high, spec.dtype)


class ArgumentEncoder:
    """Replaces '@name' arguments by the named inputs and encodes every argument as plain data.

    All probes of one job share the encoder, so each input's arrays travel once.
    """

    def __init__(self, specs: dict[str, InputSpec]):
        self.specs = specs
        self.values: dict[str, Any] = {}
        self.encoder = plain.Encoder(prefix="in")
        self.encoded: dict[str, Any] = {}

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        return self.encoder.arrays

    def value(self, name: str) -> Any:
        if name not in self.values:
            self.values[name] = materialise(self.specs[name])
        return self.values[name]

    def argument(self, arg: Any) -> Any:
        """'@name' -> the named input; {call = ...} / {build = ...} tables -> worker-side objects."""
        if isinstance(arg, str) and arg.startswith("@"):
            name = arg[1:]
            if name not in self.encoded:
                self.encoded[name] = self.encoder.encode(self.value(name))
            return self.encoded[name]
        if isinstance(arg, dict) and "call" in arg:
            return {"__call__": arg["call"], "args": [self.argument(a) for a in arg.get("args", [])],
                    "kwargs": {k: self.argument(v) for k, v in arg.get("kwargs", {}).items()}}
        if isinstance(arg, dict) and "build" in arg:
            params = {k: v for k, v in arg.items() if k not in ("build", "of")}
            built = {"__build__": arg["build"], "params": self.encoder.encode(params)}
            if "of" in arg:  # a name of the namespace the builder reads (plan.py adds its leniency)
                built["of"] = arg["of"] if isinstance(arg["of"], dict) else {"target": str(arg["of"])}
            return built
        return self.encoder.encode(arg)

    def probe(self, probe: Probe) -> Probe:
        return replace(probe, args=tuple(self.argument(a) for a in probe.args),
                       kwargs={k: self.argument(v) for k, v in probe.kwargs.items()})
