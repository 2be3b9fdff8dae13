"""The `contact101` command's entry point, which keeps a command's start-up short.

- Pydantic searches every installed package's entry points for plugins the first time it builds
  a model (the configuration's): a read of each package's metadata. Contact101 uses no pydantic
  plugin, so the search is off (PYDANTIC_DISABLE_PLUGINS, pydantic's own switch).
- The cycle collector waits until the command's modules are loaded and then leaves their
  objects out (gc.freeze): otherwise it walks the objects of the imports again and again while
  they load, and once more as the process exits.
- Typer builds every command of the group, each one's options from its signature, to run one:
  only the command named is built. For --help, or a name that is no command, all are (Typer
  lists them, or suggests the nearest).
"""

import gc
import os
import sys

import typer
from typer.main import get_command_name
from typer.models import CommandInfo


def run() -> None:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    from cli.global_options import subcommand_named
    from cli.main import app

    gc.freeze()
    gc.enable()
    build_only(app, subcommand_named(sys.argv[1:]))
    app()


def build_only(app: typer.Typer, name: str | None) -> None:
    """Keep only the command or command group called name in app, if it has one of that name."""
    commands = [info for info in app.registered_commands if command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def command_name(info: CommandInfo) -> str:
    """The name Typer gives the command: its own, or its function's."""
    return info.name or get_command_name(info.callback.__name__ if info.callback else "")
