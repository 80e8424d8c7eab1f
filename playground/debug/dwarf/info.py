"""The C program behind a .wasm, from `.debug_info`: functions, their scopes and variables, globals.

    info = DebugInfo(dwarfinfo, module, code_start)
    fn = info.function(funcidx)             # Function: name, params, frame base, scopes
    fn.variables_at(address)                # the names visible there, innermost first
    info.globals["counter"]                 # a file-scope or static variable

A `DW_TAG_subprogram` becomes a `Function` joined to its Wasm function by
address: its `DW_AT_low_pc` falls inside that function's code (addresses
count from the Code section's payload, sections.py). Subprograms the linker
discarded (low_pc at the tombstone 0xffffffff, or 0 for code that is not
there) join nothing and are skipped. Variables carry their DWARF location
(an expression, or a location list of address ranges) and their type
(types.py); expr.py evaluates the location in a paused frame.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from playground.debug.dwarf.lines import TOMBSTONE_LIMIT
from playground.debug.dwarf.types import CType, TypeReader
from playground.debug.dwarf.types import die_name as _name


@dataclass(eq=False)
class Variable:
    """A named variable: a parameter, a local of some scope, or a global."""

    name: str
    type: CType
    is_param: bool
    decl_line: int
    location: list | None  # [(low, high, ops)]: where `ops` applies; (0, 2**32) for a plain expression
    const_value: int | bytes | None = None  # DW_AT_const_value: the value itself, no location

    def ops_at(self, address: int | None) -> list | None:
        """The location expression in force at `address` (any, for a global), or None (optimized out there)."""
        if self.location is None:
            return None
        for low, high, ops in self.location:
            if address is None or low <= address < high:
                return ops
        return None


@dataclass(eq=False)
class Scope:
    """A function's body or one of its lexical blocks: address ranges, variables, inner blocks."""

    ranges: list[tuple[int, int]]
    variables: list[Variable] = field(default_factory=list)
    children: list["Scope"] = field(default_factory=list)

    def contains(self, address: int) -> bool:
        return any(low <= address < high for low, high in self.ranges)


@dataclass(eq=False)
class Function:
    """A C function: its name, Wasm function index, address range, frame base and scopes."""

    name: str
    funcidx: int
    low: int
    high: int
    frame_base: list | None  # location ops giving the frame's address (at -O0 a Wasm local)
    body: Scope
    return_type: CType
    decl_file: int = 0
    decl_line: int = 0

    @property
    def params(self) -> list[Variable]:
        return [v for v in self.body.variables if v.is_param]

    def variables_at(self, address: int) -> list[Variable]:
        """The variables visible at `address`: innermost scope first, a name hidden by an inner one left out."""
        chain = [self.body]
        scope = self.body
        while True:
            inner = next((c for c in scope.children if c.contains(address)), None)
            if inner is None:
                break
            chain.append(inner)
            scope = inner
        seen, out = set(), []
        for scope in reversed(chain):
            for variable in scope.variables:
                if variable.name and variable.name not in seen:
                    seen.add(variable.name)
                    out.append(variable)
        return out


class DebugInfo:
    """Functions by Wasm index and globals by name, read from every compile unit once."""

    def __init__(self, dwarfinfo, module, code_start: int) -> None:
        from elftools.dwarf.dwarf_expr import DWARFExprParser
        from elftools.dwarf.locationlists import LocationParser

        self.dwarfinfo = dwarfinfo
        self.module = module
        self.code_start = code_start
        self.types = TypeReader()
        self.functions: dict[int, Function] = {}
        self.by_name: dict[str, Function] = {}
        self.globals: dict[str, Variable] = {}
        self._locations = LocationParser(dwarfinfo.location_lists())
        self._parser_class = DWARFExprParser
        self._parsers: dict[int, object] = {}
        self._starts, self._funcidx = self._function_starts()
        for cu in dwarfinfo.iter_CUs():
            self._unit(cu)

    # --- joining DWARF addresses to Wasm functions -------------------------------------------
    def _function_starts(self) -> tuple[list[int], list[int]]:
        base = self.module.num_imported_funcs
        starts, indices = [], []
        for i, func in enumerate(self.module.funcs):
            first = func.offset if func.offset is not None else (func.body[0].offset if func.body else None)
            if first is not None:
                starts.append(first - self.code_start)
                indices.append(base + i)
        return starts, indices

    def funcidx_at(self, address: int) -> int | None:
        """The Wasm function whose code holds `address`, or None."""
        i = bisect_right(self._starts, address) - 1
        return self._funcidx[i] if i >= 0 else None

    def address_of(self, funcidx: int, index: int) -> int | None:
        """The DWARF address of instruction `index` of function `funcidx`."""
        defined = funcidx - self.module.num_imported_funcs
        if not 0 <= defined < len(self.module.funcs):
            return None
        body = self.module.funcs[defined].body
        if not 0 <= index < len(body) or body[index].offset is None:
            return None
        return body[index].offset - self.code_start

    def function(self, funcidx: int) -> Function | None:
        return self.functions.get(funcidx)

    # --- reading the units -------------------------------------------------------------------------
    def _unit(self, cu) -> None:
        top = cu.get_top_DIE()
        base = top.attributes["DW_AT_low_pc"].value if "DW_AT_low_pc" in top.attributes else 0
        for die in top.iter_children():
            if die.tag == "DW_TAG_subprogram":
                self._subprogram(cu, die, base)
            elif die.tag == "DW_TAG_variable":
                variable = self._variable(cu, die, base, is_param=False)
                if variable is not None and variable.name and variable.location is not None:
                    self.globals.setdefault(variable.name, variable)

    def _subprogram(self, cu, die, base: int) -> None:
        span = _pc_range(die)
        if span is None:
            return  # a declaration, or inlined only
        low, high = span
        if low == 0 or low >= TOMBSTONE_LIMIT:
            return  # discarded by the linker
        funcidx = self.funcidx_at(low)
        if funcidx is None or funcidx in self.functions:
            return
        attrs = die.attributes
        frame_base = None
        if "DW_AT_frame_base" in attrs:
            frame_base = self._location(cu, die, attrs["DW_AT_frame_base"], base)
        body = Scope([(low, high)])
        self._scope(cu, die, body, base)
        decl_file = attrs["DW_AT_decl_file"].value if "DW_AT_decl_file" in attrs else 0
        decl_line = attrs["DW_AT_decl_line"].value if "DW_AT_decl_line" in attrs else 0
        name = _qualified_name(die) or f"function {funcidx}"
        function = Function(name, funcidx, low, high, frame_base[0][2] if frame_base else None, body,
                            self.types.type_of(die), decl_file, decl_line)
        self.functions[funcidx] = function
        self.by_name.setdefault(name, function)

    def _scope(self, cu, die, scope: Scope, base: int) -> None:
        for child in die.iter_children():
            tag = child.tag
            if tag in ("DW_TAG_formal_parameter", "DW_TAG_variable"):
                variable = self._variable(cu, child, base, is_param=tag == "DW_TAG_formal_parameter")
                if variable is not None:
                    scope.variables.append(variable)
            elif tag == "DW_TAG_lexical_block":
                ranges = self._ranges(cu, child, base)
                inner = Scope(ranges if ranges is not None else scope.ranges)
                self._scope(cu, child, inner, base)
                scope.children.append(inner)

    def _variable(self, cu, die, base: int, *, is_param: bool) -> Variable | None:
        attrs = die.attributes
        source = die
        if "DW_AT_abstract_origin" in attrs:
            source = die.get_DIE_from_attribute("DW_AT_abstract_origin")
        name = _name(die) or _name(source)
        decl_line = source.attributes["DW_AT_decl_line"].value if "DW_AT_decl_line" in source.attributes else 0
        location = self._location(cu, die, attrs["DW_AT_location"], base) if "DW_AT_location" in attrs else None
        const = attrs["DW_AT_const_value"].value if "DW_AT_const_value" in attrs else None
        if isinstance(const, list):
            const = bytes(const)
        return Variable(name, self.types.type_of(source), is_param, decl_line, location, const)

    def _location(self, cu, die, attr, base: int) -> list | None:
        """[(low, high, ops)] for an expression or a location list (addresses made absolute)."""
        from elftools.dwarf.locationlists import BaseAddressEntry, LocationEntry, LocationExpr

        try:
            parsed = self._locations.parse_from_attribute(attr, cu.header.version, die)
        except (ValueError, KeyError, AssertionError):
            return None
        parser = self._parser(cu)

        def ops(expr) -> list:
            return [self._resolved(cu, op) for op in parser.parse_expr(expr)]

        if isinstance(parsed, LocationExpr):
            return [(0, 1 << 32, ops(parsed.loc_expr))]
        return [(low, high, ops(entry.loc_expr))
                for low, high, entry in _live_entries(parsed, base, BaseAddressEntry, LocationEntry)]

    def _ranges(self, cu, die, base: int) -> list[tuple[int, int]] | None:
        span = _pc_range(die)
        if span is not None:
            return [span]
        attr = die.attributes.get("DW_AT_ranges")
        if attr is None or attr.form != "DW_FORM_sec_offset":
            return None
        from elftools.dwarf.ranges import BaseAddressEntry, RangeEntry

        lists = self.dwarfinfo.range_lists()
        if lists is None:
            return None
        entries = lists.get_range_list_at_offset(attr.value, cu=cu)
        return [(low, high) for low, high, _ in _live_entries(entries, base, BaseAddressEntry, RangeEntry)]

    def _parser(self, cu):
        parser = self._parsers.get(id(cu.structs))
        if parser is None:
            parser = self._parsers[id(cu.structs)] = self._parser_class(cu.structs)
        return parser

    def _resolved(self, cu, op):
        """DW_OP_addrx (DWARF 5: an index into the unit's `.debug_addr`) as the DW_OP_addr it stands for."""
        if op.op_name in ("DW_OP_addrx", "DW_OP_GNU_addr_index"):
            return op._replace(op_name="DW_OP_addr", args=[self.dwarfinfo.get_addr(cu, op.args[0])])
        return op


def _live_entries(entries, base: int, base_kind: type, entry_kind: type):
    """(low, high, entry) of each `entry_kind` entry of a location or range list, addresses made absolute.

    A `base_kind` entry moves the base that the relative entries after it
    count from; entries the linker tombstoned (a discarded function) are left out.
    """
    for entry in entries:
        if isinstance(entry, base_kind):
            base = entry.base_address
        elif isinstance(entry, entry_kind):
            low = entry.begin_offset if entry.is_absolute else base + entry.begin_offset
            high = entry.end_offset if entry.is_absolute else base + entry.end_offset
            if low < TOMBSTONE_LIMIT:
                yield low, high, entry


def _pc_range(die) -> tuple[int, int] | None:
    attrs = die.attributes
    if "DW_AT_low_pc" not in attrs or "DW_AT_high_pc" not in attrs:
        return None
    low = attrs["DW_AT_low_pc"].value
    high = attrs["DW_AT_high_pc"]
    # DWARF 4+: a constant high_pc is a length; an address form is the end itself
    end = high.value if high.form == "DW_FORM_addr" or high.form.startswith("DW_FORM_addrx") else low + high.value
    return low, end


def _qualified_name(die) -> str:
    """A function's name; a C++ method or constructor, defined outside its class, as `Class::name`."""
    for _ in range(3):  # follow DW_AT_specification / DW_AT_abstract_origin to the declaration
        origin = next((a for a in ("DW_AT_specification", "DW_AT_abstract_origin") if a in die.attributes), None)
        if origin is None:
            break
        die = die.get_DIE_from_attribute(origin)
    name = _name(die)
    parent = die.get_parent()
    scopes = []
    while parent is not None and parent.tag in ("DW_TAG_structure_type", "DW_TAG_class_type", "DW_TAG_namespace"):
        scopes.append(_name(parent) or "(anonymous)")
        parent = parent.get_parent()
    return "::".join([*reversed(scopes), name]) if name else ""

