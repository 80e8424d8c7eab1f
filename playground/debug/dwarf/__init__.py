"""DWARF for the debugger: C source lines, functions, variables and types of a .wasm built with `-g`. No Qt.

    sections.py   the `.debug_*` custom sections, the Code section offset DWARF addresses count from,
                  and a pyelftools DWARFInfo over them
    lines.py      the line table: sequences of rows (address, file, line, column, is_stmt, prologue_end)
    info.py       DebugInfo: functions by Wasm index, their scopes and variables, globals
    types.py      C types from DIEs, named as gdb names them
    expr.py       location expressions (DW_OP_fbreg, DW_OP_WASM_location, ...) evaluated in a frame
    values.py     typed values read from memory and locals, printed as gdb prints them
    cexpr.py      the C expressions `p` reads (names, members, elements, *, &)
    cview.py      CView: a paused session as C frames and variables

The source map over the line table is sourcemaps/dwarf.py; stepping by line is line_step.py.
"""
