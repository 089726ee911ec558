"""`c` copies the record (and the report, and f10 the audience command) and says honestly where it went:
"copied to the system clipboard" only when a clipboard tool confirmed; otherwise that the terminal was
asked, and the file that holds the text."""

from __future__ import annotations

from closer_tui.export import export_text
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.report import ReportScreen
from closer_tui.tui.screens.summary import SummaryScreen


def messages(app: CloserApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def exports(home) -> list:
    return sorted(home.rglob("closer-exports/*"))


async def test_a_copy_a_clipboard_tool_confirmed_says_so_and_writes_no_file(filled_db, partnerships, system_clipboard, private_home):
    system_clipboard.tool = "xclip"
    closed = partnerships[2]
    app = CloserApp(filled_db, partnership_id=closed.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("c")
        (markdown,) = system_clipboard.copied
        assert markdown.startswith(f"# {closed.mentee} and {closed.mentor}")
        assert app.clipboard == markdown  # the terminal was asked too (OSC 52)
        assert any("copied to the system clipboard (with xclip)" in m for m in messages(app)), messages(app)
        assert not any("asked the terminal" in m for m in messages(app))
    assert exports(private_home) == []


async def test_without_a_clipboard_tool_the_message_says_the_terminal_was_asked_and_names_the_file(
    filled_db, partnerships, system_clipboard, private_home
):
    closed = partnerships[2]
    app = CloserApp(filled_db, partnership_id=closed.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert system_clipboard.copied  # the system clipboard was tried first
        (file,) = exports(private_home)
        with Store.open_reader(filled_db) as store:
            assert file.read_text(encoding="utf-8") == export_text(store.get(closed.id), "md")
        (message,) = [m for m in messages(app) if "asked the terminal" in m]
        assert "works only where the terminal allows it" in message and str(file) in message
        assert not any("copied to the system clipboard" in m for m in messages(app))


async def test_the_report_is_kept_in_a_file_when_no_tool_confirms_its_copy(filled_db, private_home):
    app = CloserApp(filled_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("c")
        (file,) = exports(private_home)
        assert file.name.startswith("closer-report-") and file.read_text(encoding="utf-8") == app.screen.markdown
        assert any(str(file) in m and "asked the terminal" in m for m in messages(app))


async def test_the_audience_command_is_shown_and_its_copy_reported_honestly(filled_db, partnerships, system_clipboard, private_home):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.press("f10")
        command = f"closer --db {filled_db.resolve()} present {partnerships[0].id}"
        assert system_clipboard.copied == [command]
        assert any(command in m for m in messages(app))  # on screen: no file needed
        assert any("The command: asked the terminal to copy it" in m for m in messages(app)), messages(app)
        assert not any("clipboard" in m and "sent to the clipboard" in m for m in messages(app))
    assert exports(private_home) == []
