"""The Samples menu's entries and their one-line descriptions."""

from __future__ import annotations

from playground.workbench.samples import describe_sample, sample_entries


def test_sample_descriptions(tmp_path):
    wat = tmp_path / "a.wat"
    wat.write_text(";; Adds two numbers\n(module)\n")
    wgsl = tmp_path / "b.wgsl"
    wgsl.write_text("// Doubles a buffer\n")
    plain = tmp_path / "c.wat"
    plain.write_text("(module)\n")
    assert describe_sample(wat) == "Adds two numbers"
    assert describe_sample(wgsl) == "Doubles a buffer"
    assert describe_sample(plain) == ""


def test_sample_descriptions_are_whole_sentences(tmp_path):
    wrapped = tmp_path / "w.wat"
    wrapped.write_text(";; A filter on a\n;; grayscale image, in two versions:\n;;   f(x)  one at a time\n(module)\n")
    assert describe_sample(wrapped) == "A filter on a grayscale image, in two versions"  # not cut after "on a"
    long = tmp_path / "l.wgsl"
    long.write_text("// " + " ".join(["word"] * 60) + ".\n")
    short = describe_sample(long, limit=40)
    assert short.endswith("…") and len(short) <= 40 and short[:-1].split() == ["word"] * len(short[:-1].split())


def test_every_openable_sample_is_an_entry_with_a_description():
    entries = sample_entries()
    names = [e.name for e in entries]
    assert "fib.wat" in names and "saxpy.wgsl" in names
    assert all(e.path.suffix in (".wat", ".wgsl", ".c") for e in entries)  # a C sample: its source, not its .wasm
    assert all(e.description for e in entries)
