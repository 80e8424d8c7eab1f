"""Translating the variable (spec 4.4.5), reference (4.4.2), table (4.4.6) and memory (4.4.7) instructions.

Memory accesses read the generated function's local `data` (memory 0's
bytearray), refreshed after anything that may replace it (`memory.grow`,
any call). Loads and stores are struct's `unpack_from` / `pack_into` with
the formats and masks of the step engine's handlers (it imports them from
there), which check the bounds themselves; single bytes are `data[i]`. A
failure is a struct.error or IndexError raised on that line, which the
fault handler turns into "out of bounds memory access" (faults.py).

Writes to state go inline for the plain `StateOps` table (stores,
`global.set`, as the step engine inlines them) and through the table's
methods otherwise, so a recording table sees every write.

The debugger's form (`record`, translate.py) writes stores and `global.set`
inline too, and appends a record of each to the recording table's pending
list itself (`LOG` is its `extend`; debug/undo.py: (kind, (funcidx, pc)),
step, target, address, old bytes; or (kind, where), step, global, old
value, None), which the table makes undo entries when the log is read: the
old bytes are read before the write, the record is appended after it, so a
store out of bounds fails on its write line and logs nothing, as
`RecordingOps.store` does. A call of the recording table per store cost
three times as much, an undo entry kept per store twice as much.
The step is the segment's charge less the instructions charged from the
store on (`STEP`, segments.py), so a store does not end its segment.
"""

from __future__ import annotations

import re

from playground.wasm.exec.fast.control import by_name
from playground.wasm.exec.fast.entries import F32, FROM_BITS, TO_BITS, Entry, fits_in, variable
from playground.wasm.exec.fast.segments import STEP
from playground.wasm.exec.numeric.memory_access import LOADS, STORES
from playground.wasm.exec.numeric.simd import SIMD_LOAD_SIZES
from playground.wasm.instructions import OPS, copy_memories, memory_index
from playground.wasm.types import ValType

_FORMAT_NAMES = {"<I": "I", "<Q": "Q", "<b": "b", "<B": "B", "<h": "h", "<H": "H", "<i": "i"}
_LANE_BYTES = {"8": 1, "16": 2, "32": 4, "64": 8}
_FULL_WIDTH = {"i32.store", "i64.store", "f32.store"}  # the value already fits: no mask
_WIDTHS = {"I": 4, "Q": 8, "B": 1, "H": 2, "d": 8}  # bytes a store's packer writes
_UNSIGNED_BITS = {"<B": 8, "<H": 16, "<I": 32}  # what an unsigned load's value fits in (entries.py, `fits`)
_MINUS_ONE = {ValType.I32: 0xFFFF_FFFF, ValType.I64: 0xFFFF_FFFF_FFFF_FFFF}  # memory.grow's -1 by address type


def _lane_width(name: str) -> int:
    """Bytes of a v128.loadN_lane / storeN_lane."""
    return _LANE_BYTES[name.split("load")[-1].split("store")[-1].split("_")[0]]


class MemoryOps:
    """The variable, reference, table and memory part of the Translator (translate.py)."""

    # --- locals -------------------------------------------------------------------------------
    def op_local_get(self, ins) -> None:
        i = ins.imm[0]
        self.push(variable(f"l{i}", self.local_types[i]))

    def set_local(self, i: int, e: Entry) -> None:
        name = f"l{i}"
        if e.text == name or self.retarget(e, name):
            return
        self.spill(name)
        self.write(name, e)

    def retarget(self, e: Entry, name: str) -> bool:
        """`s3 = <x>` just written and popped into local `name`: write `name = <x>` instead (no copy).

        Only when that line is the last of the current suite (same indentation: a line of
        a closed suite is deeper, and a suite's header line would come after it) and no
        entry still reads `name`.
        """
        slot = f"s{len(self.stack)}"
        if e.text != slot or not self.out or any(name in x.deps or slot in x.deps for x in self.stack):
            return False
        prefix = " " * self.indent + slot + " = "
        if not self.out[-1].startswith(prefix):
            return False
        self.out[-1] = " " * self.indent + name + " = " + self.out[-1][len(prefix):]
        return True

    def op_local_set(self, ins) -> None:
        self.set_local(ins.imm[0], self.pop())

    def op_local_tee(self, ins) -> None:
        i = ins.imm[0]
        self.set_local(i, self.pop())
        self.push(variable(f"l{i}", self.local_types[i]))

    # --- globals -------------------------------------------------------------------------------
    def op_global_get(self, ins) -> None:
        i = ins.imm[0]
        # Read every time, immutable or not: a host may still set an exported Global from Python.
        t = self.inst.globals[i].type.valtype
        h = len(self.stack)
        self.spill(f"s{h}")
        self.emit(f"s{h} = {FROM_BITS[t]}(G{i}.value)" if t in FROM_BITS else f"s{h} = G{i}.value")
        self.push(variable(f"s{h}", t))

    def op_global_set(self, ins) -> None:
        i = ins.imm[0]
        self.exact_top(1)
        e = self.pop()
        value = e.exact if e.type in TO_BITS else e.text
        if self.record is not None:
            self.emit(f"LOG((({self.record[1]}, ({self.where}, {self.pc})), {STEP}, G{i}, G{i}.value, None))")
            self.emit(f"G{i}.value = {value}")
        elif self.inline_ops:
            self.emit(f"G{i}.value = {value}")
        else:
            self.emit(f"GLOBAL_SET(G{i}, {value})")

    # --- references ----------------------------------------------------------------------------
    def op_ref_null(self, ins) -> None:
        self.push(Entry("None", ins.imm[0], simple=True))

    def op_ref_is_null(self, ins) -> None:
        e = self.pop()
        cond = f"({e.text} is None)"
        self.push_expr(f"(1 if {cond} else 0)", ValType.I32, [e], cond=cond)

    def op_ref_func(self, ins) -> None:
        self.push(Entry(f"F{ins.imm[0]}", ValType.FUNCREF, simple=True))

    # --- tables --------------------------------------------------------------------------------
    def op_table_get(self, ins) -> None:
        t = ins.imm[0]
        index = self.pop()
        h = len(self.stack)
        self.spill(f"s{h}")
        self.emit(f"_i = {index.text}")
        self.emit(f"_e = T{t}.elements")
        self.emit("if _i >= len(_e): raise OOB_TABLE()")
        self.emit(f"s{h} = _e[_i]")
        self.may_fail()
        self.push(variable(f"s{h}", self.inst.tables[t].elem))

    def state_call(self, call: str, n: int, result: ValType | None = None) -> None:
        """A call of a state operation with the top `n` operands (it may fail): one line, then its result."""
        self.exact_top(n)
        args = ", ".join(e.text for e in self.pop_n(n))
        call = call.replace("@", args)
        if result is None:
            self.emit(call)
            self.may_fail()
        else:
            self.result_to_slot(call, result)

    def op_table_set(self, ins) -> None:
        self.state_call(f"TABLE_SET(T{ins.imm[0]}, @)", 2)

    def index_type(self, tableidx: int) -> ValType:
        """i64 for a 64-bit table's sizes and indices (3.0, table64), else i32."""
        return ValType.I64 if self.inst.tables[tableidx].is64 else ValType.I32

    def op_table_size(self, ins) -> None:
        self.result_to_slot(f"len(T{ins.imm[0]}.elements)", self.index_type(ins.imm[0]))

    def op_table_grow(self, ins) -> None:
        t = ins.imm[0]
        ref, n = self.pop_n(2)
        it = self.index_type(t)
        self.result_to_slot(f"TABLE_GROW(T{t}, {n.text}, {ref.text}) & {_MINUS_ONE[it]}", it)

    def op_table_fill(self, ins) -> None:
        self.state_call(f"TABLE_FILL(T{ins.imm[0]}, @)", 3)

    def op_table_copy(self, ins) -> None:
        dst, src = ins.imm
        self.state_call(f"TABLE_COPY(T{dst}, T{src}, @)", 3)

    def op_table_init(self, ins) -> None:
        elemidx, tableidx = ins.imm
        self.state_call(f"TABLE_INIT(T{tableidx}, INST.elems[{elemidx}], @)", 3)

    def op_elem_drop(self, ins) -> None:
        self.emit(f"ELEM_DROP(INST, {ins.imm[0]})")

    # --- memory ---------------------------------------------------------------------------------
    def memory_names(self, ins, idx: int | None = None) -> tuple[str, str]:
        """The names of the memory an instruction uses and of its bytearray: `MEM`, `data` for memory 0
        (as fast as before multiple memories), `M<i>`, `data<i>` for memory i (3.0, multi-memory)."""
        if idx is None:
            idx = memory_index(ins.op, ins.imm)
        self.memories.add(idx)
        return memory_names(idx)

    def address(self, e: Entry, offset: int) -> str:
        """The effective address of a memarg: the operand plus the offset, both unsigned (no wrap;
        a 64-bit address past the end fails in struct or indexing as a 32-bit one does)."""
        if not offset:
            return e.text
        if e.text.isdigit():
            return str(int(e.text) + offset)
        return f"{e.text} + {offset}"

    def op_load(self, ins) -> None:
        name = ins.op.name
        _, data = self.memory_names(ins)
        a = self.pop()
        addr = self.address(a, ins.imm[1])
        if name == "f64.load":
            text = f"U_d({data}, {addr})[0]"
        elif name == "f32.load":  # "<f" would quiet a signalling NaN: a NaN is read again as bits
            h = len(self.stack)
            if re.search(rf"\bs{h}\b", addr):  # the slot the result lands in: keep the address for the re-read
                self.emit(f"a{h} = {addr}")
                addr = f"a{h}"
            self.result_to_slot(f"U_f({data}, {addr})[0]", F32)
            self.emit(f"if s{h} != s{h}: s{h} = DF(U_I({data}, {addr})[0])")
            return
        elif name in ("i32.load8_u", "i64.load8_u"):
            text = f"{data}[{addr}]"
        else:
            fmt, mask = LOADS[name]
            text = f"U_{_FORMAT_NAMES[fmt]}({data}, {addr})[0]"
            if mask is not None:
                text = f"{text} & {mask}"
        self.result_to_slot(text, ins.op.results[0], fits=_UNSIGNED_BITS.get(LOADS[name][0]))

    def op_store(self, ins) -> None:
        name = ins.op.name
        mem, data = self.memory_names(ins)
        self.exact_top(1)
        if name == "f32.store":
            self.simple_top(1)  # read twice below
        v = self.pop()
        a = self.pop()
        addr = self.address(a, ins.imm[1])
        fmt, mask = STORES[name]
        packer = _FORMAT_NAMES[fmt]
        if name == "f64.store":
            packer, value = "d", v.text
        elif name != "f32.store":
            fits = v.raw is None and fits_in(v, 64) <= mask.bit_length()
            value = v.text if name in _FULL_WIDTH or fits else f"{v.raw or v.text} & {mask}"  # the mask makes it exact
        if self.record is not None:
            addr = self.recorded(ins, addr, _WIDTHS[packer])
        if name == "f32.store":  # a NaN goes as its bits ("<f" would quiet it)
            if self.inline_ops or self.record is not None:
                write = f"P_f({data}, {addr}, {v.text}) if {v.text} == {v.text} else P_I({data}, {addr}, BF({v.text}))"
            else:
                write = f"STORE({mem}, {addr}, K_I(BF({v.text})))"
        elif not self.inline_ops and self.record is None:
            write = f"STORE({mem}, {addr}, K_{packer}({value}))"
        elif packer == "B":
            write = f"{data}[{addr}] = {value}"
        else:
            write = f"P_{packer}({data}, {addr}, {value})"
        self.emit(write)
        self.log_write()
        self.may_fail()

    # --- the debugger's form: writes logged inline (see the module docstring) ------------------------
    def recorded(self, ins, addr: str, width: int) -> str:
        """Before a logged store of `width` bytes: its address in `_a` and the bytes it overwrites in `_o`."""
        mem, data = self.memory_names(ins)
        if not (addr.isdigit() or addr.isidentifier()):
            self.emit(f"_a = {addr}")
            addr = "_a"
        self.emit(f"_o = BYTE[{data}[{addr}]]" if width == 1 else f"_o = {data}[{addr}:{addr} + {width}]")
        self.pending_log = f"LOG((({self.record[0]}, ({self.where}, {self.pc})), {STEP}, {mem}, {addr}, _o))"
        return addr

    def log_write(self) -> None:
        """After the write itself (which may fail, and then logs nothing): its undo entry."""
        if self.pending_log is not None:
            self.emit(self.pending_log)
            self.pending_log = None

    def op_memory_size(self, ins) -> None:
        _, data = self.memory_names(ins)
        self.push(Entry(f"(len({data}) >> 16)", self.address_type(ins), frozenset((data,))))

    def address_type(self, ins, idx: int | None = None) -> ValType:
        """i64 for a 64-bit memory's sizes and addresses (3.0, memory64), else i32."""
        idx = memory_index(ins.op, ins.imm) if idx is None else idx
        return ValType.I64 if self.inst.mems[idx].is64 else ValType.I32

    def op_memory_grow(self, ins) -> None:
        mem, data = self.memory_names(ins)
        t = self.address_type(ins)
        n = self.pop()
        h = len(self.stack)
        self.spill(f"s{h}")
        self.spill(data)
        self.emit(f"s{h} = MEMORY_GROW({mem}, {n.text}) & {_MINUS_ONE[t]}")
        self.emit(f"{data} = {mem}.data")
        self.push(variable(f"s{h}", t))

    def op_memory_fill(self, ins) -> None:
        mem, _ = self.memory_names(ins)
        self.state_call(f"MEMORY_FILL({mem}, @)", 3)

    def op_memory_copy(self, ins) -> None:
        dst, src = copy_memories(ins.imm)
        target, _ = self.memory_names(ins, dst)
        source, _ = self.memory_names(ins, src)
        if dst == src:
            self.state_call(f"MEMORY_COPY({target}, @)", 3)
        else:  # 3.0, between two memories (as the step engine does it: the source range, then memory.init's)
            self.state_call(f"COPY_BETWEEN(MEMORY_INIT, {target}, {source}, @)", 3)

    def op_memory_init(self, ins) -> None:
        mem, _ = self.memory_names(ins)
        d, s, n = (e.text for e in self.pop_n(3))
        self.emit(f"MEMORY_INIT({mem}, {d}, INST.datas[{ins.imm[0]}], {s}, {n})")
        self.may_fail()

    def op_data_drop(self, ins) -> None:
        self.emit(f"DATA_DROP(INST, {ins.imm[0]})")

    # --- v128 memory ------------------------------------------------------------------------------
    def op_v128_load(self, ins) -> None:
        _, data = self.memory_names(ins)
        a = self.pop()
        self.result_to_slot(f"V128_LOAD({data}, {self.address(a, ins.imm[1])})", ValType.V128)

    def op_v128_store(self, ins) -> None:
        mem, data = self.memory_names(ins)
        v = self.pop()
        a = self.pop()
        addr = self.address(a, ins.imm[1])
        if self.record is not None:
            addr = self.recorded(ins, addr, 16)
        if self.inline_ops or self.record is not None:
            self.emit(f"V128_STORE({data}, {addr}, {v.text})")
        else:
            self.emit(f"STORE({mem}, {addr}, ({v.text}).to_bytes(16, 'little'))")
        self.log_write()
        self.may_fail()

    def op_v128_load_transform(self, ins) -> None:
        _, data = self.memory_names(ins)
        a = self.pop()
        k = OPS.index(ins.op)
        self.result_to_slot(f"SL{k}({data}, {self.address(a, ins.imm[1])})", ValType.V128)

    def lane_operands(self, ins) -> tuple[int, int, Entry, str]:
        """A lane load's or store's width in bytes, lane, vector operand and address (operands popped)."""
        _, offset, lane = ins.imm[:3]
        v = self.pop()
        return _lane_width(ins.op.name), lane, v, self.address(self.pop(), offset)

    def op_v128_load_lane(self, ins) -> None:
        _, data = self.memory_names(ins)
        n, lane, v, addr = self.lane_operands(ins)
        self.result_to_slot(f"LL{n}_{lane}({data}, {addr}, {v.text})", ValType.V128)

    def op_v128_store_lane(self, ins) -> None:
        mem, _ = self.memory_names(ins)
        n, lane, v, addr = self.lane_operands(ins)
        shift, mask = lane * n * 8, (1 << (n * 8)) - 1
        self.emit(f"STORE({mem}, {addr}, (({v.text} >> {shift}) & {mask}).to_bytes({n}, 'little'))")
        self.may_fail()

    @classmethod
    def handlers(cls) -> dict:
        table = by_name(cls, """local.get local.set local.tee global.get global.set ref.null ref.is_null ref.func
            table.get table.set table.size table.grow table.fill table.copy table.init elem.drop
            memory.size memory.grow memory.fill memory.copy memory.init data.drop v128.load v128.store""")
        table.update({name: cls.op_load for name in LOADS})
        table.update({name: cls.op_store for name in STORES})
        table.update({name: cls.op_v128_load_transform for name in SIMD_LOAD_SIZES if name != "v128.load"})
        for width in (8, 16, 32, 64):
            table[f"v128.load{width}_lane"] = cls.op_v128_load_lane
            table[f"v128.store{width}_lane"] = cls.op_v128_store_lane
        return table



ONE_BYTE = tuple(bytes((b,)) for b in range(256))
"""`BYTE` in the debugger's form: the old byte a logged store8 saves, as the undo log's bytes, none made per store."""


def memory_names(idx: int) -> tuple[str, str]:
    """Generated code's names of memory `idx` and of its bytearray (context.py binds `M<i>`; `MEM` is M0)."""
    return ("MEM", "data") if idx == 0 else (f"M{idx}", f"data{idx}")


def copy_between(init, target, source, dest: int, src: int, n: int) -> None:
    """memory.copy from one memory to another (3.0): written as memory.init writes, with the source memory's
    bytes as the segment (through `init`, the StateOps method, so a recording table logs it). It checks both
    ranges first and copies in place, in pieces: no temporary of the copy's size."""
    init(target, dest, source.data, src, n)
