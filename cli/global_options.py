"""`--as` and `--token` anywhere on the command line: `contact101 show REF --as pc.smith:contact_officer`
means the same as `contact101 --as pc.smith:contact_officer show REF`."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup

GLOBAL_OPTIONS = ("--as", "--token")


def hoisted(arguments: list[str]) -> list[str]:
    """The arguments with every global option (and its value) moved to the front."""
    front, rest = split_off_global_options(arguments)
    return front + rest


def subcommand_named(arguments: list[str]) -> str | None:
    """The subcommand the arguments name: the first one that is no option, global options aside."""
    _front, rest = split_off_global_options(arguments)
    return rest[0] if rest and not rest[0].startswith("-") else None


def split_off_global_options(arguments: list[str]) -> tuple[list[str], list[str]]:
    """The global options with their values, and the other arguments, each in their order."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        if argument == "--":
            rest.extend(arguments[position:])
            break
        name = argument.partition("=")[0]
        if name in GLOBAL_OPTIONS and "=" in argument:
            front.append(argument)
        elif argument in GLOBAL_OPTIONS and position + 1 < len(arguments):
            front.extend(arguments[position : position + 2])
            position += 1
        else:
            rest.append(argument)
        position += 1
    return front, rest


class GlobalOptionsAnywhere(TyperGroup):
    """The CLI's top-level group: global options are taken before or after the subcommand."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own (vendored) click Context
        return super().parse_args(ctx, hoisted(args))
