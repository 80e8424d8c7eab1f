"""The one wgpu device of the process: find an adapter, describe it, cache it, or say why not.

Nothing here is imported when `playground.gpu` is imported; wgpu itself is
imported only when a device is first asked for, so a machine without wgpu (or
without a GPU) still runs everything on the numpy fallback.

The CPU fallback is chosen when
- the environment variable ``PLAYGROUND_GPU=cpu`` is set (read at every call,
  so a test or a settings dialog can flip it), or
- `set_force_cpu(True)` was called (the GUI's "use CPU" option), or
- wgpu cannot be imported, or no adapter or device can be had.
A software adapter such as Mesa's lavapipe (llvmpipe) is an adapter like any
other: its type is reported as "cpu" but it is used.

A device that fails in use (lost, a dispatch rejected, a shipped shader that
will not build) is marked lost with `mark_lost(reason)`: the one message
"GPU device lost (reason); using the CPU (numpy) from now on; ..." is logged
and handed to every loss listener (the window's console and status bar, the
CLI's stderr) once, and every later call runs on numpy until
`use_gpu_again()`, which requests a fresh device: the lost one is never used again.
"""

from __future__ import annotations

import logging
import os
import textwrap
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from playground.gpu.errors import NoAdapterError

log = logging.getLogger("playground.gpu")

ENV_VAR = "PLAYGROUND_GPU"

# wgpu's adapter_type values, in the words the playground shows.
_ADAPTER_TYPES = {
    "discretegpu": "discrete",
    "integratedgpu": "integrated",
    "cpu": "cpu",
    "virtualgpu": "virtual",
}

# Limits worth showing a learner; `AdapterReport.limits` keeps all of them.
KEY_LIMITS = (
    "max-compute-workgroup-size-x",
    "max-compute-invocations-per-workgroup",
    "max-compute-workgroup-storage-size",
    "max-compute-workgroups-per-dimension",
    "max-storage-buffer-binding-size",
    "max-buffer-size",
    "max-storage-buffers-per-shader-stage",
)


@dataclass(frozen=True)
class AdapterReport:
    """What the adapter is, in plain words, for `gpu info` and the GUI's status bar."""

    name: str
    backend: str  # "Vulkan", "Metal", "D3D12", "OpenGL", ...
    adapter_type: str  # "discrete", "integrated", "cpu", "virtual" or "unknown"
    vendor: str
    driver: str
    features: tuple[str, ...] = ()
    limits: dict[str, int] = field(default_factory=dict)

    @property
    def timestamp_query(self) -> bool:
        """Whether kernels can be timed on the GPU itself rather than by the wall clock."""
        return "timestamp-query" in self.features

    def lines(self) -> list[str]:
        """The report as `key: value` lines, the same in the CLI and the GUI."""
        out = [
            f"adapter: {self.name}",
            f"type: {self.adapter_type}",
            f"backend: {self.backend}",
            f"vendor: {self.vendor or '-'}",
            f"driver: {self.driver or '-'}",
            f"timing: {'GPU timestamp queries' if self.timestamp_query else 'wall clock'}",
            "limits:",
        ]
        out += [f"  {name}: {self.limits[name]}" for name in KEY_LIMITS if name in self.limits]
        features = textwrap.wrap(", ".join(self.features), width=96, initial_indent="features: ",
                                 subsequent_indent="  ", break_on_hyphens=False)
        return out + (features or ["features: -"])


def _adapter_type(raw: str) -> str:
    return _ADAPTER_TYPES.get(raw.replace("_", "").replace("-", "").lower(), "unknown")


def _request_wgpu() -> tuple[Any, Any]:
    """Import wgpu and get (adapter, device). Raises NoAdapterError with the reason."""
    try:
        import wgpu
    except Exception as exc:  # ImportError, or the native library failing to load
        raise NoAdapterError(f"wgpu could not be loaded ({type(exc).__name__}: {exc})") from exc
    try:
        adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
    except Exception as exc:  # wgpu raises RuntimeError when no backend offers an adapter
        raise NoAdapterError(f"no GPU adapter found ({exc})") from exc
    if adapter is None:
        raise NoAdapterError("no GPU adapter found")
    # Ask for timestamps when offered (kernels are then timed on the GPU), and for the
    # adapter's own buffer limits rather than WebGPU's conservative defaults, so a
    # 2048x2048 matmul or a large reduction fits.
    features = [f for f in ("timestamp-query",) if f in adapter.features]
    limits = {
        name: adapter.limits[name]
        for name in ("max-storage-buffer-binding-size", "max-buffer-size")
        if name in adapter.limits
    }
    try:
        device = adapter.request_device_sync(required_features=features, required_limits=limits)
    except Exception as exc:
        raise NoAdapterError(f"the GPU adapter refused to open a device ({exc})") from exc
    return adapter, device


def _report(adapter: Any) -> AdapterReport:
    info = dict(adapter.info)
    return AdapterReport(
        name=str(info.get("device") or info.get("description") or "unknown adapter"),
        backend=str(info.get("backend_type", "unknown")),
        adapter_type=_adapter_type(str(info.get("adapter_type", ""))),
        vendor=str(info.get("vendor", "")),
        driver=str(info.get("description", "")),
        features=tuple(sorted(str(f) for f in adapter.features)),
        limits={str(k): int(v) for k, v in dict(adapter.limits).items() if isinstance(v, int)},
    )


class DeviceManager:
    """Probes for a device once, caches it, and answers whether the GPU path is usable."""

    def __init__(self, request: Callable[[], tuple[Any, Any]] = _request_wgpu):
        self._request = request
        self._lock = threading.RLock()  # a `lost` promise may resolve inside _probe
        self._probed = False
        self._device: Any = None
        self._report: AdapterReport | None = None
        self._failure: str | None = None
        self._force_cpu = False
        self._warned = False
        self._lost: str | None = None  # why the device was given up, until use_gpu_again()
        self._listeners: list[Callable[[str], None]] = []
        # the end of the loss message: how to get the GPU back, in the front end's words
        self.retry_hint = "a new session (or playground.gpu.use_gpu_again()) requests a fresh device"

    # -- the CPU switch -------------------------------------------------------
    @property
    def force_cpu(self) -> bool:
        """The settable option: True makes every `backend="auto"` call use numpy."""
        return self._force_cpu

    @force_cpu.setter
    def force_cpu(self, value: bool) -> None:
        self._force_cpu = bool(value)

    def forced_reason(self) -> str | None:
        """Why the CPU fallback is forced, or None when it is not."""
        if os.environ.get(ENV_VAR, "").strip().lower() == "cpu":
            return f"the CPU fallback is forced by {ENV_VAR}=cpu"
        if self._force_cpu:
            return "the CPU fallback is forced by the 'use CPU' option"
        return None

    # -- probing --------------------------------------------------------------
    def _probe(self) -> None:
        with self._lock:
            if self._probed:
                return
            try:
                adapter, self._device = self._request()
                self._report = _report(adapter)
                self._watch_loss(self._device)
            except NoAdapterError as exc:
                self._failure = str(exc)
            except Exception as exc:  # noqa: BLE001 - a broken driver must not crash the app
                self._failure = f"the GPU could not be initialised ({type(exc).__name__}: {exc})"
            self._probed = True

    def unavailable_reason(self) -> str | None:
        """Why the GPU path cannot be used right now, or None when it can."""
        forced = self.forced_reason()
        if forced:
            return forced
        if self._lost is not None:
            return f"the GPU device was lost ({self._lost})"
        self._probe()
        return self._failure

    def available(self) -> bool:
        """Whether kernels will run on the GPU (a software adapter counts)."""
        return self.unavailable_reason() is None

    def device(self) -> Any:
        """The cached `wgpu.GPUDevice`. Raises NoAdapterError with the reason when unusable."""
        reason = self.unavailable_reason()
        if reason:
            raise NoAdapterError(reason)
        return self._device

    def report(self) -> AdapterReport:
        """The adapter's description, ignoring the CPU switch. Raises NoAdapterError if none."""
        self._probe()
        if self._report is None:
            raise NoAdapterError(self._failure or "no GPU adapter found")
        return self._report

    def warn_fallback_once(self, reason: str) -> None:
        """Log the fallback reason once per process: one clear message, not one per call."""
        if not self._warned:
            self._warned = True
            log.warning("GPU unavailable, using the numpy CPU fallback: %s", reason)

    def reset(self) -> None:
        """Forget the cached device (and a loss) so the next call requests a fresh one."""
        with self._lock:
            self._probed = False
            self._device = self._report = self._failure = None
            self._warned = False
            self._lost = None

    # -- device loss ----------------------------------------------------------
    def _watch_loss(self, device: Any) -> None:
        """Hear of a loss through WebGPU's `device.lost` promise, where the wgpu backend offers it.

        wgpu-py 0.32's wgpu-native backend does not (`lost_async` raises
        NotImplementedError; it logs the loss instead): there the loss shows as
        the error of the next call on the device, which `ops` and `program` catch.
        """
        try:
            promise = device.lost_async
        except (AttributeError, NotImplementedError):
            return

        def lost(info: Any) -> None:
            if self._device is device:  # not a device given up already
                why = " ".join(str(part) for part in (getattr(info, "reason", None), getattr(info, "message", None))
                               if part)
                self.mark_lost(why or "reported by wgpu")

        promise.then(lost)

    @property
    def lost(self) -> bool:
        """Whether the device was given up (until `use_gpu_again()`)."""
        return self._lost is not None

    def loss_message(self) -> str | None:
        """The message about the loss, the same every time, or None while the device is fine."""
        if self._lost is None:
            return None
        return f"GPU device lost ({self._lost}); using the CPU (numpy) from now on; {self.retry_hint}"

    def mark_lost(self, reason: str) -> str:
        """Give the device up: later calls run on numpy. Says so once (log and listeners); returns the message."""
        with self._lock:
            first = self._lost is None
            if first:
                self._lost = reason
                self._device = None  # never used again; a fresh one comes from use_gpu_again()
                self._warned = True  # the loss message is the one fallback message
        message = self.loss_message() or ""
        if first:
            log.warning("%s", message)
            for listener in list(self._listeners):
                try:
                    listener(message)
                except Exception:  # noqa: BLE001 - a broken listener must not stop the fallback
                    log.exception("a GPU loss listener failed")
        return message

    def use_gpu_again(self) -> None:
        """The user re-selects the GPU: forget the lost device; the next call requests a fresh one."""
        self.reset()

    def add_loss_listener(self, listener: Callable[[str], None]) -> None:
        """Call `listener(message)` when the device is lost (from the thread that noticed it)."""
        self._listeners.append(listener)

    def remove_loss_listener(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)


manager = DeviceManager()


def get_device() -> Any:
    """The process-wide wgpu device (raises NoAdapterError when there is none)."""
    return manager.device()


def gpu_available() -> bool:
    """True when kernels with `backend="auto"` will run on a GPU adapter."""
    return manager.available()


def adapter_report() -> AdapterReport:
    """The adapter's name, backend, type, limits and features."""
    return manager.report()


def use_gpu_again() -> None:
    """After a device loss: request a fresh device at the next call instead of using numpy."""
    manager.use_gpu_again()


def set_force_cpu(value: bool) -> None:
    """Force (True) or stop forcing (False) the numpy CPU fallback for `backend="auto"`."""
    manager.force_cpu = value


def wait_idle(device: Any) -> None:
    """Block until the GPU has finished all submitted work.

    wgpu-py 0.32's `queue.on_submitted_work_done_sync()` fails inside its own
    callback plumbing, so poll the native device when it can; the public call
    remains the fallback for other backends.
    """
    poll = getattr(device, "_poll_wait", None)
    if poll is not None:
        poll()
    else:
        device.queue.on_submitted_work_done_sync()
