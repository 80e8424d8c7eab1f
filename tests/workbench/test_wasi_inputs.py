"""WasiInputs: the run bar's arguments, environment and folders for a WASI program, checked; and their saved book."""

from __future__ import annotations

import pytest

from playground.hosts.wasi import WasiConfigError
from playground.workbench.wasi_inputs import BOOK_SIZE, Folder, InputsBook, WasiInputs


def test_arguments_are_split_as_a_shell_splits_them():
    inputs = WasiInputs(args="one 'two words' \"three  four\" a\\ b ''")
    assert inputs.argv("echo.wasm") == ["echo.wasm", "one", "two words", "three  four", "a b", ""]
    assert WasiInputs().argv("p.wasm") == ["p.wasm"]


def test_unbalanced_quotes_are_one_message_naming_the_arguments():
    with pytest.raises(WasiConfigError, match=r"arguments \"one 'two\": no closing quotation"):
        WasiInputs(args="one 'two").argv("p.wasm")


def test_environment_rows_keep_their_order_and_skip_blank_rows():
    inputs = WasiInputs(env=("NAME=Ada", "", "EQ=a=b", "EMPTY="))
    assert inputs.env_pairs() == [("NAME", "Ada"), ("EQ", "a=b"), ("EMPTY", "")]


def test_a_row_without_equals_names_its_row():
    with pytest.raises(WasiConfigError, match=r"environment row 2: 'NOVALUE': expected NAME=VALUE"):
        WasiInputs(env=("A=1", "NOVALUE")).env_pairs()
    with pytest.raises(WasiConfigError, match="row 1"):
        WasiInputs(env=("=x",)).env_pairs()


def test_folders_become_preopens_by_their_name_or_the_one_given(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    inputs = WasiInputs(folders=(Folder(str(data)), Folder(str(data), "/out", read_only=True)))
    first, second = inputs.preopens()
    assert (first.guest_path, first.host_path, first.read_only) == ("data", str(data), False)
    assert (second.guest_path, second.read_only) == ("/out", True)


def test_a_folder_that_is_gone_or_no_folder_is_one_message(tmp_path):
    gone = tmp_path / "gone"
    with pytest.raises(WasiConfigError, match=r"folder .*gone \(seen as 'gone'\) no longer exists: choose it again"):
        WasiInputs(folders=(Folder(str(gone)),)).preopens()
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(WasiConfigError, match="is not a folder"):
        WasiInputs(folders=(Folder(str(file), "f"),)).preopens()


def test_config_carries_everything_and_the_switches():
    config = WasiInputs(args="x", env=("A=1",), real_time=True).config("p.wasm", tty=True)
    assert list(config.args) == ["p.wasm", "x"] and config.env_pairs() == [("A", "1")]
    assert config.real_time and not config.real_random and config.tty


def test_the_book_round_trips_and_forgets_defaults():
    book = InputsBook()
    inputs = WasiInputs("a 'b c'", ("N=1",), (Folder("/tmp", "t", True),), real_random=True)
    book.put("/x/p.wasm", inputs)
    book.put("/x/q.wasm", WasiInputs())
    again = InputsBook.loads(book.dumps())
    assert again.get("/x/p.wasm") == inputs and again.get("/x/q.wasm") is None


def test_the_book_keeps_the_latest_files_only():
    book = InputsBook()
    for i in range(BOOK_SIZE + 3):
        book.put(f"/p{i}.wasm", WasiInputs(args=str(i)))
    assert book.get("/p0.wasm") is None and book.get(f"/p{BOOK_SIZE + 2}.wasm").args == str(BOOK_SIZE + 2)
    assert len(book.entries) == BOOK_SIZE


@pytest.mark.parametrize("saved", [None, "", "not json", "[1, 2]", '{"/p.wasm": 3}',
                                   '{"/p.wasm": {"args": 5, "env": "A=1", "folders": [{"guest": "x"}, 7]}}'])
def test_a_damaged_saved_book_reads_as_defaults(saved):
    book = InputsBook.loads(saved)
    assert book.get("/p.wasm") in (None, WasiInputs())
