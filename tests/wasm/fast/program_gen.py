"""Random valid WebAssembly programs, as WAT text, for differential tests of the two engines.

`generate(rnd)` writes a module of a few functions whose bodies mix every
kind of instruction the engines translate differently: nested blocks,
loops (bounded by counter locals), ifs with and without else, br, br_if and
br_table to labels with and without values, returns, calls (recursion
included: the depth limit catches it), call_indirect through a table with
wrong types and empty slots, integer operators with their traps, float
operators and conversions on NaNs with payloads, loads and stores in and
out of bounds, memory.grow, globals, select, and dead code after branches.
Validity comes from construction (typed generation); the validator checks.

Options for the differential test against wasmtime (tests/differential/):
`simd` adds v128 expressions (lane arithmetic, shuffles, compares, loads and
stores, read back through extract_lane, bitmask and any_true); `tables` adds
table.get/set/size/grow/fill; `portable` makes every result comparable across
engines: each float operation whose NaN the spec leaves open (arithmetic NaN
sign and payload, spec 4.3.3) goes through a helper that makes NaNs canonical,
and the exports take and return integers only (float bits reinterpreted), with
a `globals` export that reads every global as bits, so no host API ever
converts a NaN.
"""

from __future__ import annotations

import random
import struct

TYPES = ("i32", "i64", "f32", "f64")
BITS = {"i32": 32, "i64": 64}

INT_UNARY = ("clz", "ctz", "popcnt", "extend8_s", "extend16_s")
INT_BINARY = ("add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr")
INT_COMPARE = ("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u")
FLOAT_UNARY = ("abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest")
FLOAT_BINARY = ("add", "sub", "mul", "div", "min", "max", "copysign")
FLOAT_COMPARE = ("eq", "ne", "lt", "gt", "le", "ge")
LOADS = {
    "i32": ("i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"),
    "i64": ("i64.load", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"),
    "f32": ("f32.load",),
    "f64": ("f64.load",),
}
STORES = {
    "i32": ("i32.store", "i32.store8", "i32.store16"),
    "i64": ("i64.store", "i64.store8", "i64.store16", "i64.store32"),
    "f32": ("f32.store",),
    "f64": ("f64.store",),
}


def conversions(to: str) -> list[tuple[str, str]]:
    """(instruction, operand type) of the conversions producing `to`."""
    return {
        "i32": [("i32.wrap_i64", "i64"), ("i32.trunc_f32_s", "f32"), ("i32.trunc_f64_u", "f64"),
                ("i32.trunc_sat_f32_u", "f32"), ("i32.trunc_sat_f64_s", "f64"), ("i32.reinterpret_f32", "f32"),
                ("i32.eqz", "i32"), ("i64.eqz", "i64")],
        "i64": [("i64.extend_i32_s", "i32"), ("i64.extend_i32_u", "i32"), ("i64.trunc_f64_s", "f64"),
                ("i64.trunc_f32_u", "f32"), ("i64.trunc_sat_f64_u", "f64"), ("i64.reinterpret_f64", "f64"),
                ("i64.extend32_s", "i64")],
        "f32": [("f32.convert_i32_s", "i32"), ("f32.convert_i64_u", "i64"), ("f32.demote_f64", "f64"),
                ("f32.reinterpret_i32", "i32")],
        "f64": [("f64.convert_i64_s", "i64"), ("f64.convert_i32_u", "i32"), ("f64.promote_f32", "f32"),
                ("f64.reinterpret_i64", "i64")],
    }[to]


def float_text(bits: int, t: str) -> str:
    """WAT text of a float constant given by its bits (NaN payloads exact)."""
    if t == "f32":
        sign, exp_mask, frac_bits = bits >> 31, 0xFF, 23
        exponent, fraction = (bits >> 23) & 0xFF, bits & 0x7FFFFF
        value = struct.unpack("<f", struct.pack("<I", bits))[0]
    else:
        sign, exp_mask, frac_bits = bits >> 63, 0x7FF, 52
        exponent, fraction = (bits >> 52) & 0x7FF, bits & ((1 << 52) - 1)
        value = struct.unpack("<d", struct.pack("<Q", bits))[0]
    prefix = "-" if sign else ""
    if exponent == exp_mask:
        return f"{prefix}nan:0x{fraction:x}" if fraction else f"{prefix}inf"
    del frac_bits
    return value.hex() if not sign else "-" + (-value).hex()


# Float operations whose NaN results the spec leaves open (the others copy bits exactly).
EXACT_FLOAT_OPS = ("abs", "neg", "copysign")
INT_OF = {"f32": "i32", "f64": "i64", "i32": "i32", "i64": "i64"}
SHAPES = {"i32": "i32x4", "i64": "i64x2", "f32": "f32x4", "f64": "f64x2"}
LANES = {"i32": 4, "i64": 2, "f32": 4, "f64": 2}
V_INT_BINARY = ("i8x16.add", "i8x16.sub", "i16x8.add", "i16x8.mul", "i32x4.add", "i32x4.sub", "i32x4.mul",
                "i64x2.add", "i64x2.mul", "i8x16.add_sat_s", "i16x8.sub_sat_u", "i8x16.min_u", "i16x8.max_s",
                "i32x4.min_s", "i8x16.avgr_u", "i8x16.eq", "i16x8.lt_s", "i32x4.gt_u", "i64x2.ge_s",
                "i16x8.narrow_i32x4_s", "i8x16.narrow_i16x8_u", "i8x16.swizzle", "i32x4.dot_i16x8_s",
                "i16x8.q15mulr_sat_s", "i64x2.extmul_low_i32x4_u", "v128.and", "v128.or", "v128.xor", "v128.andnot")
V_FLOAT_BINARY = ("f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f32x4.min", "f32x4.max", "f32x4.pmin",
                  "f64x2.add", "f64x2.mul", "f64x2.div", "f64x2.min", "f64x2.max", "f64x2.pmax")
V_FLOAT_COMPARE = ("f32x4.eq", "f32x4.lt", "f64x2.ne", "f64x2.ge")
V_UNARY = ("v128.not", "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i16x8.abs", "i32x4.neg", "i64x2.abs",
           "i16x8.extend_low_i8x16_s", "i32x4.extend_high_i16x8_u", "i64x2.extend_low_i32x4_s",
           "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f64x2_u_zero", "f32x4.abs", "f64x2.neg",
           "i16x8.extadd_pairwise_i8x16_u", "f32x4.convert_i32x4_u", "f64x2.convert_low_i32x4_s")
V_FLOAT_UNARY = ("f32x4.sqrt", "f32x4.ceil", "f32x4.nearest", "f64x2.floor", "f64x2.trunc", "f64x2.sqrt",
                 "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4")
V_SHIFTS = ("i8x16.shl", "i16x8.shr_s", "i32x4.shr_u", "i64x2.shl", "i64x2.shr_s")


class Generator:
    """Writes one module; see the module docstring."""

    def __init__(self, rnd: random.Random, nfuncs: int = 3, *, simd: bool = False, tables: bool = False,
                 portable: bool = False) -> None:
        self.r = rnd
        self.nfuncs = nfuncs
        self.simd, self.tables, self.portable = simd, tables, portable
        self.sigs = []
        for _ in range(nfuncs):
            params = tuple(self.r.choice(TYPES) for _ in range(self.r.randint(0, 3)))
            result = self.r.choice(TYPES + (None,))
            self.sigs.append((params, result))
        self.label_count = 0

    # --- values ------------------------------------------------------------------------------
    def const_bits(self, t: str) -> int:
        r = self.r
        if t in BITS:
            n = BITS[t]
            return r.choice([0, 1, 2, 3, 7, (1 << n) - 1, 1 << (n - 1), (1 << (n - 1)) - 1, r.getrandbits(n), r.getrandbits(8)])
        if t == "f32":
            return r.choice([0, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
                             0x7FA00001, 0xFF812345, 0x00000001, 0x7F7FFFFF, 0x4F000000, 0xCF000000, 0x3F000000,
                             r.getrandbits(32), r.getrandbits(32)])
        return r.choice([0, 1 << 63, 0x3FF0000000000000, 0xBFF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
                         0x7FF8000000000000, 0x7FF4000000000001, 0xFFF8000000000123, 1, 0x7FEFFFFFFFFFFFFF,
                         0x43E0000000000000, 0xC1E0000000000000, 0x3FE0000000000000, 0x4330000000000000,
                         r.getrandbits(64), r.getrandbits(64)])

    def const(self, t: str) -> str:
        bits = self.const_bits(t)
        if t in BITS:
            return f"({t}.const {bits})"
        return f"({t}.const {float_text(bits, t)})"

    # --- expressions ---------------------------------------------------------------------------
    def local_of(self, ctx, t: str):
        names = [n for n, lt in ctx["locals"] if lt == t]
        return self.r.choice(names) if names else None

    def expr(self, ctx, t: str, depth: int) -> str:
        r = self.r
        if depth <= 0 or r.random() < 0.2:
            local = self.local_of(ctx, t)
            return f"(local.get {local})" if local and r.random() < 0.6 else self.const(t)
        d = depth - 1
        kinds = ["unary", "binary", "compare", "convert", "load", "select", "block", "if", "call", "tee", "global",
                 "br_if", "indirect", "grow"]
        weights = [3, 6, 2, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        if self.simd:
            kinds.append("lane")
            weights.append(4)
        if self.tables:
            kinds.append("table")
            weights.append(1)
        kind = r.choices(kinds, weights)[0]
        if kind == "unary":
            op = r.choice(INT_UNARY if t in BITS else FLOAT_UNARY)
            return self.canonical(t, op, f"({t}.{op} {self.expr(ctx, t, d)})")
        if kind == "binary":
            op = r.choice(INT_BINARY if t in BITS else FLOAT_BINARY)
            return self.canonical(t, op, f"({t}.{op} {self.expr(ctx, t, d)} {self.expr(ctx, t, d)})")
        if kind == "lane":
            return self.lane(ctx, t, d)
        if kind == "table" and t == "i32":
            return r.choice([
                "(table.size $tab)",
                f"(table.grow $tab (ref.null func) (i32.and {self.expr(ctx, 'i32', d)} (i32.const 3)))",
                f"(ref.is_null (table.get $tab (i32.and {self.expr(ctx, 'i32', d)} (i32.const 7))))",
            ])
        if kind == "compare" and t == "i32":
            ot = r.choice(TYPES)
            op = r.choice(INT_COMPARE if ot in BITS else FLOAT_COMPARE)
            return f"({ot}.{op} {self.expr(ctx, ot, d)} {self.expr(ctx, ot, d)})"
        if kind == "convert":
            op, ot = r.choice(conversions(t))
            text = f"({op} {self.expr(ctx, ot, d)})"
            return self.canonical(t, "demote" if op in ("f32.demote_f64", "f64.promote_f32") else op, text)
        if kind == "load":
            op = r.choice(LOADS[t])
            return f"({op} offset={r.choice([0, 0, 0, 0, 1, 7, 8, 65530, 65536])} {self.address(ctx, d)})"
        if kind == "select":
            return f"(select {self.expr(ctx, t, d)} {self.expr(ctx, t, d)} {self.expr(ctx, 'i32', d)})"
        if kind == "block":
            label = self.new_label()
            inner = self.push(ctx, label, t, "block")
            body = self.stmts(inner, d, 2)
            return f"(block {label} (result {t}) {body} {self.expr(inner, t, d)})"
        if kind == "if":
            label = self.new_label()
            inner = self.push(ctx, label, t, "if")
            cond = self.expr(ctx, "i32", d)
            then = f"{self.stmts(inner, d, 1)} {self.expr(inner, t, d)}"
            other = f"{self.stmts(inner, d, 1)} {self.expr(inner, t, d)}"
            return f"(if {label} (result {t}) {cond} (then {then}) (else {other}))"
        if kind == "call":
            choices = [i for i, (_, res) in enumerate(self.sigs) if res == t]
            if choices:
                i = r.choice(choices)
                args = " ".join(self.expr(ctx, pt, d) for pt in self.sigs[i][0])
                return f"(call $f{i} {args})"
        if kind == "indirect":
            choices = [i for i, (_, res) in enumerate(self.sigs) if res == t]
            if choices:
                i = r.choice(choices)
                args = " ".join(self.expr(ctx, pt, d) for pt in self.sigs[i][0])
                index = r.choice(["(i32.const 0)", "(i32.const 1)", "(i32.const 2)", "(i32.const 3)", "(i32.const 5)",
                                  f"(i32.and {self.expr(ctx, 'i32', d)} (i32.const 7))"])
                return f"(call_indirect (type $t{i}) {args} {index})"
        if kind == "tee":
            local = self.local_of(ctx, t)
            if local and local not in ctx["counters"]:
                return f"(local.tee {local} {self.expr(ctx, t, d)})"
        if kind == "global":
            return f"(global.get $g{t})"
        if kind == "br_if":
            labels = [lab for lab in ctx["labels"] if lab[1] == t and lab[2] != "loop"]
            if labels:
                label = r.choice(labels)[0]
                return f"(br_if {label} {self.expr(ctx, t, d)} {self.expr(ctx, 'i32', d)})"
        if kind == "grow" and t == "i32":
            return r.choice(["(memory.size)", f"(memory.grow (i32.and {self.expr(ctx, 'i32', d)} (i32.const 1)))"])
        return self.const(t)

    def canonical(self, t: str, op: str, text: str) -> str:
        """`text`, its NaN made canonical when `portable` and the operation leaves the NaN open."""
        if not self.portable or t in BITS or op in EXACT_FLOAT_OPS or op.endswith("reinterpret_i32") \
                or op.endswith("reinterpret_i64") or ".convert_" in op:
            return text
        return f"(call $canon_{t} {text})"

    # --- SIMD ------------------------------------------------------------------------------------
    def lane(self, ctx, t: str, depth: int) -> str:
        """A scalar of type `t` read out of a v128 expression."""
        r = self.r
        v = self.vexpr(ctx, depth)
        if t == "i32" and r.random() < 0.4:
            return f"({r.choice(['v128.any_true', 'i8x16.bitmask', 'i32x4.all_true', 'i16x8.bitmask'])} {v})"
        if t == "i32" and r.random() < 0.3:
            return f"(i8x16.extract_lane_{r.choice('su')} {r.randrange(16)} {v})"
        return f"({SHAPES[t]}.extract_lane {r.randrange(LANES[t])} {v})"

    def vexpr(self, ctx, depth: int) -> str:
        """A v128 expression."""
        r = self.r
        d = depth - 1
        if depth <= 0 or r.random() < 0.2:
            if r.random() < 0.5:
                t = r.choice(TYPES)
                return f"({SHAPES[t]}.splat {self.expr(ctx, t, 0)})"
            t = r.choice(TYPES)
            lanes = " ".join(self.const(t).split(" ", 1)[1][:-1] for _ in range(LANES[t]))
            return f"(v128.const {SHAPES[t]} {lanes})"
        kind = r.choice(["ibin", "fbin", "fcmp", "unary", "funary", "shift", "shuffle", "bitselect", "load",
                         "replace"])
        if kind == "ibin":
            return f"({r.choice(V_INT_BINARY)} {self.vexpr(ctx, d)} {self.vexpr(ctx, d)})"
        if kind == "fbin":
            return self.vcanonical(r.choice(V_FLOAT_BINARY), f"{self.vexpr(ctx, d)} {self.vexpr(ctx, d)}")
        if kind == "fcmp":
            return f"({r.choice(V_FLOAT_COMPARE)} {self.vexpr(ctx, d)} {self.vexpr(ctx, d)})"
        if kind == "unary":
            return f"({r.choice(V_UNARY)} {self.vexpr(ctx, d)})"
        if kind == "funary":
            return self.vcanonical(r.choice(V_FLOAT_UNARY), self.vexpr(ctx, d))
        if kind == "shift":
            return f"({r.choice(V_SHIFTS)} {self.vexpr(ctx, d)} {self.expr(ctx, 'i32', d)})"
        if kind == "shuffle":
            lanes = " ".join(str(r.randrange(32)) for _ in range(16))
            return f"(i8x16.shuffle {lanes} {self.vexpr(ctx, d)} {self.vexpr(ctx, d)})"
        if kind == "bitselect":
            return f"(v128.bitselect {self.vexpr(ctx, d)} {self.vexpr(ctx, d)} {self.vexpr(ctx, d)})"
        if kind == "load":
            op = r.choice(["v128.load", "v128.load8x8_s", "v128.load32_splat", "v128.load64_zero"])
            return f"({op} offset={r.choice([0, 0, 8, 65528])} {self.address(ctx, d)})"
        t = r.choice(TYPES)
        return f"({SHAPES[t]}.replace_lane {r.randrange(LANES[t])} {self.vexpr(ctx, d)} {self.expr(ctx, t, d)})"

    def vcanonical(self, op: str, operands: str) -> str:
        text = f"({op} {operands})"
        if not self.portable:
            return text
        shape = "f64x2" if op.startswith("f64x2") or op.startswith("f64x2.promote") else "f32x4"
        if op.startswith("f32x4.demote"):
            shape = "f32x4"
        return f"(call $canon_{shape} {text})"

    def address(self, ctx, depth: int) -> str:
        inner = self.expr(ctx, "i32", depth)
        return inner if self.r.random() < 0.15 else f"(i32.and {inner} (i32.const 0xfff8))"

    # --- statements ------------------------------------------------------------------------------
    def new_label(self) -> str:
        self.label_count += 1
        return f"$L{self.label_count}"

    def push(self, ctx, label: str, result, kind: str) -> dict:
        inner = dict(ctx)
        inner["labels"] = ctx["labels"] + [(label, result, kind)]
        return inner

    def stmts(self, ctx, depth: int, most: int) -> str:
        return " ".join(self.stmt(ctx, depth) for _ in range(self.r.randint(0, most)))

    def stmt(self, ctx, depth: int) -> str:
        r = self.r
        d = max(depth - 1, 0)
        kind = r.choices(
            ["set", "store", "gset", "drop", "if", "block", "loop", "br", "br_table", "return", "unreachable", "bulk"],
            [5, 3, 1, 1, 2, 2, 2, 1, 1, 0.5, 0.2, 0.3],
        )[0]
        if depth <= 0:
            kind = r.choice(["set", "store", "drop"])
        elif self.simd and r.random() < 0.1:
            return f"(v128.store offset={r.choice([0, 16, 65520])} {self.address(ctx, d)} {self.vexpr(ctx, d)})"
        elif self.tables and r.random() < 0.08:
            slot = f"(i32.and {self.expr(ctx, 'i32', d)} (i32.const 7))"
            if r.random() < 0.5:
                return f"(table.set $tab {slot} {self.funcref()})"
            return f"(table.fill $tab {slot} {self.funcref()} (i32.and {self.expr(ctx, 'i32', d)} (i32.const 3)))"
        if kind == "set":
            local = r.choice([n for n, _ in ctx["locals"] if n not in ctx["counters"]])
            lt = dict(ctx["locals"])[local]
            return f"(local.set {local} {self.expr(ctx, lt, d)})"
        if kind == "store":
            t = r.choice(TYPES)
            op = r.choice(STORES[t])
            return f"({op} offset={r.choice([0, 0, 0, 3, 8, 65535])} {self.address(ctx, d)} {self.expr(ctx, t, d)})"
        if kind == "gset":
            t = r.choice(TYPES)
            return f"(global.set $g{t} {self.expr(ctx, t, d)})"
        if kind == "drop":
            return f"(drop {self.expr(ctx, r.choice(TYPES), d)})"
        if kind == "if":
            label = self.new_label()
            inner = self.push(ctx, label, None, "if")
            other = f" (else {self.stmts(inner, d, 2)})" if r.random() < 0.5 else ""
            return f"(if {label} {self.expr(ctx, 'i32', d)} (then {self.stmts(inner, d, 2)}){other})"
        if kind == "block":
            label = self.new_label()
            inner = self.push(ctx, label, None, "block")
            exit_ = f"(br_if {label} {self.expr(inner, 'i32', d)})"
            return f"(block {label} {self.stmts(inner, d, 2)} {exit_} {self.stmts(inner, d, 2)})"
        if kind == "loop":
            level = ctx["loop_depth"]
            if level >= len(ctx["counters"]):
                return ""
            counter = ctx["counters"][level]
            label = self.new_label()
            inner = self.push(ctx, label, None, "loop")
            inner["loop_depth"] = level + 1
            again = f"(br_if {label} (i32.gt_s (local.tee {counter} (i32.sub (local.get {counter}) (i32.const 1))) (i32.const 0)))"
            return f"(local.set {counter} (i32.const {r.randint(1, 4)})) (loop {label} {self.stmts(inner, d, 3)} {again})"
        if kind == "br":
            labels = [lab for lab in ctx["labels"] if lab[2] != "loop"]
            if labels:
                label, result, _ = r.choice(labels)
                value = "" if result is None else " " + self.expr(ctx, result, d)
                return f"(br {label}{value})"
        if kind == "br_table":
            labels = [lab[0] for lab in ctx["labels"] if lab[1] is None and lab[2] != "loop"]
            if labels:
                targets = " ".join(r.choice(labels) for _ in range(r.randint(1, 5)))
                return f"(br_table {targets} {self.expr(ctx, 'i32', d)})"
        if kind == "return":
            result = ctx["result"]
            value = "" if result is None else " " + self.expr(ctx, result, d)
            return f"(return{value})"
        if kind == "unreachable":
            return f"(if {self.expr(ctx, 'i32', d)} (then (unreachable)))"
        if kind == "bulk":
            op = r.choice(["memory.fill", "memory.copy"])
            return f"({op} {self.address(ctx, d)} {self.expr(ctx, 'i32', d)} (i32.and {self.expr(ctx, 'i32', d)} (i32.const 0x3f)))"
        return "(nop)"

    def funcref(self) -> str:
        return "(ref.null func)" if self.r.random() < 0.3 else f"(ref.func $f{self.r.randrange(self.nfuncs)})"

    # --- the module -------------------------------------------------------------------------------
    def function(self, i: int, depth: int) -> str:
        params, result = self.sigs[i]
        locals_ = [(f"$p{k}", t) for k, t in enumerate(params)]
        extra = [(f"$x{k}", t) for k, t in enumerate(TYPES * 2)]
        counters = [(f"$c{k}", "i32") for k in range(3)]
        ctx = {
            "locals": locals_ + extra + counters,
            "counters": [n for n, _ in counters],
            "labels": [],
            "loop_depth": 0,
            "result": result,
        }
        body = self.stmts(ctx, depth, 4)
        if result is not None:
            body += " " + self.expr(ctx, result, depth)
        decl_params = " ".join(f"(param {n} {t})" for n, t in locals_)
        decl_locals = " ".join(f"(local {n} {t})" for n, t in extra + counters)
        decl_result = f"(result {result})" if result else ""
        export = "" if self.portable else f' (export "f{i}")'
        return f'  (func $f{i}{export} (type $t{i}) {decl_params} {decl_result} {decl_locals}\n    {body})'

    def module(self, depth: int = 4) -> str:
        lines = ["(module"]
        for i, (params, result) in enumerate(self.sigs):
            res = f" (result {result})" if result else ""
            par = f" (param {' '.join(params)})" if params else ""
            lines.append(f"  (type $t{i} (func{par}{res}))")
        lines.append('  (memory (export "mem") 1 3)')
        data = "".join("\\%02x" % self.r.getrandbits(8) for _ in range(64))
        lines.append(f'  (data (i32.const 0) "{data}")')
        for t in TYPES:
            lines.append(f'  (global $g{t} (export "g{t}") (mut {t}) {self.const(t)})')
        lines.append("  (table $tab 6 funcref)")
        slots = [f"$f{self.r.randrange(self.nfuncs)}" for _ in range(4)]
        lines.append(f"  (elem (i32.const 0) func {' '.join(slots)})")
        if self.tables:
            lines.append(f"  (elem declare func {' '.join(f'$f{i}' for i in range(self.nfuncs))})")
        for i in range(self.nfuncs):
            lines.append(self.function(i, depth))
        if self.portable:
            lines += self.portable_exports()
        lines.append(")")
        return "\n".join(lines)

    def portable_exports(self) -> list[str]:
        """NaN-canonicalising helpers, integer-only wrappers exported as f0, f1, ..., and `globals`."""
        lines = []
        for t, nan in (("f32", "0x7fc00000"), ("f64", "0x7ff8000000000000")):
            i = INT_OF[t]
            lines.append(f"  (func $canon_{t} (param $x {t}) (result {t}) (select ({t}.reinterpret_{i} ({i}.const {nan})) "
                         f"(local.get $x) ({t}.ne (local.get $x) (local.get $x))))")
        for shape, lane in (("f32x4", "0x7fc00000"), ("f64x2", "0x7ff8000000000000")):
            ishape = "i32x4" if shape == "f32x4" else "i64x2"
            lanes = " ".join([lane] * (4 if shape == "f32x4" else 2))
            lines.append(f"  (func $canon_{shape} (param $x v128) (result v128) (v128.bitselect (v128.const {ishape} {lanes}) "
                         f"(local.get $x) ({shape}.ne (local.get $x) (local.get $x))))")
        for i, (params, result) in enumerate(self.sigs):
            decl = " ".join(f"(param {INT_OF[t]})" for t in params)
            args = " ".join(f"(local.get {k})" if t in BITS else f"({t}.reinterpret_{INT_OF[t]} (local.get {k}))"
                            for k, t in enumerate(params))
            call = f"(call $f{i} {args})"
            if result is None:
                lines.append(f'  (func (export "f{i}") {decl} {call})')
            else:
                body = call if result in BITS else f"({INT_OF[result]}.reinterpret_{result} {call})"
                lines.append(f'  (func (export "f{i}") {decl} (result {INT_OF[result]}) {body})')
        reads = " ".join(f"(global.get $g{t})" if t in BITS else f"({INT_OF[t]}.reinterpret_{t} (global.get $g{t}))"
                         for t in TYPES)
        lines.append(f'  (func (export "globals") (result i32 i64 i32 i64) {reads})')
        return lines

    def arguments(self, i: int) -> list[int]:
        return [self.const_bits(t) for t in self.sigs[i][0]]


def generate(seed: int, nfuncs: int = 3, depth: int = 4, **options) -> tuple[str, list]:
    """(module text, calls) for one seed: every function called twice with generated arguments.

    `options`: simd, tables, portable (see the module docstring)."""
    gen = Generator(random.Random(seed), nfuncs, **options)
    text = gen.module(depth)
    calls = [(f"f{i}", gen.arguments(i)) for i in range(nfuncs) for _ in range(2)]
    return text, calls
