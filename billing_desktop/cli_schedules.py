"""The `schedule`, `mail` and `profile` subcommands of `billing-desktop`: scheduled exports on
the operating system's scheduler, the mail server that delivers them, and named connections.
cli.py registers and dispatches them; the work is in billing_desktop/scheduling/ and config.py,
which the window uses as well."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from billing_desktop import config, formatting, secrets
from billing_desktop.errors import InvalidInput

OpenDatabase = Callable[..., Any]
COMMANDS = ("schedule", "mail", "profile")
ENV_PROFILE_PASSWORD = "BILLING_PROFILE_PASSWORD"


def add_subcommands(commands: Any) -> None:
    _add_schedule(commands)
    _add_mail(commands)
    _add_profile(commands)


def _add_schedule(commands: Any) -> None:
    schedule = commands.add_parser("schedule", help="scheduled exports on the system's scheduler")
    actions = schedule.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="schedule a preset's export")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--preset", required=True, metavar="P", help="the saved preset to run")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--monthly", metavar="D", help="on day D of each month (1-28 or last)")
    when.add_argument("--weekly", metavar="DAY", help="on a weekday (Monday or mon, any case)")
    when.add_argument("--daily", action="store_true", help="every day")
    add.add_argument("--at", required=True, metavar="HH:MM", help="local time of day")
    add.add_argument("--profile", metavar="NAME", help="connection profile (default: in use)")
    add.add_argument(
        "--folder",
        metavar="FOLDER",
        help="where the preset's file goes (default: the current folder)",
    )
    add.add_argument("--deliver-to", metavar="FOLDER", help="also copy the file there")
    add.add_argument("--email", action="append", default=[], metavar="ADDRESS",
                     help="also mail the file to ADDRESS (repeatable)")  # fmt: skip
    listing = actions.add_parser("list", help="the schedules, their next and last run")
    listing.add_argument("--json", action="store_true", help="as a JSON array")
    run = actions.add_parser("run", help="run a schedule now (what the scheduler runs)")
    run.add_argument("name", metavar="NAME")
    run.add_argument("--quiet", "-q", action="store_true", help="no summary on success")
    run.add_argument("--when-last-day", action="store_true", help=argparse.SUPPRESS)
    for verb, text in (("remove", "remove a schedule and its system entry"),
                       ("pause", "stop a schedule's runs, keeping it"),
                       ("resume", "start a paused schedule's runs again")):  # fmt: skip
        actions.add_parser(verb, help=text).add_argument("name", metavar="NAME")


def _add_mail(commands: Any) -> None:
    mail = commands.add_parser("mail", help="the mail server that delivers scheduled exports")
    actions = mail.add_subparsers(dest="action", required=True, metavar="ACTION")
    put = actions.add_parser("set", help="set the mail server (password asked for, or read "
                             "from $BILLING_SMTP_PASSWORD, kept in the keyring)")  # fmt: skip
    put.add_argument("--host", required=True)
    put.add_argument("--port", required=True, type=_port)
    security = put.add_mutually_exclusive_group(required=True)
    for name in ("starttls", "tls", "plain"):
        security.add_argument(f"--{name}", dest="security", action="store_const", const=name)
    put.add_argument("--user", metavar="U")
    put.add_argument("--from", dest="sender", required=True, metavar="ADDRESS")
    actions.add_parser("show", help="show the mail server's settings")
    test = actions.add_parser("test", help="send a test message to ADDRESS")
    test.add_argument("address", metavar="ADDRESS")


def _add_profile(commands: Any) -> None:
    profile = commands.add_parser("profile", help="named database connections")
    actions = profile.add_subparsers(dest="action", required=True, metavar="ACTION")
    put = actions.add_parser(
        "set",
        help="save a connection profile (password asked for, or read from "
        f"${ENV_PROFILE_PASSWORD}, kept in the keyring)",
    )
    put.add_argument("name", metavar="NAME")
    put.add_argument("--host", required=True)
    put.add_argument("--port", type=_port, default=5432)
    put.add_argument("--database", required=True)
    put.add_argument("--user", required=True)
    put.add_argument("--sslmode", choices=("disable", "allow", "prefer", "require",
                                           "verify-ca", "verify-full"))  # fmt: skip
    for key in ("sslrootcert", "sslcert", "sslkey"):
        put.add_argument(f"--{key}", metavar="FILE")
    listing = actions.add_parser("list", help="the saved profiles")
    listing.add_argument("--json", action="store_true")
    for verb, text in (("remove", "delete a profile"), ("use", "make a profile the one in use")):
        actions.add_parser(verb, help=text).add_argument("name", metavar="NAME")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: '{text}'")
    return int(text)


def run(args: argparse.Namespace, open_database: OpenDatabase) -> int:
    if args.command == "schedule":
        return _schedule(args, open_database)
    if args.command == "mail":
        return _mail(args)
    return _profile(args)


# -- schedule ---------------------------------------------------------------------------------


def _schedule(args: argparse.Namespace, open_database: OpenDatabase) -> int:
    from billing_desktop.scheduling.installing import Schedules

    schedules = Schedules()
    if args.action == "add":
        added = schedules.add(_new_schedule(args))
        print(f"Scheduled '{added.name}': {added.recurrence.describe()} "
              f"({added.installed.get('backend')}).")  # fmt: skip
        return 0
    if args.action == "list":
        return _list(schedules.rows(), args.json)
    if args.action == "run":
        return _run(args, open_database)
    if args.action == "remove":
        schedules.remove(args.name)
        print(f"Removed the schedule '{args.name}'.")
        return 0
    schedules.pause(args.name, paused=args.action == "pause")
    print(f"{'Paused' if args.action == 'pause' else 'Resumed'} the schedule '{args.name}'.")
    return 0


def _new_schedule(args: argparse.Namespace) -> Any:
    from billing_desktop.presets import PresetStore
    from billing_desktop.scheduling import recurrence as r
    from billing_desktop.scheduling.mail import MailSettings
    from billing_desktop.scheduling.store import Schedule

    at = r.parse_time(args.at)
    if args.monthly is not None:
        rule = r.Recurrence(r.MONTHLY, at, day=r.parse_day(args.monthly))
    elif args.weekly is not None:
        rule = r.Recurrence(r.WEEKLY, at, weekday=r.parse_weekday(args.weekly))
    else:
        rule = r.Recurrence(r.DAILY, at)
    PresetStore().get(args.preset)  # it must exist now; a run also says when it no longer does
    settings = config.load_settings()
    profile = args.profile or settings.profile or None
    if profile is not None:
        config.profile_connection(settings, profile)
    for place in (args.folder, args.deliver_to):
        if place is not None and not Path(place).is_dir():
            raise InvalidInput(f"The folder {place} does not exist.")
    if args.email and MailSettings.from_json(settings.mail) is None:
        raise InvalidInput("Set up the mail server first: billing-desktop mail set --host ….")
    return Schedule(
        name=args.name, preset=args.preset, recurrence=rule, profile=profile,
        folder=str(Path(args.folder or os.getcwd()).absolute()),
        deliver_to=str(Path(args.deliver_to).absolute()) if args.deliver_to else None,
        emails=tuple(args.email),
    )  # fmt: skip


def _list(rows: list[dict[str, Any]], as_json: bool) -> int:
    if as_json:
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No schedules yet.")
        return 0
    for row in rows:
        next_run = "paused" if row["paused"] else row["next_run"]
        last = f"{row['last_run']} {row['last_outcome']}" if row["last_run"] else "never run"
        print(f"{row['name']}: {row['preset']}, {row['description']}; next {next_run}; "
              f"last {last}")  # fmt: skip
    return 0


def _run(args: argparse.Namespace, open_database: OpenDatabase) -> int:
    from billing_desktop.scheduling.running import run_schedule

    outcome = run_schedule(args.name, open_database, when_last_day=args.when_last_day)
    for failure in outcome.delivery_failures:
        print(f"billing-desktop: error: {failure}", file=sys.stderr)
    if outcome.completed is not None and not args.quiet:
        result = outcome.completed.result
        print(f"Exported {formatting.counted(result.rows, 'row')} to {result.path}; total cost "
              f"{formatting.dollars(result.totals.cost_cents)}", file=sys.stderr)  # fmt: skip
    return outcome.exit_code


# -- mail -------------------------------------------------------------------------------------


def _mail(args: argparse.Namespace) -> int:
    from billing_desktop.scheduling import mail

    settings = config.load_settings()
    if args.action == "set":
        server = mail.MailSettings(args.host, args.port, args.security, args.sender, args.user)
        if args.user:
            given = os.environ.get(mail.ENV_SMTP_PASSWORD) or _ask(f"Password for {args.user}: ")
            if not secrets.set_secret(server.secret_key, given):
                print(
                    "billing-desktop: warning: no keyring is available; set "
                    f"${mail.ENV_SMTP_PASSWORD} where the schedules run.",
                    file=sys.stderr,
                )
        settings.mail = server.to_json()
        config.save_settings(settings)
        print(f"Mail server: {server.describe()}.")
        return 0
    saved = mail.MailSettings.from_json(settings.mail)
    if saved is None:
        raise InvalidInput("No mail server is set up: billing-desktop mail set --host ….")
    if args.action == "show":
        print(f"Mail server: {saved.describe()}.")
        return 0
    message = mail.EmailMessage()
    message["To"] = args.address
    message["Subject"] = "Billing Desktop: test message"
    message.set_content("This message shows that Billing Desktop can deliver exports by mail.")
    mail.send(saved, message)
    print(f"Sent a test message to {args.address}.")
    return 0


def _ask(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt) or None


# -- profile ----------------------------------------------------------------------------------


def _profile(args: argparse.Namespace) -> int:
    settings = config.load_settings()
    if args.action == "list":
        return _list_profiles(settings, args.json)
    if args.action == "set":
        profile = {key: getattr(args, key) for key in config.PROFILE_KEYS}
        kept = {k: v for k, v in profile.items() if v is not None}
        settings.profiles[args.name] = {"kind": "postgresql", **kept}
        if not settings.profile:
            settings.profile = args.name
        given = os.environ.get(ENV_PROFILE_PASSWORD) or _ask(f"Password for {args.user}: ")
        if given:
            secrets.set_password(config.profile_connection(settings, args.name), given)
        config.save_settings(settings)
        print(f"Saved the connection profile '{args.name}'.")
        return 0
    connection = config.profile_connection(settings, args.name)
    if args.action == "use":
        settings.profile = args.name
        settings.connection = dict(settings.profiles[args.name], kind="postgresql")
        print(f"Using the connection profile '{args.name}'.")
    else:
        secrets.set_password(connection, None)
        del settings.profiles[args.name]
        if settings.profile == args.name:
            settings.profile = ""
        print(f"Removed the connection profile '{args.name}'.")
    config.save_settings(settings)
    return 0


def _list_profiles(settings: config.Settings, as_json: bool) -> int:
    rows = [{"name": name, "in_use": name == settings.profile, **profile}
            for name, profile in sorted(settings.profiles.items())]  # fmt: skip
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows:
        print("No connection profiles yet.")
    for row in rows if not as_json else []:
        mark = "*" if row["in_use"] else " "
        print(f"{mark} {row['name']}: {row.get('user')}@{row.get('host')}:{row.get('port')}"
              f"/{row.get('database')}")  # fmt: skip
    return 0
