"""What the Compare view reads from its fields, without Qt."""

from __future__ import annotations


def parse_sizes(text: str) -> list[int]:
    """`16, 32,64` -> [16, 32, 64]; ValueError with a readable message otherwise."""
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise ValueError(f"sizes must be whole numbers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise ValueError("give at least one positive size")
    return sizes
