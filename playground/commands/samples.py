"""`wasm-playground samples [copy DIR [--force]]`: list the shipped samples, or copy them somewhere to edit.

An installed package keeps its samples inside site-packages (or inside the
standalone application), where they should not be edited; `copy` puts a
copy of all of them, folders, data and built `.wasm` files included, where
the user wants it.
"""

from __future__ import annotations

import argparse

NAME = "samples"
HELP = "list the shipped samples (lessons, WAT, WGSL, C) with their descriptions, or copy them into a folder"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="samples_action", metavar="ACTION", title="actions")
    copy = sub.add_parser("copy", help="copy every sample into DIR (made if missing), for you to edit",
                          description="Copy every sample into DIR (made if missing), for you to edit.")
    copy.add_argument("dir", metavar="DIR", help="the folder to copy the samples into")
    copy.add_argument("--force", action="store_true", help="overwrite samples already in DIR")


def main(args: argparse.Namespace) -> int:
    from playground.resources import resource_dir
    from playground.workbench.samples import copy_samples, sample_catalogue

    if args.samples_action == "copy":
        written = copy_samples(args.dir, force=args.force)
        for relative in written:
            print(relative)
        print(f"copied {len(written)} files into {args.dir}")
        return 0
    root = resource_dir("samples")
    print(f"samples in {root} (copy them to edit: wasm-playground samples copy DIR)")
    for group in sample_catalogue():
        print(f"\n{group.title}:")
        width = max(len(str(e.path.relative_to(root))) for e in group.entries)
        for entry in group.entries:
            print(f"  {str(entry.path.relative_to(root)):<{width}}  {entry.description}")
    return 0
