"""The digit classifier run as a WebAssembly guest (samples/digits_mlp.wat) calling the `gpu` host module.

    guest = DigitsGuest(backend="auto")        # "gpu", "cpu" or "auto"
    result = guest.predict(pixels)             # 64 values 0..16 (an 8x8 image)
    result.digit, result.probabilities, result.kernel_ms

The host writes the weights of `digits_mlp.bin` once into the guest's memory
at the addresses the guest exports (`w1`, `b1`, `w2`, `b2`); per image it
writes the pixels at `pixels`, calls `classify`, and reads ten f32
probabilities at `probs`. The guest scales the pixels itself and sends every
matrix and vector step to the GPU (or its numpy twin), so this is the same
network as `digits.predict_reference`, computed another way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from playground.demos.digits import Mlp, load_model
from playground.errors import PlaygroundError
from playground.resources import sample_path

GUEST_FILE = "digits_mlp.wat"
BACKENDS = ("gpu", "cpu")


class DigitsInputError(PlaygroundError):
    """Pixels or weights that do not fit the guest (wrong count, wrong layer sizes)."""


@dataclass(frozen=True)
class GuestPrediction:
    """What one run of the guest produced, and what it cost."""

    probabilities: np.ndarray  # (10,) float32, sums to 1
    digit: int  # what `classify` returned
    backend: str  # "gpu" or "cpu": where the kernels ran
    kernel_ms: float  # time in the host's kernels (upload + compute + download)
    wall_ms: float  # the whole `classify` call: interpreter and kernels
    calls: tuple = field(default=())  # the GpuCall records, in order

    def describe(self) -> str:
        """`digit 3 (97.1%) on gpu: 6 kernels 12.3 ms, classify 15.0 ms`."""
        return (f"digit {self.digit} ({100 * float(self.probabilities[self.digit]):.1f}%) on {self.backend}: "
                f"{len(self.calls)} kernels {self.kernel_ms:.2f} ms, classify {self.wall_ms:.2f} ms")


@lru_cache(maxsize=1)
def _guest_module():
    """The parsed and validated guest, shared by every DigitsGuest (parsing is the slow part)."""
    from playground.wasm.loader import load_module

    return load_module(sample_path(GUEST_FILE))


@lru_cache(maxsize=1)
def _shipped_model() -> Mlp:
    return load_model()


class DigitsGuest:
    """One instance of the guest with the weights loaded, bound to one backend."""

    def __init__(self, backend: str = "auto", model: Mlp | None = None) -> None:
        from playground.gpu.hostmod import GpuHostModule
        from playground.wasm.runtime import instantiate

        self.model = model or _shipped_model()
        self.host = GpuHostModule(backend=backend)
        self.instance = instantiate(_guest_module(), self.host.imports())
        self._load_weights()

    def _address(self, name: str) -> int:
        return int(self.instance.exports[name].get())

    def _load_weights(self) -> None:
        sizes = [self._address(n) for n in ("n_inputs", "n_hidden", "n_outputs")]
        if len(self.model.layers) != 2 or self.model.sizes != sizes:
            raise DigitsInputError(f"the guest expects layers {sizes}, the model has {self.model.sizes}")
        memory = self.instance.exports.memory
        first, second = self.model.layers
        for name, array in (("w1", first.weights), ("b1", first.bias), ("w2", second.weights), ("b2", second.bias)):
            memory.write(self._address(name), np.ascontiguousarray(array, dtype="<f4").tobytes())

    def predict(self, pixels: np.ndarray) -> GuestPrediction:
        """Classify one 8x8 image (64 values 0..16, any shape with 64 elements)."""
        values = np.asarray(pixels).reshape(-1)
        if values.size != self.model.sizes[0]:
            raise DigitsInputError(f"expected {self.model.sizes[0]} pixels, got {values.size}")
        if values.size and (values.min() < 0 or values.max() > 255):
            raise DigitsInputError("pixels must lie in 0..255 (the test images use 0..16)")
        memory = self.instance.exports.memory
        memory.write(self._address("pixels"), values.astype(np.uint8).tobytes())
        self.host.clear()
        start = time.perf_counter()
        digit = self.instance.exports.classify()
        wall_ms = (time.perf_counter() - start) * 1e3
        probs = memory.view("<f4", self._address("probs"), self.model.sizes[-1]).copy()
        calls = tuple(self.host.calls)
        backend = calls[0].backend if calls else "cpu"
        return GuestPrediction(probs, int(digit), backend, self.host.total_ms, wall_ms, calls)


def available_backends() -> list[str]:
    """The backends this machine can run the guest on: "gpu" when an adapter is usable, and "cpu"."""
    from playground.gpu.device import gpu_available

    return [b for b in BACKENDS if b == "cpu" or gpu_available()]


def predict_per_backend(pixels: np.ndarray, backends: list[str] | None = None) -> dict[str, GuestPrediction]:
    """Run the guest on each backend (default: every available one); backend -> prediction."""
    return {backend: _guest_for(backend).predict(pixels) for backend in (backends or available_backends())}


_GUESTS: dict[str, DigitsGuest] = {}


def _guest_for(backend: str) -> DigitsGuest:
    """A cached guest per backend: instantiating and loading the weights once is enough."""
    guest = _GUESTS.get(backend)
    if guest is None:
        guest = _GUESTS[backend] = DigitsGuest(backend)
    return guest
