"""The ``closer`` command line. Errors are one line on stderr and a non-zero exit.

Opening the app is what people do most, so only click and what parsing needs are
imported here at start; each command imports what it uses when it runs (the store,
the exports, the guide parser and Textual itself are not loaded to print a list).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import CloserError
from .failures import Stopped, run_command
from .export.formats import EXPORT_FORMATS, FORMATS
from .locations import DB_ENV, data_dir
from .method import PARTNERS
from .model import PARTNERSHIP_STATUSES, STORY_VARIANT_LABELS, STORY_VARIANTS
from .terminal_text import safe_for_terminal

if TYPE_CHECKING:
    from .desk import Desk
    from .method import Guide

def echo(text: str = "", err: bool = False) -> None:
    click.echo(safe_for_terminal(text), err=err)


class Context:
    def __init__(self, db: Path, guide_file: Path | None, shared_screen: bool) -> None:
        self.db = db
        self.guide_file = guide_file
        self.shared_screen = shared_screen

    def guide(self) -> Guide:
        """The guide for new partnerships: --guide, else the config's, else closer's END guide."""
        from .method import default_guide

        return self.chosen_guide() or default_guide()

    def chosen_guide(self) -> Guide | None:
        """--guide, else the config's guide, parsed (a malformed one is refused now); None: closer's own."""
        from .windows import chosen_guide

        return chosen_guide(self.guide_file)

    def reader(self) -> Desk:
        from .desk import Desk

        return self._said_on_close(Desk.for_reading(self.db))

    def writer(self) -> Desk:
        from .desk import Desk

        return self._said_on_close(Desk.for_writing(self.db))

    def _said_on_close(self, desk: Desk) -> Desk:
        """What the store skipped or set aside is said on stderr when the command ends, never dropped
        (a command that fails says only why it failed: one line)."""

        def said() -> None:
            if sys.exc_info()[1] is None:
                warn(desk.problems)

        click.get_current_context().call_on_close(said)
        return desk


pass_context = click.make_pass_decorator(Context)
def output_options(*, output: str, force: str):
    """``-o FILE`` (``-o -``: standard output) and ``--force``, as ``export`` and ``backup`` take them."""

    def add(command):
        command = click.option("--force", is_flag=True, help=force)(command)
        path = click.Path(path_type=Path, dir_okay=False, allow_dash=True)
        return click.option("-o", "--output", type=path, help=output)(command)

    return add


def is_dash(output: Path | None) -> bool:
    """``-o -``: standard output. (``-o /dev/stdout`` names a link, refused like any other.)"""
    return output is not None and str(output) == "-"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=True),
    help=f"Data folder to use (default: your user data folder; ${DB_ENV} also sets it).",
)
@click.option(
    "--guide",
    "guide_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A programme's own closing guide (Markdown) for new partnerships.",
)
@click.option("--shared-screen", is_flag=True, help="Start in shared-screen mode: safe to show on a call.")
@click.version_option(__version__, prog_name="closer")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, guide_file: Path | None, shared_screen: bool) -> None:
    """Run the closing session of a mentoring partnership, and keep its record.

    With no command, opens the app on your data.
    """
    ctx.obj = Context(data_dir(db), guide_file, shared_screen)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def run_app(context: Context, open_id: str | None = None, db: Path | None = None) -> None:
    from . import windows

    windows.run_app(db or context.db, context.guide_file, context.shared_screen, open_id)


@cli.command()
@pass_context
def demo(ctx: Context) -> None:
    """Open the app on a throwaway copy of the bundled sample data.

    Your own data is never touched: the demo's settings and exports are kept in
    the same throwaway folder, deleted when you quit.
    """
    import shutil
    import tempfile

    from .assets import sample_data_file
    from .desk import Desk

    folder = Path(tempfile.mkdtemp(prefix="closer-demo-"))
    try:
        with Desk.for_writing(folder / "data") as desk:
            desk.import_file(sample_data_file())
        with demo_environment(folder):
            run_app(ctx, db=folder / "data")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def demo_environment(folder: Path) -> Iterator[None]:
    """The settings file and the exports folder inside ``folder`` while the demo runs.

    The user's settings are copied in (their keys and theme still apply); what the
    demo changes (theme, shared-screen mode, the bell) stays in the copy.
    """
    import shutil

    from .config import CONFIG_ENV, config_path
    from .locations import EXPORTS_ENV

    config = folder / "config.json"
    try:
        shutil.copyfile(config_path(), config)
    except OSError:
        pass  # no settings yet (or unreadable): the demo starts with the defaults
    names = (CONFIG_ENV, EXPORTS_ENV)
    before = {name: os.environ.get(name) for name in names}
    os.environ[CONFIG_ENV] = str(config)
    os.environ[EXPORTS_ENV] = str(folder / "exports")
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@cli.command("open")
@click.argument("partnership_id")
@pass_context
def open_(ctx: Context, partnership_id: str) -> None:
    """Open one partnership in the app."""
    from . import windows

    windows.open_partnership(ctx.db, ctx.guide_file, ctx.shared_screen, partnership_id)


@cli.command()
@click.option("--mentor", required=True, help="The mentor's name.")
@click.option("--mentee", required=True, help="The mentee's name.")
@click.option("--programme", default="", help="The mentoring programme, if any.")
@click.option("--start", "start_date", default=None, help="Start date, YYYY-MM-DD (default: today).")
@click.option("--end", "end_date", default=None, help="Agreed end date, YYYY-MM-DD.")
@click.option("--duration", default="", help='Agreed duration in words, e.g. "six months".')
@click.option("--goal", "goals", multiple=True, help="A goal of the mentee's (repeat for more).")
@click.option("--mentor-goal", "mentor_goals", multiple=True, help="A goal the mentor set for themselves.")
@pass_context
def new(ctx: Context, mentor, mentee, programme, start_date, end_date, duration, goals, mentor_goals) -> None:
    """Start a new partnership and print its id."""
    from .model import Goal, Partnership

    all_goals = [Goal(text=t, owner="mentee") for t in goals] + [Goal(text=t, owner="mentor") for t in mentor_goals]
    partnership = Partnership.create(
        guide=ctx.guide(),
        mentor=mentor,
        mentee=mentee,
        programme=programme,
        start_date=start_date,
        goals=all_goals,
        end_date=end_date,
        agreed_duration=duration,
    )
    with ctx.writer() as desk:
        echo(desk.new(partnership).id)


@cli.command()
@click.argument("partnership_id")
@click.option("--mentor", default=None, help="The mentor's name.")
@click.option("--mentee", default=None, help="The mentee's name.")
@click.option("--programme", default=None, help='The mentoring programme ("" for none).')
@click.option("--start", "start_date", default=None, help="Start date, YYYY-MM-DD.")
@click.option("--end", "end_date", default=None, help='Agreed end date, YYYY-MM-DD ("" for none).')
@click.option("--duration", "agreed_duration", default=None, help='Agreed duration in words, e.g. "six months".')
@pass_context
def edit(ctx: Context, partnership_id: str, **options: str | None) -> None:
    """Correct a partnership's names, programme, dates or agreed duration.

    Only the details given change; they follow the rules of `closer new`.
    """
    details = {name: value for name, value in options.items() if value is not None}
    if not details:
        raise click.UsageError("say what to correct, e.g. --mentee NAME")
    with ctx.writer() as desk:
        partnership = desk.edit_details(desk.resolve(partnership_id), **details)
    echo(f"corrected {partnership.id}: {partnership.mentee} with {partnership.mentor}")


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--status", type=click.Choice(PARTNERSHIP_STATUSES), help="Only partnerships in this status.")
@click.option("--trash", "in_trash", is_flag=True, help="The partnerships in the trash instead (deleted; `closer restore ID` brings one back).")
@pass_context
def list_(ctx: Context, as_json: bool, status: str | None, in_trash: bool) -> None:
    """List partnerships, active first."""
    if in_trash:
        list_trash(ctx, as_json, status)
        return
    with ctx.reader() as desk:
        rows = desk.summaries()
    if status:
        rows = [row for row in rows if row["status"] == status]
    if as_json:
        from .export.interchange import to_json

        click.echo(to_json([dict(row) for row in rows]), nl=False)
    elif not rows:
        echo("No partnerships yet. Start one with `closer new --mentor NAME --mentee NAME`.")
    else:
        for row in rows:
            goals = f"{row['goals_met']}/{row['goals_total']} goals met"
            programme = f"  [{row['programme']}]" if row["programme"] else ""
            echo(f"{row['id']}  {row['status']:<8} {row['mentee']} with {row['mentor']}{programme}  {goals}")


def list_trash(ctx: Context, as_json: bool, status: str | None) -> None:
    from .export.interchange import to_json

    with ctx.reader() as desk:
        entries = desk.trash()
    if status:
        entries = [e for e in entries if e.summary is not None and e.summary["status"] == status]
    if as_json:
        rows = [
            {**(e.summary or {"id": e.id}), "deleted_at": e.deleted_at, "file": str(e.path), "problem": e.problem}
            for e in entries
        ]
        click.echo(to_json(rows), nl=False)
    elif not entries:
        echo("The trash is empty.")
    else:
        for entry in entries:
            echo(entry.describe())


@cli.command()
@click.argument("partnership_id")
@click.option("--yes", "-y", "confirmed", is_flag=True, help="Do not ask first.")
@pass_context
def delete(ctx: Context, partnership_id: str, confirmed: bool) -> None:
    """Move a partnership to the trash (asks first). Nothing is erased: `closer restore ID` brings it back."""
    with ctx.writer() as desk:
        pid = desk.resolve(partnership_id)
        if not confirmed:
            partnership = desk.read(pid)
            question = f"Move {partnership.mentee} with {partnership.mentor} ({pid}, {partnership.status}) to the trash?"
            if not click.confirm(safe_for_terminal(question), default=False):
                echo("Nothing was deleted.")
                return
        moved = desk.delete(pid)
    echo(f"moved {moved.mentee} with {moved.mentor} ({moved.id}) to the trash; `closer restore {moved.id}` brings it back")


@cli.command()
@click.argument("partnership_id")
@pass_context
def restore(ctx: Context, partnership_id: str) -> None:
    """Bring a partnership back from the trash (the copy deleted last). Refused if its id is in use."""
    with ctx.writer() as desk:
        restored = desk.restore(partnership_id)
    p = restored.partnership
    echo(f"restored {p.mentee} with {p.mentor} ({p.id})")
    if restored.copies_left:
        echo(f"{restored.copies_left} older copy(ies) of {p.id} stay in the trash (`closer list --trash`)", err=True)


@cli.command()
@click.argument("partnership_id")
@click.option("--include-private", is_flag=True, help="Include the facilitator's private notes.")
@pass_context
def show(ctx: Context, partnership_id: str, include_private: bool) -> None:
    """Print a readable summary of one partnership."""
    with ctx.reader() as desk:
        partnership = desk.read(desk.resolve(partnership_id))
    from .export.markdown import record_markdown

    echo(record_markdown(partnership, include_private=include_private))


@cli.command()
@click.argument("partnership_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="md",
    show_default=True,
    help="; ".join(f"{f.name}: {f.label}" for f in FORMATS.values()) + ".",
)
@output_options(
    output="Write to FILE instead of standard output (- is standard output too).",
    force="Replace FILE if it exists (a regular file only; it keeps its mode).",
)
@click.option("--include-private", is_flag=True, help="Include the facilitator's private notes (left out by default).")
@click.option(
    "--without-consent",
    is_flag=True,
    help="A story even when the two partners have not both agreed to share it (its first line says so).",
)
@pass_context
def export(ctx: Context, partnership_id: str, fmt: str, output: Path | None, force: bool, include_private: bool, without_consent: bool) -> None:
    """Export one partnership's record as Markdown, HTML, JSON, a story or a calendar of its follow-ups."""
    with ctx.reader() as desk:
        pid = desk.resolve(partnership_id)
        if output is not None and not is_dash(output):
            desk.export_to_file(pid, fmt, output, include_private=include_private, replace=force, without_consent=without_consent)
            echo(f"wrote {output}", err=True)
            return
        text = desk.export_text(pid, fmt, include_private=include_private, without_consent=without_consent)
    if fmt == "ics" and not sys.stdout.isatty():
        # Into a file or a pipe, the calendar exactly: iCalendar's lines end in CRLF. (No other
        # control character can be in it: the record refuses them in every field it is made from.)
        click.get_binary_stream("stdout").write(text.encode("utf-8"))
        return
    if fmt == "ics":  # to read on a terminal: plain line ends, not a carriage return shown as a symbol
        text = text.replace("\r\n", "\n")
    click.echo(text if fmt == "json" else safe_for_terminal(text), nl=not text.endswith("\n"))


YES_NO = click.Choice(["yes", "no"])


@cli.command()
@click.argument("partnership_id")
@click.option("--variant", type=click.Choice(STORY_VARIANTS), help="How the story names the pair: " + ", ".join(f"{k} ({v})" for k, v in STORY_VARIANT_LABELS.items()) + ".")
@click.option("--mentor", "mentor_answer", type=YES_NO, help="The mentor's answer: may the story be shared as named?")
@click.option("--mentee", "mentee_answer", type=YES_NO, help="The mentee's answer: may the story be shared as named?")
@click.option("--show", is_flag=True, help="Print the story as they would share it first.")
@pass_context
def consent(ctx: Context, partnership_id: str, variant: str | None, mentor_answer: str | None, mentee_answer: str | None, show: bool) -> None:
    """Record each partner's consent to share their story, and how it names them.

    With no option, says where their consent stands. Show them the story first (--show, or the
    summary in the app): they agree to it as it reads. The time of each answer is recorded.
    """
    answers = {who: answer == "yes" for who, answer in (("mentor", mentor_answer), ("mentee", mentee_answer)) if answer}
    with ctx.writer() if (answers or variant) else ctx.reader() as desk:
        pid = desk.resolve(partnership_id)
        view = desk.choose_story_variant(pid, variant) if variant else desk.story(pid)
        for who, given in answers.items():
            view = desk.record_consent(pid, who, given)
    if show:
        echo(view.markdown)
    echo(f"story with {view.variant_label}: {view.consent['mentor']}; {view.consent['mentee']}")
    echo("both agreed: the story may be shared" if view.agreed else "not shared yet: `closer export` refuses the story until both say yes")


@cli.command()
@output_options(
    output="Write to FILE (- for standard output). Default: a new closer-backup-DATE.json in your exports folder.",
    force="Replace FILE if it exists (a regular file only; the backup is 0600 all the same).",
)
@pass_context
def backup(ctx: Context, output: Path | None, force: bool) -> None:
    """Back up every partnership, private notes included, as one private (0600) file.

    `closer --db NEW_FOLDER import FILE` restores it. A partnership that cannot be read is named,
    left out, and the command fails after writing the rest.
    """
    with ctx.reader() as desk:
        if is_dash(output):
            made = desk.backup()
            click.echo(made.text, nl=False)
        else:
            made, path = desk.backup_to_file(output, replace=force)
            echo(f"backed up {len(made.ids)} partnership{'s' if len(made.ids) != 1 else ''} to {path}")
    if made.unreadable:
        from .store import StoreError

        warn(list(made.unreadable.values()))
        missing = ", ".join(made.unreadable)
        raise StoreError(f"{len(made.unreadable)} partnership(s) could not be read and are not in the backup: {missing}")


@cli.command("check")
@click.option(
    "--repair",
    is_flag=True,
    help="Move partnership files that cannot be read aside to the data folder's damaged/, each with a note. Nothing is deleted.",
)
@pass_context
def check_(ctx: Context, repair: bool) -> None:
    """Read every data file, say what is wrong with each (file and field), and rebuild the index."""
    from .desk import Desk

    with stopped_by_signals(), Desk.for_writing(ctx.db, load_index=False) as desk:  # the index as it was
        result = desk.check(repair=repair)
    for finding in result.findings:
        echo(str(finding))
    echo(f"checked {result.files} partnership file{'s' if result.files != 1 else ''}: {result.readable} read; index rebuilt")
    left = result.left_in_place
    if left:
        advice = "" if repair else f"; `closer check --repair` moves damaged ones aside to {ctx.db / 'damaged'}"
        raise CloserError(f"{len(left)} partnership file{'s' if len(left) != 1 else ''} cannot be read{advice}")


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_context
def import_(ctx: Context, file: Path) -> None:
    """Add the partnerships in FILE (as written by `closer export --format json`).

    All or nothing: if any record is wrong, or already in the store, nothing is added; nor if
    the import is stopped (ctrl-c, SIGTERM, SIGHUP, or killed: undone when closer next opens the data).
    """
    with stopped_by_signals(), ctx.writer() as desk:
        ids = desk.import_file(file)
    echo(f"imported {len(ids)} partnership{'s' if len(ids) != 1 else ''}: {', '.join(ids)}")


@cli.command()
@click.argument("partnership_id")
@click.argument("text")
@click.option("--date", default=None, help="Meeting date, YYYY-MM-DD (default: today).")
@click.option("--milestone", is_flag=True, help="Flag this meeting as a milestone.")
@pass_context
def log(ctx: Context, partnership_id: str, text: str, date: str | None, milestone: bool) -> None:
    """Add a meeting to a partnership's session log."""
    with ctx.writer() as desk:
        partnership, meeting = desk.log(desk.resolve(partnership_id), text, date=date, milestone=milestone)
    echo(f"logged the meeting of {meeting.date} for {partnership.mentee} with {partnership.mentor}")


@cli.command()
@click.argument("partnership_id")
@click.option("--for", "partner", type=click.Choice(PARTNERS), help="Whose sheet to write (or, with --read, whose it must be).")
@click.option("--read", "sheet", type=click.Path(path_type=Path, dir_okay=False), help="Read a filled sheet and keep its answers.")
@click.option("--date", "close_date", default=None, help="The day of the closing meeting, YYYY-MM-DD (default: the agreed end date).")
@output_options(
    output="Write the sheet to FILE instead of standard output (- is standard output too).",
    force="Replace FILE if it exists (a regular file only; it keeps its mode).",
)
@pass_context
def prep(ctx: Context, partnership_id: str, partner: str | None, sheet: Path | None, close_date: str | None, output: Path | None, force: bool) -> None:
    """Each partner's reflection sheet, to fill in on their own before the close.

    `--for mentor|mentee` writes that partner's sheet (Markdown, with a heading per question of the
    partnership's guide); `--read FILE` reads a filled one back and keeps each answer as theirs.
    Reading a sheet again replaces their answers; an empty answer leaves the one before.
    """
    if sheet is None:
        if partner is None:
            raise click.UsageError("say whose sheet to write (--for mentor or --for mentee), or --read FILE")
        with ctx.reader() as desk:
            pid = desk.resolve(partnership_id)
            if output is not None and not is_dash(output):
                desk.prep_sheet_to_file(pid, partner, output, close_date=close_date, replace=force)
                echo(f"wrote {output}", err=True)
                return
            text = desk.prep_sheet(pid, partner, close_date=close_date)
        echo(text)
        return
    if output is not None or close_date is not None:
        raise click.UsageError("--read takes no -o or --date: it reads a sheet, it writes none")
    with ctx.writer() as desk:
        reading = desk.read_sheet(desk.resolve(partnership_id), sheet, partner=partner)
    echo(reading.summary)
    for problem in reading.problems:
        echo(f"  {problem}")


@cli.command()
@click.argument("more_paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--programme", default=None, help="Only partnerships in this programme.")
@click.option("--since", default=None, help="Only partnerships closed on or after this date (YYYY-MM-DD).")
@click.option(
    "--from",
    "from_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Report on JSON exports and backups instead of this computer's data: files, or folders of them "
    "(`--from a.json b.json folder/`). They are read, not imported.",
)
@click.option("--with-store", is_flag=True, help="With --from: this computer's data too.")
@pass_context
def report(
    ctx: Context, more_paths: tuple[Path, ...], fmt: str, programme: str | None, since: str | None, from_paths: tuple[Path, ...], with_store: bool
) -> None:
    """Programme outcomes across closed partnerships: goals, end reasons, extensions, close times.

    With --from, across facilitators: the partnerships in other people's exports and backups,
    each counted once (the copy updated last), with --with-store your own data too.
    """
    from .desk import report_from
    from .export.interchange import to_json
    from .model import check_date
    from .report import report_markdown, report_text

    since = check_date(since, "--since")
    if more_paths and not from_paths:
        raise click.UsageError("files to report on go after --from (closer report --from FILE...)")
    if with_store and not from_paths:
        raise click.UsageError("--with-store goes with --from (without --from, the report is of this computer's data)")
    paths = [*from_paths, *more_paths]
    if paths and with_store:
        with ctx.reader() as desk:
            figures = report_from(paths, desk=desk, programme=programme, since=since)
    elif paths:
        figures = report_from(paths, programme=programme, since=since)
    else:
        with ctx.reader() as desk:
            figures = desk.report(programme=programme, since=since)
    if fmt == "json":
        click.echo(to_json(figures), nl=False)
    elif fmt == "md":
        echo(report_markdown(figures))
    else:
        echo(report_text(figures).rstrip("\n"))
    warn([entry["problem"] for entry in figures["unreadable"]])
    warn([f"{entry['file']}: {entry['problem']}" for entry in figures.get("sources", {}).get("unreadable_files", [])])


@cli.command()
@click.argument("partnership_id")
@click.option(
    "--layout",
    type=click.Choice(["timer", "stage", "all"]),
    default="all",
    show_default=True,
    help="What to show at first (keys 1, 2, 3 switch): the timer; the timer and the stage; everything.",
)
@click.option("--browser", is_flag=True, help="Serve the view in a browser tab on 127.0.0.1 instead (needs closer-tui[web]).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port for --browser (default: a free one).")
@pass_context
def present(ctx: Context, partnership_id: str, layout: str, browser: bool, port: int | None) -> None:
    """Open the audience view of one partnership, in this terminal, to share on the call.

    It follows the facilitator's app live and read-only: it never shows private notes or
    another partnership, and never writes.
    """
    from . import windows

    if port is not None and not browser:
        raise click.UsageError("--port goes with --browser")
    if browser:
        from .store import resolve_by_file_name
        from .web import serve_audience  # textual-serve loads only when a tab is served

        serve_audience(ctx.db, resolve_by_file_name(ctx.db, partnership_id), port, layout)
        return
    windows.present_in_terminal(ctx.db, partnership_id, layout)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def warn(problems: list[str]) -> None:
    """Each problem met on the way (a file skipped), once in a run, on stderr."""
    context = click.get_current_context(silent=True)
    said = context.find_root().meta.setdefault("closer.warned", set()) if context else set()
    for problem in dict.fromkeys(problems):
        if problem not in said:
            said.add(problem)
            echo(f"closer: warning: {problem}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Every command line through click (entry.py starts the plain window commands without it)."""
    run_command(lambda: cli.main(args=argv, prog_name="closer", standalone_mode=False), explain=click_failure)


def click_failure(error: BaseException) -> tuple[str, int] | None:
    """The line and exit status for the command line's own errors (a usage error names its help)."""
    if isinstance(error, click.UsageError):
        command = f" {error.ctx.info_name}" if error.ctx and error.ctx.parent else ""
        return f"{error.format_message()} (see `closer{command} --help`)", 2
    if isinstance(error, click.ClickException):
        return error.format_message(), error.exit_code
    if isinstance(error, click.Abort):
        return "aborted", 130
    return None
