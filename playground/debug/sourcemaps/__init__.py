"""Source maps: (file, line, column) ⇄ (function index, instruction index). No Qt.

    base.py         SourceMap (the table and every lookup the debugger makes), SourcePlace, LineTargets
    wat.py          WatSourceMap: WAT text, from the spans the parser keeps on instructions
    disassembly.py  DisassemblySourceMap: a .wasm binary, from the lines of its printed disassembly
"""

from playground.debug.sourcemaps.base import InstrKey, LineTargets, SourceMap, SourceMapError, SourcePlace
from playground.debug.sourcemaps.disassembly import DisassemblySourceMap
from playground.debug.sourcemaps.wat import WatSourceMap

__all__ = [
    "DisassemblySourceMap", "InstrKey", "LineTargets", "SourceMap", "SourceMapError", "SourcePlace", "WatSourceMap",
]
