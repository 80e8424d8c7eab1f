"""Running the WAT kernels of `samples/` on three engines: our steppable interpreter, our fast engine
(each function translated to Python: wasm/exec/fast) and wasmtime (compiled natively).

All get the same module: wasmtime runs the bytes our encoder makes of the
parsed sample, so the comparison is one .wasm, three engines. A kernel
instance exposes its linear memory as a numpy byte array, grows it to fit,
and calls an export with i32 arguments.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

PAGE = 65536
INTERPRETER = "interpreter"
FAST = "fast"
WASMTIME = "wasmtime"
OUR_ENGINES = {INTERPRETER: "step", FAST: "fast"}  # kernel engine -> the registry's name (wasm/engines.py)


@lru_cache(maxsize=None)
def parsed_sample(name: str):
    """A sample WAT file parsed and validated (cached: parsing is the slow part)."""
    from playground.resources import sample_path
    from playground.wasm.loader import load_module

    return load_module(sample_path(name))


@lru_cache(maxsize=None)
def sample_binary(name: str) -> bytes:
    """The .wasm bytes of a sample, from our encoder."""
    from playground.wasm.binary.encode import encode_module

    return encode_module(parsed_sample(name))


def wasmtime_missing() -> str | None:
    """Why wasmtime cannot be used here, or None."""
    try:
        import wasmtime  # noqa: F401
    except Exception as exc:  # ImportError, or its native library failing to load
        return f"wasmtime is not installed ({type(exc).__name__}); pip install wasmtime"
    return None


class KernelInstance:
    """One instance of a sample module on one engine."""

    def __init__(self, sample: str, engine: str) -> None:
        self.engine = engine
        self.ours = engine in OUR_ENGINES
        if self.ours:
            from playground.wasm.engines import new_executor
            from playground.wasm.runtime import Store, instantiate

            store = Store(executor=new_executor(OUR_ENGINES[engine]))
            self._instance = instantiate(parsed_sample(sample), store=store)
            self._memory = self._instance.exports.memory
        elif engine == WASMTIME:
            import wasmtime

            config = wasmtime.Config()
            wt_engine = wasmtime.Engine(config)
            self._store = wasmtime.Store(wt_engine)
            module = wasmtime.Module(wt_engine, sample_binary(sample))
            self._instance = wasmtime.Instance(self._store, module, [])
            self._exports = self._instance.exports(self._store)
            self._memory = self._exports["memory"]
        else:
            raise ValueError(f"unknown engine {engine!r}")

    def _size(self) -> int:
        if self.ours:
            return len(self._memory.data)
        return self._memory.data_len(self._store)

    def ensure(self, nbytes: int) -> None:
        """Grow the memory until it holds at least `nbytes`."""
        missing = nbytes - self._size()
        if missing > 0:
            pages = -(-missing // PAGE)
            if self.ours:
                grown = self._memory.grow(pages) != -1
            else:
                grown = self._memory.grow(self._store, pages) is not None
            if not grown:
                raise MemoryError(f"the kernel's memory cannot grow to {nbytes} bytes")

    def bytes(self) -> np.ndarray:
        """The whole memory as a writable uint8 array (fetch anew after `ensure`)."""
        if self.ours:
            return np.frombuffer(self._memory.data, dtype=np.uint8)
        ptr = self._memory.data_ptr(self._store)
        return np.ctypeslib.as_array(ptr, shape=(self._size(),))

    def write_f32(self, offset: int, array: np.ndarray) -> None:
        """Store float32 values at a byte offset."""
        data = np.ascontiguousarray(array, dtype="<f4").reshape(-1).view(np.uint8)
        self.bytes()[offset : offset + data.size] = data

    def read_f32(self, offset: int, count: int) -> np.ndarray:
        """A copy of `count` float32 values at a byte offset."""
        return self.bytes()[offset : offset + 4 * count].view("<f4").copy()

    def call(self, export: str, *args: int) -> None:
        """Call an exported function with i32 arguments."""
        if self.ours:
            self._instance.exports[export](*args)
        else:
            self._exports[export](self._store, *args)
