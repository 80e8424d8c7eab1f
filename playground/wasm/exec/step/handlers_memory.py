"""Handlers of the memory instructions (spec 4.4.7), SIMD loads and stores included.

Effective address = operand + offset, both unsigned, with no wrap-around;
any byte past the end traps with "out of bounds memory access". Loads use
`struct.unpack_from`, which checks the bounds itself (and the address is
never negative); stores of the plain `StateOps` are inlined as `pack_into`,
which also checks before writing. Other `StateOps` tables receive every
write as bytes through `ops.store`.
"""

from __future__ import annotations

import struct
from functools import partial

from playground.wasm.errors import Trap
from playground.wasm.exec.step.handler_shapes import calling, three_operands
from playground.wasm.runtime.mutations import OOB_MEMORY
from playground.wasm.exec.numeric.simd import SIMD_LOAD_SIZES, SIMD_LOAD_TRANSFORMS
from playground.wasm.exec.numeric.memory_access import LOADS, M32, M64, STORES
from playground.wasm.instructions import copy_memories, memory_index

M128 = (1 << 128) - 1

def _oob():
    return Trap(OOB_MEMORY)


# What struct raises for an address past the end: struct.error, or for a 64-bit address (3.0,
# memory64) past what Python can index, IndexError or OverflowError.
_BAD_ADDRESS = (struct.error, IndexError, OverflowError)


def _memory(c, ins):
    """The memory instance an instruction names (3.0: any of the module's memories)."""
    return c.inst.mems[memory_index(ins.op, ins.imm)]


def make_load(c, ins):
    fmt, mask = LOADS[ins.op.name]
    unpack_from = struct.Struct(fmt).unpack_from
    mem, off, nxt = _memory(c, ins), ins.imm[1], c.nxt
    if mask is None:

        def h(st, lo):
            try:
                st[-1] = unpack_from(mem.data, st[-1] + off)[0]
            except _BAD_ADDRESS:
                raise _oob() from None
            return nxt

    else:

        def h(st, lo):
            try:
                st[-1] = unpack_from(mem.data, st[-1] + off)[0] & mask
            except _BAD_ADDRESS:
                raise _oob() from None
            return nxt

    return h


def make_store(c, ins):
    fmt, mask = STORES[ins.op.name]
    packer = struct.Struct(fmt)
    return _store_handler(c, ins, packer.pack_into, packer.pack, mask)


def _store_handler(c, ins, pack_into, pack, mask):
    """A store: `pack_into` inlined under the plain StateOps, else the bytes of `pack` through `ops.store`."""
    mem, off, nxt = _memory(c, ins), ins.imm[1], c.nxt
    if c.ops.inline:

        def h(st, lo):
            v = st.pop()
            try:
                pack_into(mem.data, st.pop() + off, v & mask)
            except _BAD_ADDRESS:
                raise _oob() from None
            return nxt

        return h
    store = c.ops.store

    def h(st, lo):
        v = st.pop()
        store(mem, st.pop() + off, pack(v & mask))
        return nxt

    return h


def make_memory_size(c, ins):
    mem, nxt = _memory(c, ins), c.nxt

    def h(st, lo):
        st.append(len(mem.data) >> 16)
        return nxt

    return h


def make_memory_grow(c, ins):
    mem, nxt, grow = _memory(c, ins), c.nxt, c.ops.memory_grow
    mask = M64 if mem.is64 else M32  # -1 in the memory's address type (3.0, memory64)

    def h(st, lo):
        st[-1] = grow(mem, st[-1]) & mask
        return nxt

    return h


def make_memory_fill(c, ins):
    return three_operands(partial(c.ops.memory_fill, _memory(c, ins)), c.nxt)


def make_memory_copy(c, ins):
    dst, src = copy_memories(ins.imm)
    if dst == src:
        return three_operands(partial(c.ops.memory_copy, c.inst.mems[dst]), c.nxt)
    # 3.0, between two memories: no overlap to care for, so the source's bytes go in, in place and in
    # pieces, as memory.init's do (its bounds check covers the source; the data is read at run time
    # because memory.grow replaces it)
    target, source, init = c.inst.mems[dst], c.inst.mems[src], c.ops.memory_init
    return three_operands(lambda d, s, n: init(target, d, source.data, s, n), c.nxt)


def make_memory_init(c, ins):
    inst, i, mem, init = c.inst, ins.imm[0], _memory(c, ins), c.ops.memory_init
    # The segment is looked up at run time: `data.drop` replaces it.
    return three_operands(lambda d, s, n: init(mem, d, inst.datas[i], s, n), c.nxt)


def make_data_drop(c, ins):
    return calling(partial(c.ops.data_drop, c.inst, ins.imm[0]), c.nxt)


# --- SIMD (spec 4.4.7.2 - 4.4.7.7 for v128) ---------------------------------------

_QQ = struct.Struct("<QQ")


def make_v128_load(c, ins):
    unpack_from = _QQ.unpack_from
    mem, off, nxt = _memory(c, ins), ins.imm[1], c.nxt

    def h(st, lo):
        try:
            low, high = unpack_from(mem.data, st[-1] + off)
        except _BAD_ADDRESS:
            raise _oob() from None
        st[-1] = low | high << 64
        return nxt

    return h


def _pack_v128_into(buffer, offset: int, v: int) -> None:
    _QQ.pack_into(buffer, offset, v & M64, v >> 64)


def _pack_v128(v: int) -> bytes:
    return v.to_bytes(16, "little")


def make_v128_store(c, ins):
    return _store_handler(c, ins, _pack_v128_into, _pack_v128, M128)


# v128.load has its own handler; the extending, splat and zero loads share one.
_TRANSFORMEDLOADS = tuple(name for name in SIMD_LOAD_SIZES if name != "v128.load")


def make_v128_load_transform(c, ins):
    transform = SIMD_LOAD_TRANSFORMS[ins.op.name]
    n = SIMD_LOAD_SIZES[ins.op.name]
    mem, off, nxt = _memory(c, ins), ins.imm[1], c.nxt

    def h(st, lo):
        a = st[-1] + off
        data = mem.data
        if a + n > len(data):
            raise _oob()
        st[-1] = transform(bytes(data[a : a + n]))
        return nxt

    return h


def make_v128_load_lane(c, ins):
    off, lane = ins.imm[1], ins.imm[2]
    n = {"v128.load8_lane": 1, "v128.load16_lane": 2, "v128.load32_lane": 4, "v128.load64_lane": 8}[ins.op.name]
    shift = lane * n * 8
    hole = M128 ^ (((1 << (n * 8)) - 1) << shift)
    mem, nxt = _memory(c, ins), c.nxt

    def h(st, lo):
        v = st.pop()
        a = st[-1] + off
        data = mem.data
        if a + n > len(data):
            raise _oob()
        st[-1] = (v & hole) | int.from_bytes(data[a : a + n], "little") << shift
        return nxt

    return h


def make_v128_store_lane(c, ins):
    off, lane = ins.imm[1], ins.imm[2]
    n = {"v128.store8_lane": 1, "v128.store16_lane": 2, "v128.store32_lane": 4, "v128.store64_lane": 8}[ins.op.name]
    shift, mask = lane * n * 8, (1 << (n * 8)) - 1
    mem, nxt, store = _memory(c, ins), c.nxt, c.ops.store

    def h(st, lo):
        v = st.pop()
        store(mem, st.pop() + off, ((v >> shift) & mask).to_bytes(n, "little"))
        return nxt

    return h


FACTORIES = {
    **{name: make_load for name in LOADS},
    **{name: make_store for name in STORES},
    **{name: make_v128_load_transform for name in _TRANSFORMEDLOADS},
    "memory.size": make_memory_size,
    "memory.grow": make_memory_grow,
    "memory.fill": make_memory_fill,
    "memory.copy": make_memory_copy,
    "memory.init": make_memory_init,
    "data.drop": make_data_drop,
    "v128.load": make_v128_load,
    "v128.store": make_v128_store,
    "v128.load8_lane": make_v128_load_lane,
    "v128.load16_lane": make_v128_load_lane,
    "v128.load32_lane": make_v128_load_lane,
    "v128.load64_lane": make_v128_load_lane,
    "v128.store8_lane": make_v128_store_lane,
    "v128.store16_lane": make_v128_store_lane,
    "v128.store32_lane": make_v128_store_lane,
    "v128.store64_lane": make_v128_store_lane,
}
