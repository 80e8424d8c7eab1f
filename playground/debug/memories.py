"""The instance's memories as the debugger names and addresses them (3.0: several memories, 64-bit ones).

WebAssembly 3.0 lets a module have several memories (`(memory $a 1)
(memory $b 1)`, loads and stores naming one) and 64-bit memories (memory64:
addresses are i64). The memory view offers a chooser when there is more than
one, and prints a 64-bit memory's addresses with 16 hex digits; the prompt's
`mem`, `x`, `who` and `watch` work on the chosen one. This module is the one
place that says what a memory is called and how wide its addresses are.

A memory's name is the one the module gives it (the name section, or the
text's `$id`), else `memory N`, N its index in the memory index space
(imported memories first).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.errors import PlaygroundError

ADDRESS_LIMITS = {32: 1 << 32, 64: 1 << 64}


class MemoryChoiceError(PlaygroundError):
    """A memory or an address that the instance's memories do not have."""


def is_memory64(mem) -> bool:
    """Whether a runtime Memory has 64-bit addresses (memory64, 3.0: its limits' address type is i64)."""
    return mem.is64


@dataclass(frozen=True)
class MemoryInfo:
    """One memory of the instance: its index, its name for people, whether it is 64-bit, its size now."""

    index: int
    name: str  # `$heap` or `memory 1`
    is64: bool
    size: int  # bytes

    @property
    def address_digits(self) -> int:
        return 16 if self.is64 else 8

    @property
    def address_limit(self) -> int:
        return ADDRESS_LIMITS[64 if self.is64 else 32]

    def address_text(self, address: int) -> str:
        """`0x00000010`, or `0x0000000000000010` for a 64-bit memory."""
        return f"0x{address:0{self.address_digits}x}"

    @property
    def label(self) -> str:
        """For the chooser: `$heap (memory 1, i64 addresses)`, `memory 0`."""
        details = ([f"memory {self.index}"] if self.name != f"memory {self.index}" else []) + (
            ["i64 addresses"] if self.is64 else [])
        return f"{self.name} ({', '.join(details)})" if details else self.name

    def at(self, address: int) -> str:
        """An address for people, naming the memory: `$b[0x11]`."""
        return f"{self.name}[{address:#x}]"

    def check_address(self, address: int, length: int = 1) -> None:
        """MemoryChoiceError unless `address` (and `length` bytes) lie inside this memory now."""
        if address >= self.address_limit:
            bits = 64 if self.is64 else 32
            raise MemoryChoiceError(f"{address:#x} is not a {bits}-bit address ({self.name} has {bits}-bit addresses)")
        if address + length > self.size:
            raise MemoryChoiceError(f"{self.address_text(address)} is past the end of {self.name} ({self.size:#x} bytes)")


def memory_name(module, index: int) -> str:
    """`$name` from the name section or the text's id, else `memory N`."""
    names = getattr(getattr(module, "names", None), "memories", None) or {}
    name = names.get(index)
    return f"${name}" if name else f"memory {index}"


def memory_infos(module, instance) -> tuple[MemoryInfo, ...]:
    """Every memory of `instance`, in index order (imported memories first, as the index space counts)."""
    return tuple(
        MemoryInfo(i, memory_name(module, i), is_memory64(mem), len(mem.data)) for i, mem in enumerate(instance.mems)
    )


def find_memory(infos: tuple[MemoryInfo, ...], text: str) -> MemoryInfo:
    """The memory `text` names: an index (`1`), a `$name`, or `memory 1`; MemoryChoiceError otherwise."""
    text = text.strip()
    if not infos:
        raise MemoryChoiceError("the module has no memory")
    for info in infos:
        if text in (str(info.index), info.name, info.name.lstrip("$"), f"memory {info.index}"):
            return info
    choices = ", ".join(f"{info.index} ({info.name})" if info.name != f"memory {info.index}" else str(info.index)
                        for info in infos)
    raise MemoryChoiceError(f"no memory {text!r}: the instance has {len(infos)} (choose {choices})")
