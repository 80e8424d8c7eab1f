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


class Generator:
    """Writes one module; see the module docstring."""

    def __init__(self, rnd: random.Random, nfuncs: int = 3) -> None:
        self.r = rnd
        self.nfuncs = nfuncs
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
        kind = r.choices(
            ["unary", "binary", "compare", "convert", "load", "select", "block", "if", "call", "tee", "global",
             "br_if", "indirect", "grow"],
            [3, 6, 2, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        )[0]
        if kind == "unary":
            op = r.choice(INT_UNARY if t in BITS else FLOAT_UNARY)
            return f"({t}.{op} {self.expr(ctx, t, d)})"
        if kind == "binary":
            op = r.choice(INT_BINARY if t in BITS else FLOAT_BINARY)
            return f"({t}.{op} {self.expr(ctx, t, d)} {self.expr(ctx, t, d)})"
        if kind == "compare" and t == "i32":
            ot = r.choice(TYPES)
            op = r.choice(INT_COMPARE if ot in BITS else FLOAT_COMPARE)
            return f"({ot}.{op} {self.expr(ctx, ot, d)} {self.expr(ctx, ot, d)})"
        if kind == "convert":
            op, ot = r.choice(conversions(t))
            return f"({op} {self.expr(ctx, ot, d)})"
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
        return f'  (func $f{i} (export "f{i}") (type $t{i}) {decl_params} {decl_result} {decl_locals}\n    {body})'

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
        lines.append("  (table 6 funcref)")
        slots = [f"$f{self.r.randrange(self.nfuncs)}" for _ in range(4)]
        lines.append(f"  (elem (i32.const 0) func {' '.join(slots)})")
        for i in range(self.nfuncs):
            lines.append(self.function(i, depth))
        lines.append(")")
        return "\n".join(lines)

    def arguments(self, i: int) -> list[int]:
        return [self.const_bits(t) for t in self.sigs[i][0]]


def generate(seed: int, nfuncs: int = 3, depth: int = 4) -> tuple[str, list]:
    """(module text, calls) for one seed: every function called twice with generated arguments."""
    gen = Generator(random.Random(seed), nfuncs)
    text = gen.module(depth)
    calls = [(f"f{i}", gen.arguments(i)) for i in range(nfuncs) for _ in range(2)]
    return text, calls
