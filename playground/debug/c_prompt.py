"""The `debug` prompt for programs with source lines (C compiled with -g): gdb's commands and its way of showing stops.

When the session's source map steps by line (sourcemaps/dwarf.py), `install(prompt)`
replaces the prompt's stepping, breakpoint, stack and print commands with
these; the Wasm ones stay reachable (`si`, `ni`, `stack`, `locals`, `x`, `p $local`):

    s, n, finish         by C line, into / over calls; finish prints the value returned
    si, ni               one instruction (into / over calls)
    rs, rn               back to the start of the previous line (into / over calls)
    rsi, rni, back       back one instruction; rc: back to the previous breakpoint hit
    b FILE.c:LINE [if C] b LINE, b FUNCTION (after its prologue), b FUNC+INDEX (a Wasm instruction); start
    bt, up, down, frame  C frames: `#1  sum_squares (n=4) at loop.c:12`
    p EXPR               `p total`, `p pt`, `p arr[1]`, `p *ptr`, `p &pt` (gdb's formats)
    info locals|args     the frame's variables; list: the source around the line
    whatis EXPR          its C type; watch VAR: stop when the variable's bytes change

A stop prints as gdb prints it: the frame (when it changed) and the line,

    [step 120] paused: breakpoint #1 at loop.c:6
    square (v=1) at loop.c:6
    6	    return v * v;

with the next Wasm instruction after the line for instruction steps.
"""

from __future__ import annotations

import re
from functools import partial

from playground.debug.dwarf.cexpr import CExprError
from playground.debug.dwarf.cview import CCondition, CView
from playground.debug.dwarf.values import CValueError
from playground.errors import PlaygroundError

C_HELP = """\
commands (C source lines, gdb's conventions):
  s, step [N]          next C line, into calls       n, next [N]   next C line, over calls
  si, stepi [N]        one Wasm instruction          ni, nexti [N] one instruction, over calls
  finish               run until the function returns (prints the value returned)
  c, continue          run to the next breakpoint, watchpoint, trap or the end
  rs, reverse-step     back to the previous line (into calls)   rn, reverse-next  (over calls)
  rsi, back            back one instruction          rni           back one instruction, over calls
  rc, reverse-continue back to the previous breakpoint hit      goto N   go to step N
  b FILE.c:LINE [if COND]   break on a C line (b LINE: this file; b FUNCTION: its first line)
  start                run to the first line of main
  delete [N]           delete breakpoint N (all without N)
  bt                   the C call stack             up, down, frame N   choose the frame for p and info
  p EXPR               a C value: p total, p pt, p pt.x, p arr[1], p *ptr, p &pt (p $x: a Wasm value)
  info locals, info args, info breakpoints          list [LINE]   the source around a line
  whatis EXPR          the C type of EXPR           watch VAR      stop when a variable changes
  x ADDR|&VAR [LEN]    dump memory                  who ADDR       which step last wrote a byte
  stack, locals, globals    the Wasm operand stack, locals and globals underneath
  save FILE            export the session for replay              q, quit   leave
"""

LIST_LINES = 10


# gdb's stepping commands: (names, the session's method, whether the stop shows the instruction too).
C_MOTIONS = (
    (("s", "step"), "step_line", False),
    (("n", "next"), "next_line", False),
    (("si", "stepi"), "step_into", True),
    (("ni", "nexti"), "step_over", True),
    (("rs", "reverse-step"), "step_back_line", False),
    (("rn", "reverse-next", "back-next"), "back_next_line", False),
    (("rsi", "reverse-stepi", "back"), "step_back", True),
    (("rni", "reverse-nexti"), "step_back_over", True),
)


class CCommands:
    """The source-level commands over a prompt (cli_prompt.Prompt) and its session."""

    def __init__(self, prompt) -> None:
        self.prompt = prompt
        self.session = prompt.session
        self.smap = self.session.source_map
        self.view = CView(self.session)
        self.level = 0  # the frame `p`, `info locals` and `list` look at (0: innermost)
        self.shown = None  # (depth, funcidx) of the last stop shown: its frame line is printed again on change
        self.list_at: tuple[str, int] | None = None

    def install(self) -> None:
        commands = self.prompt.commands
        for names, method, instruction in C_MOTIONS:
            for name in names:
                commands[name] = partial(self._repeat, method, instruction)
        for names, fn in [
            (("finish", "fin"), self.cmd_finish),
            (("b", "break"), self.cmd_break),
            (("start",), self.cmd_start),
            (("bt", "backtrace", "where"), self.cmd_bt),
            (("up",), self.cmd_up),
            (("down",), self.cmd_down),
            (("frame", "f"), self.cmd_frame),
            (("p", "print"), self.cmd_print),
            (("info", "i"), self.cmd_info),
            (("list", "l"), self.cmd_list),
            (("whatis", "ptype"), self.cmd_whatis),
            (("watch",), self.cmd_watch),
            (("x",), self.cmd_x),
            (("help", "h", "?"), self.cmd_help),
        ]:
            for name in names:
                commands[name] = fn
        self._wasm_print = self.prompt.cmd_print
        self._wasm_info = self.prompt.cmd_info
        self._wasm_break = self.prompt.cmd_break
        self._wasm_watch = self.prompt.cmd_watch
        self._wasm_x = self.prompt.cmd_x
        # every command that shows a stop (c, goto, rc, set, ...) shows it the C way, and places name C lines
        self.prompt.show = self.show
        self.prompt.where = self.where

    def say(self, text: str = "") -> None:
        self.prompt.say(text)

    # --- showing a stop -------------------------------------------------------------------------------
    def where(self, loc) -> str:
        if loc is not None and loc.span is not None and loc.file is not None and self.smap.has_file(loc.file):
            return f"{loc.file}:{loc.span.line}"
        return f"${loc.func_name}+{loc.instr_index}" if loc is not None else "(nowhere)"

    def show(self, snap, *, instruction: bool = False) -> None:
        self.level = 0
        message = snap.message
        loc = snap.location
        if message.startswith("breakpoint at ") and loc is not None:
            hit = self._breakpoint_here(loc)
            message = re.sub(r"^breakpoint at \S+", f"breakpoint {hit}at {self.where(loc)}", message)
        self.say(f"[step {snap.step:,}] {snap.state}" + (f": {message}" if message else ""))
        if loc is None:
            self.shown = None
            return
        frames = self.view.frames()
        here = (len(frames), frames[0].funcidx) if frames else None
        entered = here != self.shown or snap.reason in ("start", "breakpoint")
        if entered or not loc.span:
            self.say(self.view.describe(frames[0]) if frames else loc.func_name)
        self.shown = here
        next_instr = f"    ; next: {loc.instr_text} (${loc.func_name}+{loc.instr_index})"
        if loc.span is None or loc.file is None or not self.smap.has_file(loc.file):
            self.say(f"  {next_instr.strip()}")
            if entered:  # (once per function reached, not at each instruction stepped inside it)
                self._say_where_source_is(frames)
            return
        text = self.smap.line_text(loc.span.line, loc.file).rstrip()
        self.say(f"{loc.span.line}\t{text}" + (next_instr if instruction else ""))
        self.list_at = (loc.file, loc.span.line)

    def _say_where_source_is(self, frames) -> None:
        """Stopped in a function without debug information (libc's): name the first caller with a C line, as
        the window shows it; the prompt stays on frame 0, as gdb does, so `up` is one command away."""
        caller = next((f for f in frames[1:] if f.line is not None), None)
        if frames and frames[0].function is None and caller is not None:
            up = "up" if caller.level == 1 else f"up {caller.level}"
            self.say(f"  (no debug information here: `{up}` shows {caller.name} at {caller.file}:{caller.line})")

    def _breakpoint_here(self, loc) -> str:
        found = [bp for bp in self.session.breakpoints.at(loc.func_index, loc.instr_index)]
        return f"#{found[0].id} " if found else ""

    # --- motions ------------------------------------------------------------------------------------------
    def _repeat(self, method: str, instruction: bool, args, rest) -> None:
        """The session's motion `method`, COUNT times (`step 3`) unless something other than a step stops it first."""
        count = int(args[0]) if args else 1
        snap = self.session.last
        for _ in range(max(count, 1)):
            snap = getattr(self.session, method)()
            if snap.state != "paused" or snap.reason not in ("step", ""):
                break
        self.show(snap, instruction=instruction)

    def cmd_finish(self, args, rest):
        frames = self.view.frames()
        if not frames:
            raise PlaygroundError('"finish" not meaningful: the program is not running')
        if len(frames) == 1:
            raise PlaygroundError('"finish" not meaningful in the outermost frame')
        inner = frames[0]
        self.say(f"Run till exit from #0  {self.view.describe(inner)}")
        depth = len(frames)
        snap = self.session.step_out()
        self.show(snap)
        function = inner.function
        thread = self.session.thread
        if function is None or function.return_type.kind == "void" or len(thread.frames) != depth - 1:
            return
        stack = thread.frames[-1].stack
        if stack:
            self.say(f"Value returned is {self.view.format(self.view.raw_value(function.return_type, stack[-1]))}")

    # --- breakpoints ----------------------------------------------------------------------------------------
    def cmd_start(self, args, rest):
        """gdb's `start`: run to the first line of main."""
        from playground.debug.breakpoints import at_instruction

        function = self.view.info.by_name.get("main")
        if function is None:
            raise PlaygroundError("this program has no main with debug information")
        self.show(self.session.run_to(at_instruction(function.funcidx, self.smap.function_start(function.funcidx))))

    def cmd_break(self, args, rest):
        from playground.debug.breakpoints import at_instruction, at_line

        if not args:
            raise ValueError("b FILE.c:LINE, b LINE or b FUNCTION")
        place, _, condition = rest.partition(" if ")
        place, condition = place.strip(), condition.strip() or None
        if "+" in place or place.startswith("$"):  # a Wasm place: $func, FUNC+INDEX
            return self._wasm_break(args, rest)
        file, line = self._file_and_line(place)
        if line is not None:
            bp = at_line(line, file=file)
        else:
            function = self.view.info.by_name.get(place)
            if function is None:
                return self._wasm_break(args, rest)  # an export or a name-section name
            bp = at_instruction(function.funcidx, self.smap.function_start(function.funcidx))
        if condition is not None:
            bp.condition = CCondition(condition, self.view)
        self.session.add_breakpoint(bp)
        loc = self.session.breakpoint_location(bp)
        extra = f" if {condition}" if condition else ""
        found = self.session.breakpoints.line_of(bp)
        if found is not None and found.moved:  # as gdb, it went to the next line with code: say so
            extra += f" (moved from line {found.requested}: it {found.why})"
        self.say(f"breakpoint #{bp.id} at {self.where(loc)} in {self._c_name(loc)}{extra}")

    def _file_and_line(self, place: str) -> tuple[str | None, int | None]:
        """`loop.c:12` -> (the map's file, 12); `12` -> (the current or main file, 12); a name -> (None, None)."""
        if ":" in place:
            name, _, number = place.rpartition(":")
            file = self.smap.find_file(name)
            if file is None:
                raise PlaygroundError(f'no source file named {name} (this program has {", ".join(self.smap.files)})')
            return file, int(number)
        if place.isdigit():
            return self._current_file(), int(place)
        return None, None

    def _current_file(self) -> str:
        loc = self.session.last.location
        if loc is not None and loc.file is not None and self.smap.has_file(loc.file):
            return loc.file
        return self.smap.main_file

    def _c_name(self, loc) -> str:
        return self.smap.function_name(loc.func_index) or loc.func_name

    def cmd_watch(self, args, rest):
        from playground.debug.watchpoints import watch_memory

        if not args or args[0].startswith("$") or args[0][0].isdigit():
            return self._wasm_watch(args, rest)
        value = self.view.evaluate(rest, self.level)
        if value.address is None:
            raise PlaygroundError(f"{rest} is not in memory: it cannot be watched")
        wp = self.session.add_watchpoint(watch_memory(value.address, max(value.type.byte_size, 1)))
        self.say(f"watchpoint {wp.describe()} ({rest})")

    # --- the stack ------------------------------------------------------------------------------------------------
    def cmd_bt(self, args, rest):
        frames = self.view.frames()
        if not frames:
            self.say("(no frames: the program is not running)")
        for frame in frames:
            mark = "*" if frame.level == self.level and self.level else " "
            self.say(f"{mark}#{frame.level}  {self.view.describe(frame)}")

    def cmd_up(self, args, rest):
        self._select(self.level + (int(args[0]) if args else 1))

    def cmd_down(self, args, rest):
        self._select(self.level - (int(args[0]) if args else 1))

    def cmd_frame(self, args, rest):
        self._select(int(args[0]) if args else self.level)

    def _select(self, level: int) -> None:
        frame = self.view.frame(level)
        self.level = level
        self.say(f"#{frame.level}  {self.view.describe(frame)}")
        if frame.file is not None and frame.line is not None:
            self.say(f"{frame.line}\t{self.smap.line_text(frame.line, frame.file).rstrip()}")
            self.list_at = (frame.file, frame.line)

    # --- values ---------------------------------------------------------------------------------------------------
    def cmd_print(self, args, rest):
        if not rest:
            raise ValueError("p EXPR")
        if rest.startswith("$") or re.match(r"^(top|global\[)", rest):
            return self._wasm_print(args, rest)
        try:
            self.say(self.view.print(rest, self.level))
        except CExprError as exc:
            try:  # not C: a Wasm expression, maybe (`p top + 1`)
                self._wasm_print(args, rest)
            except PlaygroundError:
                raise exc from None

    def cmd_whatis(self, args, rest):
        self.say(f"type = {self.view.type_of(rest, self.level)}")

    def cmd_info(self, args, rest):
        what = args[0] if args else ""
        if what in ("locals", "args"):
            if self.view.frame(self.level).function is None:
                self.say("No symbol table info available.")  # (gdb's words for a frame without debug information)
                return
            found = [(v, value) for v, value in self.view.variables(self.level) if v.is_param == (what == "args")]
            if not found:
                self.say("No locals." if what == "locals" else "No arguments.")
            for variable, value in found:
                self.say(f"{variable.name} = {self.view.format(value)}")
            return
        if what in ("frame", "line"):
            frame = self.view.frame(self.level)
            self.say(f"#{frame.level}  {self.view.describe(frame)}  (Wasm ${frame.machine.func.name}+{frame.index})")
            return
        if what == "source":
            for file in self.smap.files:
                path = self.smap.source_paths.get(file)
                self.say(f"{file}: {path if path else 'source not found (debug --source-dir DIR)'}")
            return
        if what in ("", "breakpoints", "break", "b"):
            for bp in self.session.breakpoints.items:
                places = ", ".join(f"{self.where(loc)} in {self._c_name(loc)}"
                                   for loc in self.session.breakpoint_locations(bp))
                condition = f" if {bp.condition.text}" if bp.condition is not None else ""
                self.say(f"breakpoint #{bp.id} at {places}{condition} hits={bp.hits}")
            for wp in self.session.watchpoints.items:
                self.say(f"watchpoint {wp.describe()} hits={wp.hits}")
            if not self.session.breakpoints.items and not self.session.watchpoints.items:
                self.say("no breakpoints or watchpoints")
            return
        self._wasm_info(args, rest)

    def cmd_list(self, args, rest):
        file, line = self.list_at or (self.smap.main_file, 1)
        if args:
            f, number = self._file_and_line(rest.strip())
            if number is None:
                function = self.view.info.by_name.get(rest.strip())
                if function is None:
                    raise PlaygroundError(f'function "{rest.strip()}" not defined')
                place = self.smap.place(function.funcidx, self.smap.function_start(function.funcidx))
                f, number = (place.file, place.span.line) if place else (None, None)
            file, line = f or file, number or line
        text = self.smap.text(file)
        if text is None:
            raise PlaygroundError(f"the source of {file} was not found (debug --source-dir DIR)")
        lines = text.splitlines()
        first = max(1, line - LIST_LINES // 2)
        for number in range(first, min(len(lines), first + LIST_LINES - 1) + 1):
            self.say(f"{number}\t{lines[number - 1]}")
        self.list_at = (file, min(len(lines), first + LIST_LINES - 1) + LIST_LINES // 2 + 1)

    def cmd_x(self, args, rest):
        if not args:
            raise ValueError("x ADDR [LEN]")
        try:
            value = self.view.evaluate(args[0], self.level)
        except (CExprError, CValueError):
            return self._wasm_x(args, rest)
        kind = value.type.strip().kind
        address = value.as_int() & 0xFFFFFFFF if kind != "array" else value.address
        if address is None:
            raise PlaygroundError(f"{args[0]} has no address")
        length = args[1] if len(args) > 1 else str(max(value.type.strip().target.byte_size if kind == "pointer" and
                                                        value.type.strip().target is not None else 16, 1))
        self._wasm_x([str(address), length], f"{address} {length}")

    def cmd_help(self, args, rest):
        self.prompt.out.write(C_HELP)


def install(prompt) -> CCommands:
    """Give `prompt` the source-level commands (its session's source map steps by line)."""
    commands = CCommands(prompt)
    commands.install()
    return commands
