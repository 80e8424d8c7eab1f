"""The terminal prompt of `wasm-playground debug`: gdb-like commands over a DebugSession.

Commands come one per line from any text stream, so a session is scriptable:
`printf 's\\ns\\nstack\\nq\\n' | wasm-playground debug fib.wat --invoke fib 5`.
Every stop prints the step, why it stopped, and the current source line
(the WAT line, or the disassembly line for .wasm input).

Ctrl+C (SIGINT) while a command runs pauses the program at the current
instruction, as gdb does, and the prompt comes back; at an interactive
prompt it only says how to leave. (Signals reach the main thread only: a
prompt driven from another thread keeps Python's default.)
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterable, TextIO

from playground.debug.heap_view import parse_label
from playground.debug.memories import find_memory, memory_infos
from playground.debug.tail_calls import tail_call_mark
from playground.errors import PlaygroundError

HELP = """\
commands:
  s, step            execute one instruction (into calls)
  n, next            execute one instruction, over calls
  finish             run until the current function returns
  c, continue        run to the next breakpoint, watchpoint, trap or the end
  back               step back one instruction
  rn, back-next      step back over calls
  rc, rcontinue      run backwards to the previous breakpoint hit
  goto N             go to step N (forwards or backwards)
  b LINE [if COND]   break at a source line (b $func: at its entry; b FUNC+INDEX)
  delete [N]         delete breakpoint N (all without N)
  watch ADDR [LEN]   stop when memory bytes change (watch $g: a global)
  p EXPR             print a value: p $n, p top, p global[0], p $ptr + 4
  heap               the GC structs and arrays reachable now (3.0); p struct#12 prints one
  x ADDR LEN         dump memory bytes
  who ADDR           which step and instruction last wrote the byte at ADDR
  mem [N|$name]      list the memories; choose the one x, who and watch use (3.0: several)
  set $x VALUE       change a local or global (set stack N VALUE, set mem ADDR HEXBYTES);
                     VALUE as WAT writes it: -1, 0xff, 1.5, 0x1p3, -inf, nan:0x200000
  stack              the operand stack with types (top last)
  locals, globals    the current frame's locals, the globals
  bt                 the call stack
  info               breakpoints and watchpoints
  save FILE          export the session for replay (wasm-playground debug --replay FILE)
  q, quit            leave
"""


# The motions: (command names, the session's method, whether `NAME COUNT` repeats it).
MOTIONS = (
    (("s", "step", "si"), "step_into", True),
    (("n", "next"), "step_over", True),
    (("finish", "fin"), "step_out", False),
    (("c", "continue", "cont"), "continue_", False),
    (("back", "reverse-step", "rs"), "step_back", True),
    (("rn", "back-next", "reverse-next"), "step_back_over", False),
    (("rc", "rcontinue", "reverse-continue"), "reverse_continue", False),
)


class Prompt:
    """Reads commands, drives the session, writes what happened."""

    def __init__(self, session, out: TextIO) -> None:
        self.session = session
        self.out = out
        self.memory_index = 0  # the memory `x`, `who` and `watch` read (`mem` chooses; 3.0 has several)
        self.commands: dict[str, Callable[[list[str], str], None]] = {}
        for names, method, repeats in MOTIONS:
            for name in names:
                self.commands[name] = partial(self.motion, method, repeats)
        for names, fn in [
            (("goto",), self.cmd_goto),
            (("b", "break"), self.cmd_break),
            (("delete", "d"), self.cmd_delete),
            (("watch",), self.cmd_watch),
            (("p", "print"), self.cmd_print),
            (("heap",), self.cmd_heap),
            (("x",), self.cmd_x),
            (("who",), self.cmd_who),
            (("mem", "memory", "memories"), self.cmd_mem),
            (("set",), self.cmd_set),
            (("stack",), self.cmd_stack),
            (("locals",), self.cmd_locals),
            (("globals",), self.cmd_globals),
            (("bt", "backtrace", "where"), self.cmd_bt),
            (("info",), self.cmd_info),
            (("save",), self.cmd_save),
            (("help", "h", "?"), self.cmd_help),
        ]:
            for name in names:
                self.commands[name] = fn
        if getattr(session, "steps_by_line", False):  # C with -g: gdb's source-level commands (c_prompt.py)
            from playground.debug.c_prompt import install

            install(self)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    # --- the loop -------------------------------------------------------------------------
    def run(self, lines: Iterable[str], *, echo_prompt: bool = False) -> None:
        """Execute commands until `q` or the end of the input."""
        self.show(self.session.last)
        for raw in _prompted(lines, self.out if echo_prompt else None, interactive=echo_prompt):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line in ("q", "quit", "exit"):
                return
            self.execute(line)

    def execute(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        fn = self.commands.get(word)
        if fn is None:
            self.say(f"error: unknown command {word!r} (type help)")
            return
        try:
            with self._interrupt_pauses():
                fn(rest.split(), rest.strip())
        except PlaygroundError as exc:
            self.say(f"error: {exc}")
        except (ValueError, IndexError) as exc:
            self.say(f"error: bad arguments for {word}: {exc}")

    @contextmanager
    def _interrupt_pauses(self):
        """While a command runs, Ctrl+C pauses the session instead of raising KeyboardInterrupt."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        session = self.session

        def pause(signum, frame) -> None:
            session.pause()

        previous = signal.signal(signal.SIGINT, pause)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    # --- showing a stop -----------------------------------------------------------------------
    def show(self, snap) -> None:
        head = f"[step {snap.step:,}] {snap.state}"
        if snap.message:
            head += f": {snap.message}"
        self.say(head)
        loc = snap.location
        if loc is not None:
            self.say(f"  {self.where(loc)}  {self.source_line(loc)}    ; next: {loc.instr_text}")
        if snap.exception is not None and snap.exception.state == "throwing":  # 3.0: what the throw will do
            for line in snap.exception.describe().splitlines():
                self.say(f"  {line}")

    def where(self, loc) -> str:
        program = self.session.program
        name = "(disassembly)" if program.is_binary else (program.file or "(source)")
        if loc.span is not None:
            return f"{name}:{loc.span.line}"
        return f"{loc.func_name}+{loc.instr_index}"

    def source_line(self, loc) -> str:
        if loc.span is None:
            return loc.instr_text
        text = self.session.program.line_text(loc.span.line).strip()
        return text if text else loc.instr_text

    # --- motions ----------------------------------------------------------------------------------
    def motion(self, method: str, repeats: bool, args, rest) -> None:
        """Run the session's motion `method` (COUNT times, when it `repeats` and one is given) and show the stop."""
        count = int(args[0]) if repeats and args else 1
        for _ in range(max(count, 1)):
            snap = getattr(self.session, method)()
        self.show(snap)

    def cmd_goto(self, args, rest):
        self.show(self.session.goto_step(int(args[0], 0)))

    # --- breakpoints and watchpoints ----------------------------------------------------------------
    def cmd_break(self, args, rest):
        from playground.debug.breakpoints import at_instruction, at_line, on_entry

        if not args:
            raise ValueError("b LINE, b $func or b FUNC+INDEX")
        place, _, condition = rest.partition(" if ")
        place, condition = place.strip(), condition.strip() or None
        if place.isdigit():
            bp = at_line(int(place), condition)
        elif "+" in place:
            func, index = place.rsplit("+", 1)
            bp = at_instruction(int(func) if func.isdigit() else func, int(index), condition)
        else:
            bp = on_entry(place, condition)
        self.session.add_breakpoint(bp)
        loc = self.session.breakpoint_location(bp)
        self.say(f"breakpoint {bp.describe()} at {loc} ({self.where(loc)})")

    def cmd_delete(self, args, rest):
        if not args:
            self.session.clear_breakpoints()
            self.say("all breakpoints deleted")
            return
        for bp in list(self.session.breakpoints.items):
            if bp.id == int(args[0]):
                self.session.remove_breakpoint(bp)
                self.say(f"deleted breakpoint #{bp.id}")
                return
        self.say(f"error: no breakpoint #{args[0]}")

    def cmd_watch(self, args, rest):
        from playground.debug.watchpoints import watch_global, watch_memory

        if args and args[0].startswith("$"):
            wp = self.session.add_watchpoint(watch_global(args[0]))
        else:
            address = int(self.session.evaluate(args[0]))
            wp = self.session.add_watchpoint(watch_memory(address, int(args[1], 0) if len(args) > 1 else 4, self.memory_index))
        self.say(f"watchpoint {wp.describe()}")

    def cmd_info(self, args, rest):
        for bp in self.session.breakpoints.items:
            self.say(f"breakpoint {bp.describe()} hits={bp.hits}")
        for wp in self.session.watchpoints.items:
            self.say(f"watchpoint {wp.describe()} hits={wp.hits}")
        if not self.session.breakpoints.items and not self.session.watchpoints.items:
            self.say("no breakpoints or watchpoints")

    # --- inspection ---------------------------------------------------------------------------------------
    def cmd_print(self, args, rest):
        number = parse_label(rest)
        if number is not None:
            self.say(self.heap_object(number).describe())
            return
        value = self.session.evaluate(rest)
        link = self.session.describer.heap_names.link(value)  # a GC object: its number, as the heap lists it
        self.say(f"{rest} = {link[0] if link else value}")

    def heap(self):
        heap = self.session.last.heap
        if heap is None:
            raise PlaygroundError("the module has no GC types (struct or array): there is no heap to show")
        return heap

    def heap_object(self, number: int):
        found = self.heap().find(number)
        if found is None:
            raise PlaygroundError(f"#{number} is not among the objects reachable now (type heap to list them)")
        return found

    def cmd_heap(self, args, rest):
        heap = self.heap()
        self.say(f"heap: {heap.note}, reachable from the stacks, locals, globals and tables")
        for obj in heap.objects:
            self.say(f"  {obj.label} {obj.type_name} {obj.summary}  by {obj.allocated_by}")

    def cmd_x(self, args, rest):
        address = int(self.session.evaluate(args[0]))
        length = int(args[1], 0) if len(args) > 1 else 16
        memory = self.chosen_memory()
        memory.check_address(address, length)
        data = self.session.read_memory(address, length, memory.index)
        for row in range(0, len(data), 16):
            chunk = data[row : row + 16]
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            self.say(f"{memory.address_text(address + row)[2:]}: {chunk.hex(' '):<47}  {text}")

    def cmd_who(self, args, rest):
        address = int(self.session.evaluate(rest))
        if self.session.memory is None:
            raise PlaygroundError("the module has no memory")
        memory = self.chosen_memory()
        write = self.session.who_wrote(address, memory.index)
        address_text = memory.at(address) if len(self.session.instance.mems) > 1 else f"{address:#x}"  # 3.0: which memory
        if write is None:
            self.say(f"{address_text}: not written during the recorded history")
            return
        loc = write.location
        if write.how == "data":
            line = f" ({self.where(loc)})" if loc.span is not None else ""
            self.say(f"{address_text}: written by {write.describe()}{line}")
            return
        place = f"{loc} {loc.instr_text} ({self.where(loc)})" if loc is not None else "(no instruction)"
        self.say(f"{address_text}: written at step {write.step:,} by {place} [{write.how}]")

    def memories(self):
        return memory_infos(self.session.module, self.session.instance)

    def chosen_memory(self):
        """The memory `x`, `who` and `watch` use (`mem` chooses it)."""
        infos = self.memories()
        if not infos:
            raise PlaygroundError("the module has no memory")
        return infos[min(self.memory_index, len(infos) - 1)]

    def cmd_mem(self, args, rest):
        if rest:
            self.memory_index = find_memory(self.memories(), rest).index
        infos = self.memories()
        if not infos:
            self.say("(no memory)")
        for info in infos:
            self.say(f"{'*' if info.index == self.memory_index else ' '} {info.index}: {info.label}, {info.size:,} bytes")

    def cmd_stack(self, args, rest):
        snap = self.session.last
        if not snap.stack:
            self.say("(empty stack)")
        for depth, value in enumerate(reversed(snap.stack)):
            self.say(f"  [{depth}] {value.type} {value.text}")

    def cmd_locals(self, args, rest):
        frame = self.session.last.frames[-1] if self.session.last.frames else None
        if frame is None or not frame.locals:
            self.say("(no locals)" if frame else "(no frame: not inside a function)")
        for local in frame.locals if frame else ():
            self.say(f"  {local.name}: {local.value.type} = {local.value.text}")

    def cmd_globals(self, args, rest):
        if not self.session.last.globals:
            self.say("(no globals)")
        for g in self.session.last.globals:
            self.say(f"  {g.name}: {g.value.type} = {g.value.text}{'' if g.mutable else ' (immutable)'}")

    def cmd_bt(self, args, rest):
        frames = self.session.last.frames
        for depth, frame in enumerate(reversed(frames)):
            loc = frame.call_site or frame.location  # a caller is shown at its call, not its return point
            args_text = ", ".join(f"{lv.name}={lv.value.text}" for lv in frame.locals if lv.is_param)
            mark = tail_call_mark(frame.tail_calls)  # 3.0: this frame stands where others stood
            self.say(f"  #{depth} {loc.func_name}({args_text}) at {loc} {self.where(loc)}" + (f"  {mark}" if mark else ""))
        total = len(self.session.thread.frames)
        if frames and total > len(frames):  # a snapshot holds the innermost frames only (snapshots.MAX_FRAMES)
            outer = total - len(frames)
            self.say(f"  ... and {outer:,} outer frame{'s' if outer != 1 else ''} not shown "
                     f"(the innermost {len(frames):,} of {total:,})")

    # --- edits and files ---------------------------------------------------------------------------------------
    def cmd_set(self, args, rest):
        if len(args) < 2:
            raise ValueError("set $x VALUE, set stack N VALUE or set mem ADDR HEXBYTES")
        session = self.session
        if args[0] == "mem":
            snap = session.write_memory(int(session.evaluate(args[1])), bytes.fromhex("".join(args[2:])))
        elif args[0] == "stack":
            snap = session.set_stack(int(args[1]), " ".join(args[2:]))
        else:
            name, value = args[0], " ".join(args[1:])  # a v128 value has words: i32x4 1 2 3 4
            try:
                session.context.local_index(name)
                snap = session.set_local(name, value)
            except KeyError:
                snap = session.set_global(name, value)
        self.show(snap)

    def cmd_save(self, args, rest):
        from playground.debug.replay import save_session

        save_session(self.session, rest)
        self.say(f"session saved to {rest}")

    def cmd_help(self, args, rest):
        self.out.write(HELP)


def _prompted(lines: Iterable[str], out: TextIO | None, *, interactive: bool = False):
    """The lines, with a prompt written before each is read (interactive use only).

    At an interactive prompt Ctrl+C says how to leave instead of ending the session.
    """
    it = iter(lines)
    while True:
        if out is not None:
            out.write("(wdb) ")
            out.flush()
        try:
            yield next(it)
        except StopIteration:
            return
        except KeyboardInterrupt:
            if not interactive:
                raise
            if out is not None:
                out.write("\n(the program is paused: q quits)\n")
