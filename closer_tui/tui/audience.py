"""The audience view: what the facilitator shares on the call, in a window of its own.

Read-only and live: it polls one partnership's file (a stat, ten times a second),
reads it again in a worker when the facilitator's app has saved it, and runs the
clock on from the saved timer state. Safe by construction: it reads that one
file with the private notes dropped (audience.py), never the index, never takes
the writer lock, never writes, and its only keys are its layouts, the theme and quit.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..assets import style_paths
from ..audience import AudienceView, file_signature, read_audience_view, record_file
from ..control_characters import safe_for_terminal
from ..errors import CloserError
from ..timer import Clock, format_clock, format_remaining
from .style_cache import KeepsParsedStyles
from .themes import CLOSER_THEMES, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT
from .widgets.big_text import BigText
from .widgets.notes_tail import NotesTail

POLL_SECONDS = 0.1  # a stat of one file: the facilitator's save shows within this, plus the read
CLOCK_SECONDS = 0.25  # the clock is redrawn only when the text it shows changes
LAYOUTS = {"timer": "-timer-only", "stage": "-timer-stage", "all": "-everything"}
WAITING = "Waiting for the facilitator…"


class AudienceApp(KeepsParsedStyles, App):
    """``closer present ID``: the audience's view of one close, following the facilitator's saves."""

    TITLE = "closer: audience view"
    CSS_PATH = style_paths("audience.tcss")
    ENABLE_COMMAND_PALETTE = False  # nothing to find here: the view has its keys and nothing else
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = [
        Binding("1", "layout('timer')", "Timer", id="audience.timer_only", tooltip="Only the timer and the stage"),
        Binding("2", "layout('stage')", "Stage", id="audience.timer_stage", tooltip="The timer, the stage and its prompts"),
        Binding("3", "layout('all')", "All", id="audience.everything", tooltip="Timer, prompts, goals and notes"),
        Binding("t", "toggle_theme", "Light/dark", id="audience.theme", tooltip="Switch between the dark and light high-contrast themes"),
        Binding("q", "quit", "Quit", id="audience.quit", tooltip="Close the audience view (the close goes on)"),
    ]

    def __init__(self, db: Path, partnership_id: str, *, clock: Clock = time.time, layout: str = "all") -> None:
        super().__init__()
        self.db = Path(db)
        self.partnership_id = partnership_id
        self.clock = clock
        self.path = record_file(self.db, partnership_id)
        self.view: AudienceView | None = None
        self.layout = layout
        self._signature: tuple[int, int, int] | None = None
        # The theme and the layout class are set before anything is styled: set in on_mount,
        # each would have Textual parse and apply every style again.
        for theme in CLOSER_THEMES:
            self.register_theme(theme)
        self.theme = HIGH_CONTRAST_DARK.name
        self.action_layout(layout)

    def compose(self) -> ComposeResult:
        # Kept as attributes, not queried: the poll and the clock may fire while the app
        # shuts down, when a query would find nothing and an update is simply lost.
        self.names = Static("", id="aud-names", markup=False)
        self.stages = Static("", id="aud-stages", markup=False)
        self.clock_text = BigText(id="aud-clock")
        self.stage_title = BigText(id="aud-stage-title")
        self.total = Static("", id="aud-total", markup=False)
        self.waiting = Static(WAITING, id="aud-waiting", markup=False)
        self.prompts = Static("", id="aud-prompts")
        self.goals = Static("", id="aud-goals")
        self.notes = NotesTail("(no notes yet)", id="aud-notes")
        with Vertical(id="audience"):
            yield from (self.names, self.stages, self.clock_text, self.stage_title, self.total, self.waiting)
            with Horizontal(id="aud-detail"):
                yield self.prompts
                with Vertical(id="aud-side"):
                    yield self.goals
                    yield self.notes
            yield Static("1 timer · 2 stage · 3 all · t light/dark · q quit", id="aud-keys", markup=False)

    def on_mount(self) -> None:
        self.first_read()
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(CLOCK_SECONDS, self.show_clock)

    # --- following the facilitator's saves ----------------------------------------

    def poll(self) -> None:
        signature = file_signature(self.path)
        if signature is None:
            self.show_waiting(True)
        elif signature != self._signature:
            self._signature = signature
            self.read_view()

    def first_read(self) -> None:
        """The first view is read here, before the first frame: nothing is on screen yet to keep
        responsive, and a worker would cost the view a frame of start-up. Later reads run in a worker."""
        signature = file_signature(self.path)
        if signature is None:
            self.show_waiting(True)
            return
        try:
            view = read_audience_view(self.db, self.partnership_id, self.clock)
        except (CloserError, OSError):
            self.show_waiting(True)  # polled again: read when the file next changes
            return
        self._signature = signature
        self.show(view)

    @work(thread=True, exclusive=True, group="audience-read")
    def read_view(self) -> None:
        try:
            view = read_audience_view(self.db, self.partnership_id, self.clock)
        except (CloserError, OSError):
            # Mid-replace, or damaged for a moment: keep the last good view, say so, and
            # read again at the next change of the file.
            self.call_from_thread(self._unreadable)
            return
        self.call_from_thread(self.show, view)

    def _unreadable(self) -> None:
        self._signature = None
        self.show_waiting(True)

    def show_waiting(self, waiting: bool) -> None:
        self.waiting.display = waiting

    # --- showing it -------------------------------------------------------------------

    def show(self, view: AudienceView) -> None:
        self.view = view
        self.show_waiting(False)
        # Each save of the facilitator's changes one thing or two: only what changed is drawn again,
        # so the view takes as little as it can from the machine the facilitator types on.
        update = self._update_if_changed
        update(self.names, f"{view.mentee} and {view.mentor}")
        update(
            self.stages,
            "   ".join(
                f"▶ {i + 1}. {title}" if i == view.stage_index else f"{i + 1}. {title}"
                for i, title in enumerate(view.stage_titles)
            )
        )
        self.stage_title.text = view.stage_title
        update(self.prompts, self.prompts_content(view))
        update(self.goals, self.goals_content(view))
        self.notes.text = safe_for_terminal(view.notes)  # its last lines: the latest words stay in view
        self.show_clock()

    @staticmethod
    def _update_if_changed(widget: Static, content: str | Content) -> bool:
        if getattr(widget, "shown", None) == content:
            return False
        widget.update(content)
        widget.shown = content
        return True

    def prompts_content(self, view: AudienceView) -> Content:
        lines = [Content.styled(f"{view.stage_title}: {view.discussed_line}", "bold")]
        for prompt in view.prompts:
            text = f"{'✔' if prompt.discussed else '○'} {safe_for_terminal(prompt.text)}"
            if prompt.id == view.prompt_cursor:
                lines.append(Content.assemble(("▶ ", "bold"), (text, "bold reverse")))
            else:
                line = Content(text)  # Textual drops a wrapped line's leading spaces: no indent to keep
                lines.append(line.stylize("dim") if prompt.discussed else line)
        return Content("\n").join(lines)

    def goals_content(self, view: AudienceView) -> Content:
        lines = [Content.styled("Goals", "bold")]
        lines += [Content(f"{g.symbol} {safe_for_terminal(g.text)} ({g.status})") for g in view.goals]
        if view.actions:  # agreed in Next steps: under the goals they serve
            lines.append(Content.styled("Actions", "bold"))
            for action in view.actions:
                line = Content(f"{'✔' if action.done else '☐'} {safe_for_terminal(action.text)} ({safe_for_terminal(action.details)})")
                lines.append(line.stylize("dim") if action.done else line)
        return Content("\n").join(lines)

    def show_clock(self) -> None:
        view = self.view
        if view is None:
            return
        timer = view.timer
        remaining = timer.remaining()
        clock = self.clock_text
        text = format_remaining(remaining)
        if clock.text != text:
            clock.text = text
        clock.set_class(remaining < 0, "overtime")
        state = "closed" if view.closed else ("running" if timer.running else "paused")
        total = f"Close {format_clock(timer.total_used)} of {format_clock(timer.total_budget)} · {state}"
        if remaining < 0:
            total = f"OVERTIME · {total}"
        self._update_if_changed(self.total, total)  # an idle view draws nothing: no update, no frame

    # --- keys ---------------------------------------------------------------------

    def action_layout(self, layout: str) -> None:
        self.layout = layout if layout in LAYOUTS else "all"
        for name, css_class in LAYOUTS.items():
            self.set_class(name == self.layout, css_class)

    def action_toggle_theme(self) -> None:
        dark = self.theme == HIGH_CONTRAST_DARK.name
        self.theme = HIGH_CONTRAST_LIGHT.name if dark else HIGH_CONTRAST_DARK.name
