"""The ``closer`` command line. Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .assets import sample_data_file
from .config import load_settings
from .desk import Desk
from .errors import CloserError
from .export import EXPORT_FORMATS, FORMATS, record_markdown
from .export.interchange import to_json
from .guide_file import load_guide
from .method import Guide, default_guide
from .locations import DB_ENV, data_dir
from .model import PARTNERSHIP_STATUSES, Goal, Partnership, check_date
from .report import report_markdown, report_text
from .store import StoreError
from .terminal_text import safe_for_terminal

def echo(text: str = "", err: bool = False) -> None:
    click.echo(safe_for_terminal(text), err=err)


class Context:
    def __init__(self, db: Path, guide_file: Path | None, shared_screen: bool) -> None:
        self.db = db
        self.guide_file = guide_file
        self.shared_screen = shared_screen

    def guide(self) -> Guide:
        """The guide for new partnerships: --guide, else the config's, else closer's END guide."""
        chosen = self.guide_file or load_settings().guide
        return load_guide(chosen) if chosen else default_guide()

    def reader(self) -> Desk:
        return Desk.for_reading(self.db)

    def writer(self) -> Desk:
        return Desk.for_writing(self.db)


pass_context = click.make_pass_decorator(Context)


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
    from .tui.app import CloserApp  # Textual loads only when the app opens

    app = CloserApp(
        db or context.db,
        partnership_id=open_id,
        guide=context.guide(),
        shared_screen=context.shared_screen or None,
    )
    app.run()
    if app.startup_error:
        raise StoreError(app.startup_error)
    if app.return_code:  # ended by SIGTERM or SIGHUP, after saving
        sys.exit(app.return_code)


@cli.command()
@pass_context
def demo(ctx: Context) -> None:
    """Open the app on a throwaway copy of the bundled sample data.

    Your own data is never touched; the copy is deleted when you quit.
    """
    folder = Path(tempfile.mkdtemp(prefix="closer-demo-"))
    try:
        with Desk.for_writing(folder / "data") as desk:
            desk.import_file(sample_data_file())
        run_app(ctx, db=folder / "data")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@cli.command("open")
@click.argument("partnership_id")
@pass_context
def open_(ctx: Context, partnership_id: str) -> None:
    """Open one partnership in the app."""
    with ctx.reader() as desk:
        pid = desk.resolve(partnership_id)
    run_app(ctx, pid)


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


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--status", type=click.Choice(PARTNERSHIP_STATUSES), help="Only partnerships in this status.")
@pass_context
def list_(ctx: Context, as_json: bool, status: str | None) -> None:
    """List partnerships, active first."""
    with ctx.reader() as desk:
        rows = desk.summaries()
        problems = desk.problems
    if status:
        rows = [row for row in rows if row["status"] == status]
    if as_json:
        click.echo(to_json(rows), nl=False)
    elif not rows:
        echo("No partnerships yet. Start one with `closer new --mentor NAME --mentee NAME`.")
    else:
        for row in rows:
            goals = f"{row['goals_met']}/{row['goals_total']} goals met"
            programme = f"  [{row['programme']}]" if row["programme"] else ""
            echo(f"{row['id']}  {row['status']:<8} {row['mentee']} with {row['mentor']}{programme}  {goals}")
    for problem in problems:
        echo(f"closer: warning: {problem}", err=True)


@cli.command()
@click.argument("partnership_id")
@click.option("--include-private", is_flag=True, help="Include the facilitator's private notes.")
@pass_context
def show(ctx: Context, partnership_id: str, include_private: bool) -> None:
    """Print a readable summary of one partnership."""
    with ctx.reader() as desk:
        partnership = desk.read(desk.resolve(partnership_id))
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
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--include-private", is_flag=True, help="Include the facilitator's private notes (left out by default).")
@pass_context
def export(ctx: Context, partnership_id: str, fmt: str, output: Path | None, include_private: bool) -> None:
    """Export one partnership's record as Markdown, HTML, JSON or a story."""
    with ctx.reader() as desk:
        pid = desk.resolve(partnership_id)
        if output is not None:
            desk.export_to_file(pid, fmt, output, include_private=include_private)
            echo(f"wrote {output}", err=True)
            return
        text = desk.export_text(pid, fmt, include_private=include_private)
    click.echo(text if fmt == "json" else safe_for_terminal(text), nl=not text.endswith("\n"))


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_context
def import_(ctx: Context, file: Path) -> None:
    """Add the partnerships in FILE (as written by `closer export --format json`).

    All or nothing: if any record is wrong, or already in the store, nothing is added.
    """
    with ctx.writer() as desk:
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
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--programme", default=None, help="Only partnerships in this programme.")
@click.option("--since", default=None, help="Only partnerships closed on or after this date (YYYY-MM-DD).")
@pass_context
def report(ctx: Context, fmt: str, programme: str | None, since: str | None) -> None:
    """Programme outcomes across closed partnerships: goals, end reasons, extensions, close times."""
    since = check_date(since, "--since")
    with ctx.reader() as desk:
        figures = desk.report(programme=programme, since=since)
    if fmt == "json":
        click.echo(to_json(figures), nl=False)
    elif fmt == "md":
        echo(report_markdown(figures))
    else:
        echo(report_text(figures).rstrip("\n"))


def fail(message: str, code: int) -> None:
    click.echo(f"closer: error: {safe_for_terminal(message)}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    try:
        result = cli.main(args=argv, prog_name="closer", standalone_mode=False)
    except click.UsageError as error:
        command = f" {error.ctx.info_name}" if error.ctx and error.ctx.parent else ""
        fail(f"{error.format_message()} (see `closer{command} --help`)", 2)
    except click.ClickException as error:
        fail(error.format_message(), error.exit_code)
    except click.Abort:
        fail("aborted", 130)
    except CloserError as error:
        fail(str(error), 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as error:  # never a traceback for a user; CLOSER_DEBUG=1 shows it
        if os.environ.get("CLOSER_DEBUG"):
            raise
        fail(f"unexpected {type(error).__name__}: {error} (run with CLOSER_DEBUG=1 for details)", 70)
    sys.exit(result if isinstance(result, int) else 0)
