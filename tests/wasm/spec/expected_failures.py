"""Expected-failure lists of the spec-suite tests, and the check that keeps them honest.

A list has one entry per line (`#` starts a comment):

    file.wast:LINE  reason          that assertion (or command) fails today
    file.wast:*  COUNT  reason      the file fails in exactly COUNT places today (for a file
                                    whose feature is not built yet: listing each of its
                                    hundreds of assertions would say nothing more)

`check(result, entries)` gives the messages that fail a file's test: a failure
not listed, a listed line that passes now, and a file whose failure count is
not its listed COUNT (higher: something broke; lower: lower the number). So a
list only shrinks. `rebase(...)` rewrites a list from the results of a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

WHOLE_FILE_THRESHOLD = 8  # a file failing in more places than this gets one `:*` entry


@dataclass
class FileEntries:
    lines: dict[int, str] = field(default_factory=dict)
    count: int | None = None  # from a `file.wast:*  COUNT  reason` entry
    reason: str = ""


def read_entries(path: Path) -> dict[str, FileEntries]:
    """file name -> its entries, from an expected-failure list."""
    known: dict[str, FileEntries] = {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where, _, reason = line.partition(" ")
        name, _, number = where.rpartition(":")
        entry = known.setdefault(name, FileEntries())
        if number == "*":
            count, _, why = reason.strip().partition(" ")
            entry.count, entry.reason = int(count), why.strip()
        else:
            entry.lines[int(number)] = reason.strip()
    return known


def check(result, entries: FileEntries | None, list_name: str) -> list[str]:
    """Why this file's result disagrees with its entries (empty: it agrees)."""
    name = result.name
    failing = {o.line: f"{o.command}: {o.detail}" for o in result.failures()}
    entries = entries or FileEntries()
    if entries.count is not None:
        if len(failing) > entries.count:
            shown = "\n".join(f"  {name}:{line}  {why}" for line, why in sorted(failing.items())[:20])
            return [f"{name}: {len(failing)} failures, {entries.count} expected in {list_name}:\n{shown}"]
        if len(failing) < entries.count:
            return [f"{name}: {len(failing)} failures now, fewer than {entries.count}: lower it in {list_name}"]
        return []
    unexpected = {line: why for line, why in failing.items() if line not in entries.lines}
    fixed = sorted(line for line in entries.lines if line not in failing)
    messages = [f"{name}:{line}  {why}" for line, why in sorted(unexpected.items())]
    messages += [f"{name}:{line}  passes now: remove it from {list_name}" for line in fixed]
    return messages


def short_reason(detail: str, limit: int = 90) -> str:
    text = " ".join(detail.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def rebase(results, header: str) -> str:
    """The text of a list that expects exactly the failures of `results` (FileResults)."""
    out = [header.rstrip(), ""]
    for result in sorted(results, key=lambda r: r.name):
        failures = result.failures()
        if not failures:
            continue
        if len(failures) > WHOLE_FILE_THRESHOLD:
            first = failures[0]
            out.append(f"{result.name}:*  {len(failures)}  first: {short_reason(first.command + ': ' + first.detail)}")
            continue
        for o in failures:
            out.append(f"{result.name}:{o.line}  {short_reason(o.command + ': ' + o.detail)}")
    return "\n".join(out) + "\n"
