"""Options after the function's arguments: `run f.wat --invoke add 1 -2 --stats`.

`run` and `debug` take the function's arguments with `argparse.REMAINDER`, so
that `-2` is an argument and not an option; options written after them stay in
that list. `reparse_trailing_options` takes out every item that names one of the
command's own options (with its value) and lets argparse read them, so types,
choices and repeatable options behave exactly as when they come first. `--`
ends the options: everything after it is an argument.
"""

from __future__ import annotations

import argparse


def reparse_trailing_options(parser: argparse.ArgumentParser, args: argparse.Namespace, field: str = "args") -> None:
    """Move options found in `args.<field>` back through `parser`'s option actions."""
    actions = {name: action for action in parser._actions for name in action.option_strings}
    options, rest, items = [], [], list(getattr(args, field))
    while items:
        item = items.pop(0)
        if item == "--":
            rest.extend(items)
            break
        action = actions.get(item.split("=", 1)[0])
        if action is None or isinstance(action, argparse._HelpAction):
            rest.append(item)
            continue
        options.append(item)
        if "=" not in item and action.nargs != 0 and items:
            options.append(items.pop(0))
    if options:
        usage = parser.format_usage().removeprefix("usage: ").strip()
        reader = argparse.ArgumentParser(prog=parser.prog, usage=usage, add_help=False)
        for action in parser._actions:
            if action.option_strings and not isinstance(action, argparse._HelpAction):
                reader._add_action(action)
        reader.parse_args(options, namespace=args)
    setattr(args, field, rest)
