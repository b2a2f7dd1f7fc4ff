"""The ``liaison`` command: assembles every capability's commands.

Commands that need the database bring its schema to the current version first, so a fresh install
needs no separate set-up step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer import rich_utils
from typer._click.core import Command as ClickCommand  # Typer's own copy of Click, which it builds on
from typer.core import TyperGroup

from liaison import __version__
from liaison.core import i18n
from liaison.core.i18n import N_, _, ngettext
from liaison.core.vocab import ROLES

#: Typer's own words in the help (it has no catalogue of ours): marked here so that they are in
#: ``liaison.pot``, put in place by :class:`LocalisedGroup` while a command runs.
TOOL_TEXTS = {
    "Show this message and exit.": N_("Show this message and exit."),
    "Options": N_("Options"),
    "Commands": N_("Commands"),
    "Arguments": N_("Arguments"),
    "Error": N_("Error"),
    "[required]": N_("[required]"),
    "[default: {}]": N_("[default: {}]"),
}
_RICH_CONSTANTS = {
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "ERRORS_PANEL_TITLE": "Error",
    "REQUIRED_LONG_STRING": "[required]",
    "DEFAULT_STRING": "[default: {}]",
}


def _tool_gettext(message: str) -> str:
    label = TOOL_TEXTS.get(message)
    return str(label) if label is not None else message


def _translate_commands(command: ClickCommand) -> None:
    """Put every help text of ``command`` and its subcommands in the current language, in place.

    Typer builds the Click command tree from the plain English strings of the sources each time the app
    is called; they are the ``msgid`` of ``liaison.pot`` (extracted by ``core/i18n_extract.py``), so
    translating them here, once the locale is known, is all the help needs.
    """
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text:
            setattr(command, attr, _(text))
    help_option = command.get_help_option(typer.Context(command))  # made once and kept by the command
    for param in [*command.params, *([help_option] if help_option else [])]:
        text = getattr(param, "help", None)
        if isinstance(text, str) and text:
            param.help = _tool_gettext(text) if text in TOOL_TEXTS else _(text)  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _translate_commands(sub)


class LocalisedGroup(TyperGroup):
    """The root command: runs in the language of ``LIAISON_LANG``/``LANG``, its help included.

    The locale is set before the arguments are parsed (``--help`` is answered while parsing); Typer's own
    words are swapped for ours for the duration of the call and put back after it, so a test that invokes
    the app in-process leaves nothing behind.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        token = i18n.begin(i18n.from_environment())
        saved_rich = {name: getattr(rich_utils, name) for name in _RICH_CONSTANTS}
        try:
            for name, message in _RICH_CONSTANTS.items():
                setattr(rich_utils, name, _tool_gettext(message))
            _translate_commands(self)
            return super().main(*args, **kwargs)
        finally:
            for name, value in saved_rich.items():
                setattr(rich_utils, name, value)
            i18n.end(token)


app = typer.Typer(
    cls=LocalisedGroup,
    help="Liaison: cross-border law-enforcement cooperation for South-East Europe.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail (LED Art. 25).", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(agencies_app, name="agencies")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")

console = Console(stderr=True)
out = Console()


def ensure_schema() -> None:
    """Create or upgrade the schema, then make sure the reference rows every installation needs exist."""
    from liaison.core.migrate import ensure_schema as ensure

    ensure()


def fail(message: str, code: int = 2) -> None:
    console.print(f"[red]{_('Error:')}[/red] {message}")
    raise typer.Exit(code)


@app.callback(invoke_without_command=True)
def _version(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    # Messages in the language of LIAISON_LANG, else the POSIX locale (LC_ALL, LC_MESSAGES, LANG); English
    # when none of those names one of ours. Ended when the command ends, so nothing leaks into a caller.
    token = i18n.begin(i18n.from_environment())
    ctx.call_on_close(lambda: i18n.end(token))
    if version:
        out.print(__version__)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM): serve HTTPS.")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
    workers: Annotated[
        int, typer.Option(help="Worker processes (one per core; any may answer any request, see README).")
    ] = 1,
    proxy: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-* from a local reverse proxy that terminates TLS.")
    ] = False,
) -> None:
    """Serve the web UI and the API (refuses to start with the development or a short secret key)."""
    from liaison.core.config import WeakSecretKey, require_strong_secret

    try:
        require_strong_secret()
    except WeakSecretKey as exc:
        # Not wrapped, so the example command can be copied as printed.
        refusal = _("Refusing to serve: %(reason)s") % {"reason": exc}
        console.print(f"[red]{_('Error:')}[/red] {refusal}", soft_wrap=True, markup=True)
        raise typer.Exit(2) from None
    _serve(host, port, certfile, keyfile, workers, proxy, factory="liaison.web.app:create_app")


def _serve(
    host: str,
    port: int,
    certfile: Path | None,
    keyfile: Path | None,
    workers: int,
    proxy: bool,
    *,
    factory: str,
) -> None:
    import uvicorn

    if (certfile is None) != (keyfile is None):
        fail(_("Give both --certfile and --keyfile to serve HTTPS."))
    ensure_schema()
    if proxy:  # read by the app in each worker process (the allowed origin follows X-Forwarded-Host)
        os.environ["LIAISON_TRUST_PROXY"] = "1"
    scheme = "https" if certfile else "http"
    console.print(f"Liaison {__version__} on {scheme}://{host}:{port}  (API docs: /api/docs)")
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        proxy_headers=proxy,
        forwarded_allow_ips="127.0.0.1" if proxy else None,
        log_level="info",
        # A worker starting on a busy host (imports, its audit sequencer's start-up run) may need more
        # than uvicorn's default 5 s to answer the supervisor; killed for it, it would restart forever.
        timeout_worker_healthcheck=60,
    )


@app.command()
def demo(
    seed_only: Annotated[bool, typer.Option("--seed-only", help="Seed the demo data and exit.")] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Seed a realistic Western Balkan demo (agencies, officers, cases) and serve it."""
    from liaison.core.config import get_settings
    from liaison.core.db import session_scope
    from liaison.demo import seed

    if get_settings().secret_key_is_weak:
        warning = _(
            "running with the development secret key (LIAISON_SECRET_KEY unset or short). Fine for a demo on "
            "your own machine; 'liaison serve' refuses to start with it."
        )
        console.print(f"[yellow]{_('Demo mode:')}[/yellow] {warning}")
    ensure_schema()
    with session_scope() as session:
        logins = seed(session)
    table = Table(title=_("Demo logins (password for all: %(password)s)") % {"password": logins.password})
    for col in (_("user"), _("agency"), _("role"), _("what to try")):
        table.add_column(col)
    for row in logins.rows:
        table.add_row(*row)
    out.print(table)
    if logins.desk_tries:
        tries = Table(title="Try at the frontline desk (sign in as ba.pcc)")
        for col in ("field", "type or paste", "verdict"):
            tries.add_column(col)
        for what, value, verdict in logins.desk_tries:
            tries.add_row(what, value, verdict)
        out.print(tries)
    if logins.admin_totp_secret:
        admin = _("Administrator second factor: TOTP secret %(secret)s (current code: liaison users totp admin)")
        out.print(admin % {"secret": logins.admin_totp_secret})
    if not seed_only:
        _serve(host, port, None, None, 1, False, factory="liaison.web.app:create_demo_app")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it to the newest version."""
    ensure_schema()
    out.print(_("Database schema is up to date."))


@agencies_app.command("add")
def agencies_add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. MK-SPOC.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 (XK for Kosovo).")],
    kind: Annotated[str, typer.Option(help="police, border_police, customs, prosecution, environment, fiu, …")],
    spoc: Annotated[bool, typer.Option("--spoc", help="The country's Single Point of Contact.")] = False,
    channel: Annotated[list[str] | None, typer.Option(help="siena, i24_7, sirene, liaison_officer, pcc.")] = None,
    retention_days: Annotated[int, typer.Option(help="Days before a case is due for review.")] = 1095,
) -> None:
    """Add an agency (the first step on a new installation, before `users add`)."""
    from liaison.agencies.service import create_agency
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    try:
        with session_scope() as session:
            create_agency(
                session,
                AuditContext.system("cli"),
                code=code,
                name=name,
                country_code=country,
                kind=kind,
                is_spoc=spoc,
                channels=channel or [],
                retention_days=retention_days,
            )
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    out.print(_("Agency %(code)s added.") % {"code": code.upper()})


@users_app.command("add")
def users_add(
    username: str,
    agency: Annotated[str, typer.Option(help="Agency code, e.g. MK-SPOC.")],
    role: Annotated[str, typer.Option(help="Primary role: " + ", ".join(ROLES) + ".")] = "officer",
    extra_role: Annotated[
        list[str] | None,
        typer.Option("--extra-role", help="An additional role (repeatable), e.g. --extra-role frontline."),
    ] = None,
    full_name: Annotated[str, typer.Option(help="Full name.")] = "",
    password: Annotated[str | None, typer.Option(help="Password; asked for if not given.")] = None,
) -> None:
    """Create a user. Administrators get a TOTP secret (second factor is mandatory for them).

    Frontline checks need the frontline role, which an administrator does not hold implicitly.
    """
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = create_user(
                session,
                username=username,
                full_name=full_name or username,
                agency_code=agency,
                role=role,
                password=password,
                extra_roles=extra_role or (),
            )
            secret = user.totp_secret
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    out.print(_("User %(name)s created.") % {"name": username})
    if secret:
        out.print(_("TOTP secret (add it to an authenticator app): %(secret)s") % {"secret": secret})


def _cli_user(session: object, username: str) -> object:
    from liaison.accounts.service import user_by_name

    user = user_by_name(session, username)  # type: ignore[arg-type]
    if user is None:
        fail(_("No user %(name)s.") % {"name": username})
    return user


@users_app.command("token")
def users_token(
    username: str,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "api",
    expires_days: Annotated[
        int | None, typer.Option(help="Days until the token stops working (default LIAISON_API_TOKEN_DAYS).")
    ] = None,
) -> None:
    """Issue an API token for a machine client acting as USERNAME (printed once; only a digest is kept)."""
    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    try:
        with session_scope() as session:
            user = _cli_user(session, username)
            assert isinstance(user, User)
            token = issue_api_token(session, user, name, expires_days=expires_days)
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    out.print(token)


@users_app.command("tokens")
def users_tokens(username: str) -> None:
    """List USERNAME's API tokens: id, name, created, expires, last used, state."""
    from liaison.accounts.models import User
    from liaison.accounts.service import api_tokens_of, token_state
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        user = _cli_user(session, username)
        assert isinstance(user, User)
        table = Table(title=f"API tokens of {user.username}")
        for col in ("id", "name", "created (UTC)", "expires (UTC)", "last used (UTC)", "state"):
            table.add_column(col)
        for row in api_tokens_of(session, user.id):
            table.add_row(
                str(row.id),
                row.name,
                row.created_at.strftime("%Y-%m-%d %H:%M"),
                row.expires_at.strftime("%Y-%m-%d %H:%M") if row.expires_at else "never",
                row.last_used_at.strftime("%Y-%m-%d %H:%M") if row.last_used_at else "never",
                token_state(row),
            )
    out.print(table)


@users_app.command("revoke-token")
def users_revoke_token(token_id: int) -> None:
    """Revoke an API token by its id (see `liaison users tokens NAME`)."""
    from liaison.accounts.service import revoke_api_token
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    try:
        with session_scope() as session:
            revoke_api_token(session, token_id, AuditContext.system("cli"))
    except LiaisonError as exc:
        fail(exc.message)
    out.print(_("Token %(id)s revoked.") % {"id": token_id})


def _admin_change(username: str, change: str, role: str = "") -> str:
    """Run one audited administrator change on USERNAME from the command line."""
    from liaison.accounts import service
    from liaison.accounts.models import User
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    ctx = AuditContext.system("cli")
    result = ""
    try:
        with session_scope() as session:
            user = _cli_user(session, username)
            assert isinstance(user, User)
            if change == "deactivate":
                service.set_active(session, user.id, False, ctx)
            elif change == "activate":
                service.set_active(session, user.id, True, ctx)
            elif change == "reset":
                result = service.reset_password(session, user.id, ctx)
            else:
                service.set_role(session, user.id, role, ctx)
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    return result


@users_app.command("deactivate")
def users_deactivate(username: str) -> None:
    """Deactivate a user: their sessions end and their API tokens stop working at once."""
    _admin_change(username, "deactivate")
    out.print(_("User %(name)s deactivated.") % {"name": username})


@users_app.command("activate")
def users_activate(username: str) -> None:
    """Reactivate a deactivated user."""
    _admin_change(username, "activate")
    out.print(_("User %(name)s reactivated.") % {"name": username})


@users_app.command("reset-password")
def users_reset_password(username: str) -> None:
    """Set a random temporary password (printed once) that must be changed at the next sign-in."""
    temporary = _admin_change(username, "reset")
    out.print(temporary)


@users_app.command("role")
def users_role(
    username: str, role: Annotated[str, typer.Argument(help="officer, supervisor, analyst, dpo or admin.")]
) -> None:
    """Change a user's role."""
    _admin_change(username, "role", role)
    out.print(_("User %(name)s is now %(role)s.") % {"name": username, "role": role})


@users_app.command("totp")
def users_totp(username: str) -> None:
    """Print the current one-time code of a user (for the demo and for tests; needs database access)."""
    import pyotp
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        user = session.execute(select(User).where(User.username == username.lower())).scalar_one_or_none()
        if user is None or not user.totp_secret:
            fail(_("No user %(name)s with a second factor.") % {"name": username})
        assert user is not None and user.totp_secret
        out.print(pyotp.TOTP(user.totp_secret).now())


@audit_app.command("verify")
def audit_verify(
    checkpoint: Annotated[
        Path | None, typer.Option(help="Signed checkpoints (file, or the directory holding them) to check against.")
    ] = None,
    public_key: Annotated[
        str | None, typer.Option(help="The checkpoint public key (PEM file, or base64 of its raw bytes).")
    ] = None,
) -> None:
    """Check the whole hash chain and its subject index; exit 1 naming the first broken record.

    With --checkpoint and --public-key the database is also compared with the signed checkpoints, which
    catches what the chain alone cannot: records cut from the end with the head rewound, and a chain
    recomputed with the secret key.
    """
    from liaison.core.audit import verify_chain
    from liaison.core.audit.checkpoint import (
        Checkpoint,
        CheckpointError,
        check_against,
        checkpoint_file,
        load_public_key,
        read_checkpoints,
    )
    from liaison.core.db import session_scope

    if (checkpoint is None) != (public_key is None):
        fail(_("Give both --checkpoint and --public-key."))
    problems: list[str] = []
    cps: list[Checkpoint] = []
    if checkpoint is not None and public_key is not None:
        try:
            cps, problems = read_checkpoints(checkpoint_file(checkpoint), load_public_key(public_key))
        except CheckpointError as exc:
            fail(str(exc))
    ensure_schema()
    with session_scope() as session:
        result = verify_chain(session)
        problems += check_against(session, cps)
    broken = False
    if result.ok:
        out.print(
            ngettext(
                "Audit trail chain intact: %(n)s record verified.",
                "Audit trail chain intact: %(n)s records verified.",
                result.checked,
            )
            % {"n": result.checked}
        )
        if result.pending:
            out.print(
                _(
                    "Pending %(n)s records (oldest %(age).1f s): committed, not chained yet (the sequencer links "
                    "them; 'liaison audit chain' does it now)."
                )
                % {"n": result.pending, "age": result.pending_oldest_s}
            )
    else:
        broken = True
        console.print(
            f"[red]Audit trail BROKEN at record {result.first_broken_seq}[/red]: {result.reason} "
            f"({result.checked} records verified before it)."
        )
    for problem in problems:
        broken = True
        console.print(f"[red]{_('Checkpoint check FAILED')}[/red]: {problem}")
    if checkpoint is not None and not problems:
        latest = max((c.seq for c in cps), default=0)
        agrees = ngettext(
            "Agrees with %(n)s signed checkpoint, the latest at record %(seq)s.",
            "Agrees with %(n)s signed checkpoints, the latest at record %(seq)s.",
            len(cps),
        )
        out.print(agrees % {"n": len(cps), "seq": latest})
    if broken:
        raise typer.Exit(1)


@audit_app.command("chain")
def audit_chain() -> None:
    """Chain every committed audit record not linked yet (PostgreSQL; the server does it continuously).

    Each worker of ``liaison serve`` runs the sequencer at start-up and right after its commits; this
    command is for repairs, e.g. after the server was killed and before it is started again.
    """
    from liaison.core.audit.sequencer import chain_pending
    from liaison.core.db import get_engine

    ensure_schema()
    linked = chain_pending(get_engine(), wait=True)
    out.print(f"Chained {linked or 0} pending audit record(s).")


@audit_app.command("keygen")
def audit_keygen(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the key pair (keep it off the server).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing key.")] = False,
) -> None:
    """Create the Ed25519 key pair that signs audit checkpoints. The private key never goes in the database."""
    from liaison.core.audit.checkpoint import CheckpointError, keygen

    try:
        private_path, public_path = keygen(out_dir, overwrite=force)
    except CheckpointError as exc:
        fail(str(exc))
        return
    private = _("Private key (keep it with the operator, readable by the checkpoint job only): %(path)s")
    out.print(private % {"path": private_path})
    out.print(_("Public key (give it to whoever verifies): %(path)s") % {"path": public_path})


@audit_app.command("checkpoint")
def audit_checkpoint(
    key: Annotated[Path, typer.Option("--key", help="The checkpoint private key (from 'liaison audit keygen').")],
    out_path: Annotated[
        Path, typer.Option("--out", help="Checkpoint file to append to, or a directory (audit-checkpoints.jsonl).")
    ],
) -> None:
    """Append a signed checkpoint of the chain head; cheap and idempotent, meant for a timer."""
    from liaison.core.audit.checkpoint import CheckpointError, load_private_key, write_checkpoint
    from liaison.core.db import session_scope

    try:
        private_key = load_private_key(key)
    except CheckpointError as exc:
        fail(str(exc))
        return
    ensure_schema()
    with session_scope() as session:
        try:
            cp, written = write_checkpoint(session, private_key, out_path)
        except CheckpointError as exc:
            console.print(f"[red]{_('No checkpoint written')}[/red]: {exc}")
            raise typer.Exit(1) from None
    verb = "Checkpoint written" if written else "Head unchanged since the last checkpoint"
    out.print(f"{verb}: record {cp.seq}, {cp.count} records, {cp.at}.")


@audit_app.command("trail")
def audit_trail(
    object_type: Annotated[str, typer.Argument(help="message, case, person, attachment, user, …")],
    object_id: Annotated[str, typer.Argument(help="Its identifier.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Who consulted, changed, disclosed or erased this object, when, why and to whom."""
    import json

    from liaison.core.audit import trail_for
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        rows = trail_for(session, object_type, object_id)
        if as_json:
            for r in rows:
                out.print_json(
                    json.dumps(
                        {
                            "seq": r.seq,  # null while pending
                            "at": r.at.isoformat(),
                            "who": r.actor_name,
                            "action": r.action,
                            "object": f"{r.object_type}:{r.object_id}",
                            "why": r.justification,
                            "to": r.recipient,
                            "ip": r.ip,
                        }
                    )
                )
            return
        table = Table(title=f"Audit trail of {object_type} {object_id}")
        for col in ("#", "when (UTC)", "who", "what", "object", "why", "to whom"):
            table.add_column(col)
        for r in rows:
            table.add_row(
                "pending" if r.seq is None else str(r.seq),
                r.at.strftime("%Y-%m-%d %H:%M:%S"),
                r.actor_name,
                r.action,
                f"{r.object_type} {r.object_id}",
                r.justification,
                r.recipient,
            )
        out.print(table)


def _mount_capabilities() -> None:
    """Each capability's command groups, from the installed registry (which also wires their events)."""
    from liaison.capabilities import install

    for mount in install().cli_mounts:
        mount(app)


_mount_capabilities()


def main() -> None:
    app(prog_name="liaison")


if __name__ == "__main__":
    main()
