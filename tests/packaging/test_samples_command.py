"""`wasm-playground samples`: the catalogue of shipped samples, and `samples copy DIR` for the user to edit."""

from __future__ import annotations

from playground import cli
from playground.resources import resource_dir
from playground.workbench.samples import copy_samples, describe_sample, sample_catalogue


def test_the_catalogue_has_lessons_wat_wgsl_and_c_each_described():
    groups = {group.title.split(" (")[0]: group for group in sample_catalogue()}
    assert {"Lessons", "WebAssembly text", "WGSL compute shaders", "C programs for WASI"} <= set(groups)
    suffixes = {title: {e.path.suffix for e in g.entries} for title, g in groups.items()}
    assert suffixes["Lessons"] == {".txt"} and suffixes["WebAssembly text"] == {".wat"}
    assert suffixes["WGSL compute shaders"] == {".wgsl"} and suffixes["C programs for WASI"] == {".c"}
    for group in groups.values():
        for entry in group.entries:
            assert entry.description and entry.description == describe_sample(entry.path), entry.path


def test_a_lesson_is_described_by_its_first_comment(tmp_path):
    lesson = tmp_path / "l.txt"
    lesson.write_text("# Step back through a trap.\n# Run it: ...\nopen trap.wat\n")
    assert describe_sample(lesson) == "Step back through a trap."


def test_samples_prints_each_with_its_description(capsys):
    assert cli.main(["samples"]) == 0
    out = capsys.readouterr().out
    root = resource_dir("samples")
    assert out.splitlines()[0].startswith(f"samples in {root}")
    fib = root / "fib.wat"
    assert any(line.split()[:1] == ["fib.wat"] and describe_sample(fib) in line for line in out.splitlines())
    assert "lessons/01_fib_breakpoints.txt" in out and "c/hello.c" in out


def test_copy_writes_every_sample_and_says_so(tmp_path, capsys):
    target = tmp_path / "mine"
    assert cli.main(["samples", "copy", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    written = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    assert [str(p) for p in written] == out[:-1] and out[-1] == f"copied {len(written)} files into {target}"
    assert (target / "c" / "hello.wasm").read_bytes() == (resource_dir("samples") / "c" / "hello.wasm").read_bytes()
    assert (target / "lessons" / "04_traps.txt").is_file()


def test_copy_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "mine"
    copy_samples(target)
    (target / "fib.wat").write_text(";; my edits\n")
    assert cli.main(["samples", "copy", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {target}: ") and "--force" in err and "already there" in err
    assert (target / "fib.wat").read_text() == ";; my edits\n"  # untouched
    assert cli.main(["samples", "copy", str(target), "--force"]) == 0
    assert (target / "fib.wat").read_bytes() == (resource_dir("samples") / "fib.wat").read_bytes()


def test_copy_into_a_file_is_one_clear_error(tmp_path, capsys):
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    assert cli.main(["samples", "copy", str(existing)]) == 1
    assert capsys.readouterr().err.strip() == f"error: {existing}: not a folder"
