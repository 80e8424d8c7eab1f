"""The Bytecode panel's tree: one row per section, the code section's functions under it."""

from __future__ import annotations

from playground.workbench.bytecode_rows import section_rows
from playground.workbench.program import decode_binary, encode, parse_text

WAT = """(module
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $one (result i32) i32.const 1))
"""


def test_sections_cover_the_binary_and_list_the_functions():
    data = encode(parse_text(WAT))
    module = decode_binary(data)  # the decoded module knows each function's byte offset
    rows = section_rows(data, module)
    titles = [title for title, *_ in rows]
    assert titles[0].startswith("Type") and "Code (2)" in titles
    end = 8  # after the magic and the version
    for _, offset, size, _ in rows:
        assert offset == end
        end = offset + size
    assert end == len(data)
    code = next(children for title, _, _, children in rows if title.startswith("Code"))
    assert [name for name, _, _ in code] == ["func[0] add", "func[1] func[1]"]  # named by the export: a binary has no $names
    assert rows == section_rows(data, module) and all(children == [] for t, _, _, children in section_rows(data, None))
