"""`contact101 desk-user`: the desk's local accounts (add or change, remove, list)."""

from typing import Annotated

import typer

from contact101.rpc.roles import PERSON_ROLES
from contact101.runtime.config import get_settings

desk_users = typer.Typer(help="The officer's desk's local accounts (password sign-in).", no_args_is_help=True)


@desk_users.command("add")
def add(
    user: Annotated[str, typer.Argument(help="the person's user id, e.g. pc.smith")],
    role: Annotated[str, typer.Option(help=", ".join(PERSON_ROLES))],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="CONTACT101_DESK_PASSWORD",
            help="asked for when not given (or CONTACT101_DESK_PASSWORD)",
        ),
    ],
) -> None:
    """Add a local account, or give an existing one a new role and password."""
    from contact101.rpc.local_accounts import accounts_file, save_account  # password hashing: this command's

    path = accounts_file(get_settings())
    try:
        account = save_account(path, user, role, password)
    except ValueError as problem:
        raise typer.BadParameter(str(problem)) from None
    typer.echo(f"{account.user_id} can sign in to the desk as {account.role} ({path})")


@desk_users.command("remove")
def remove(user: Annotated[str, typer.Argument(help="the person's user id")]) -> None:
    """Remove a local account: its next sign-in is refused."""
    from contact101.rpc.local_accounts import accounts_file, remove_account

    path = accounts_file(get_settings())
    if not remove_account(path, user):
        raise typer.BadParameter(f"no local account {user} in {path}")
    typer.echo(f"{user} removed")


@desk_users.command("list")
def show() -> None:
    """The local accounts and their roles (never their passwords)."""
    from contact101.rpc.local_accounts import accounts_file, list_accounts

    for account in list_accounts(accounts_file(get_settings())):
        typer.echo(f"{account.user_id}\t{account.role}")
