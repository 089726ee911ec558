"""The live closing dashboard: goals on the left, the three END stages on the right, the timer on top.

The screen edits the :class:`ClosingSession` (pure logic) and posts
:class:`SessionEdited`; the app saves in the background. Text is copied into
the session as it is typed, so nothing depends on the widgets still existing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static

from ...actions import actions_stage
from ...pacing import CLOCK_WAITS_FOR_KEYS, TICK_SECONDS
from ..messages import CopyRequested, FinishRequested, LeaveRequested, SessionEdited, SessionLogChangeRequested, SheetReadRequested
from ..widgets.title_bar import TitleBar
from ..services import services
from ...model import ASKS_WHAT_CHANGED, END_REASON_LABELS, GOAL_STATUS_LABELS, GOAL_STATUSES, ValidationError, yes_no
from ...preparation import answers_markdown, prepared_prompt_ids
from ...session import ClosingSession, budget_minutes
from ...timer import window_title
from ..widgets.goals_panel import GoalList, GoalsPanel
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.action_list import ActionList
from ..widgets.session_log import MeetingList
from ..widgets.shared_marker import SharedScreenMarker
from ..widgets.stage_panel import PromptChecklist, StagePanel
from ..widgets.timer_panel import TimerPanel, set_text
from ...method import ENDING, LOOKING_AHEAD, details_kind
from .dashboard_actions import DashboardActions

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from ...prep_sheet import SheetReading

# The dialogs and forms are imported when first opened: the dashboard's first frame needs none.

SAVE_STATE_WIDTH = 24
#: Below this many columns or rows the dashboard goes compact: no header, no prompts count, the save
#: state only when a save failed, so the notes keep at least five rows at 60x20.
COMPACT_BELOW = (70, 22)


def fields_summary(session: ClosingSession, stage: str, edit_key: str = "f4", actions_key: str = "^a") -> str:
    """The stage's decisions in a line, and the key (``edit_key``, as remapped) that edits them; in
    the actions stage, the key (``actions_key``) that goes to its actions."""
    close = session.close
    kind = details_kind(session.guide, stage)
    if kind == ENDING:
        reason = END_REASON_LABELS.get(close.end_reason or "", "not recorded")
        if close.end_reason == "other" and close.end_reason_text:
            reason += f" ({close.end_reason_text})"
        ext = close.extension.extra_meetings
        extension = f"{ext} extra meeting{'s' if ext > 1 else ''}" if ext else "none"
        if ext:
            extension += f" ({len(close.extension.meeting_dates)} dated)"
        return f"Ending: {reason} · Extension: {extension} · {edit_key} edits"
    if kind == LOOKING_AHEAD:
        gifts = ", ".join(close.gifts_acknowledged) or "none yet"
        check_ins = f" ({len(close.check_ins)} check-in{'s' if len(close.check_ins) != 1 else ''})" if close.check_ins else ""
        return (
            f"Stay in touch: {yes_no(close.stay_in_touch, unknown='?')}{check_ins} · Mentor others: mentor {yes_no(close.mentor_would_mentor_others, unknown='?')},"
            f" mentee {yes_no(close.mentee_would_mentor_others, unknown='?')} · Gifts: {gifts} · Thanks: {yes_no(close.thanks_said or None, unknown='?')}"
            f" · {edit_key} edits"
        )
    if stage == actions_stage(session.guide):
        return f"The actions agreed are below: {actions_key} goes to them"
    return "Use the prompts and the notes; this stage has no decisions to record."


def goals_left_line(goals: list) -> str:
    """'2 goals are not met as set (1 not achieved and 1 changed)', or '' when none are."""
    if not goals:
        return ""
    words = {"open": "still open", "not_achieved": "not achieved", "partly": "partly achieved", "changed": "changed"}
    counts = [(sum(1 for g in goals if g.status == status), label) for status, label in words.items()]
    parts = [f"{count} {label}" for count, label in counts if count]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    many = len(goals) > 1
    return f"{len(goals)} goal{'s' if many else ''} {'are' if many else 'is'} not met as set ({listed})"


class DashboardScreen(DashboardActions, Screen):
    """Run the close of one partnership without touching the mouse."""

    STYLE_SHEETS = ("dashboard.tcss",)  # beyond those always read (style_sheets.py)
    # The notes have the focus from the start: Textual's default, the first focusable widget (the
    # goals), would restyle the goals panel twice (its detail shown, then hidden) before the first frame.
    AUTO_FOCUS = ".notes"

    #: Widgets built only when first asked for (F8), whose keys help lists all the same.
    KEYS_BUILT_LATER = (MeetingList, ActionList)  # help lists their keys before they are built or shown

    BINDINGS = [
        # The key line shows these in this order, as far as it has room: the most used first.
        Binding("ctrl+t", "toggle_timer", "Start/pause", id="dashboard.toggle_timer", tooltip="Start or pause the close timer", priority=True),
        Binding("f3", "next_stage", "Next stage", id="dashboard.next_stage", tooltip="Move to the next END stage", priority=True),
        Binding("f2", "previous_stage", "Prev stage", id="dashboard.previous_stage", tooltip="Move to the previous END stage", priority=True),
        Binding("ctrl+n", "focus_notes", "Notes", id="dashboard.notes", tooltip="Go to this stage's notes", priority=True),
        Binding("ctrl+g", "focus_goals", "Goals", id="dashboard.goals", tooltip="Go to the goals list", priority=True),
        Binding("ctrl+l", "focus_prompts", "Prompts", id="dashboard.prompts", tooltip="Go to this stage's prompt checklist", priority=True),
        Binding("f4", "edit_details", "Details", id="dashboard.details", tooltip="Edit this stage's decisions (ending, extension, staying in touch...)", priority=True),
        Binding("ctrl+a", "focus_actions", "Actions", id="dashboard.actions", tooltip="Go to the actions agreed for after the close (with none yet, add the first)", priority=True),
        Binding("ctrl+f", "finish_close", "Finish", id="dashboard.finish_close", tooltip="Finish the close: mark the partnership closed and show its summary", priority=True),
        Binding("f7", "add_minutes(1)", "+1 min", id="dashboard.minute_more", tooltip="Give this stage a minute more", priority=True),
        Binding("f6", "add_minutes(-1)", "−1 min", id="dashboard.minute_less", tooltip="Take a minute from this stage's time budget", priority=True),
        Binding("f8", "toggle_session_log", "Session log", id="dashboard.session_log", tooltip="Show or hide the session log beside the first stage's notes (Evaluate)", priority=True),
        Binding("f9", "private_notes", "Private", id="dashboard.private_notes", tooltip="The facilitator's private notes (left out of exports)", priority=True),
        Binding("ctrl+b", "edit_budgets", "Budgets", id="dashboard.budgets", tooltip="Change the time budget of each stage for this close", priority=True),
        Binding("ctrl+s", "save_now", "Save", id="dashboard.save", tooltip="Save now (closer also saves as you type)", priority=True),
        Binding("ctrl+r", "reset_timer", "Reset timer", id="dashboard.reset_timer", tooltip="Set the timer back to zero (asks first)", priority=True),
        Binding("f12", "toggle_bell", "Bell", id="dashboard.bell", tooltip="Ring the terminal bell when a stage's budget runs out", priority=True),
        Binding("ctrl+e", "correct_details", "Correct details", id="dashboard.correct_details", tooltip="Correct the partnership's names, programme, dates or agreed duration", priority=True),
        Binding("f10", "show_audience_command", "Audience view", id="dashboard.audience", tooltip="Show (and copy) the command that opens the audience view to share on the call", priority=True),
        Binding("escape", "leave", "Back", id="dashboard.back", tooltip="Close the session log if it is open, else save and go back to the list of partnerships"),
    ]

    def __init__(
        self, session: ClosingSession, *, read_only: bool = False, notice: str = "", editor_after_first_frame: bool = False
    ) -> None:
        """``notice``: a word on how the dashboard came to open (a follow-on just started), shown in
        its own status box until the first change, not in a toast over the notes.
        ``editor_after_first_frame``: the first frame shows the notes, and the app has their editor
        built just after it (:meth:`bring_in_editors`; notes_preview.py)."""
        super().__init__()
        self.session = session
        self.read_only = read_only
        self.notice = notice
        self._notice_told = False  # said in a toast, the window being too small for the status box
        self.editor_after_first_frame = editor_after_first_frame
        self._clock_due = False  # the clock changed while someone was typing
        p = session.partnership
        self.sub_title = f"{p.mentee} (mentee) and {p.mentor} (mentor)"

    @property
    def people(self) -> dict[str, str]:
        p = self.session.partnership
        return {"mentor": p.mentor, "mentee": p.mentee}

    # --- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The notes are two levels below the screen: on every keystroke Textual repaints
        # the notes' ancestors and all of their children, so the tree is kept flat. The
        # top bar and the keys are docked; the goals and the stage lie side by side.
        with Vertical(id="dashboard-top"):
            yield TitleBar()
            yield SharedScreenMarker()
            with Horizontal(id="top-bar"):
                yield TimerPanel(id="timer", classes=TimerPanel.classes_for(self.session.timer))
                with Vertical(id="status-box"):
                    yield Static("", id="discussed")
                    yield Static("", id="save-state")
                    yield Static(self.notice, id="notice", markup=False, classes="" if self.notice else "-empty")
        yield GoalsPanel(id="goals-panel")
        # The others are built when first visited, each with its editor.
        yield self.new_stage_panel(self.session.stage, editor_after_first_frame=self.editor_after_first_frame)
        yield KeyFooter()

    def new_stage_panel(self, stage: str, *, editor_after_first_frame: bool = False) -> StagePanel:
        stages = self.session.guide.stages
        index = self.session.guide.stage_keys.index(stage)
        return StagePanel(
            stages,
            index,
            self.session.close.prompts_discussed,
            self.session.notes(stage),
            fields=self.fields_line(stage),
            read_only=self.read_only or self.session.closed,
            prepared=prepared_prompt_ids(self.session.partnership),
            below_prompts=self.actions_panel_for(stage),
            editor_after_first_frame=editor_after_first_frame,
        )

    def on_mount(self) -> None:
        self.query_one(GoalsPanel).show(self.session.partnership.goals)
        self.refresh_status()
        app = services(self)
        self.saver, self.collector = app.saver, app.collector
        self.show_save_state(self.saver.state_text())
        app.save_state_signal.subscribe(self, lambda state: self.show_save_state(*state), immediate=True)
        app.final_save_signal.subscribe(self, lambda _: self.copy_notes_into_session(), immediate=True)
        app.session_log_signal.subscribe(self, self._session_log_changed)
        app.sheet_read_signal.subscribe(self, self.sheet_read)
        self.set_interval(TICK_SECONDS, self.tick)
        self.action_focus_notes()
        self.call_after_refresh(self._collect_in_pauses)

    async def bring_in_editors(self) -> None:
        """The notes' editors in place of the first frame's previews (``editor_after_first_frame``)."""
        for panel in self.query(StagePanel):
            await panel.bring_in_editor()

    def _collect_in_pauses(self) -> None:
        """Full garbage collections wait for pauses in typing (see pacing.py), while this is open."""
        if self.is_attached:
            self.collector.start()

    def on_resize(self, event: events.Resize) -> None:
        width, height = COMPACT_BELOW
        compact = event.size.width < width or event.size.height < height
        self.set_class(compact, "-compact")
        if compact and self.notice and not self._notice_told:
            # A compact window has no room for the status box: the opening notice goes in a toast.
            self._notice_told = True
            self.notify(self.notice, timeout=6)

    def on_unmount(self) -> None:
        self.collector.stop()
        services(self).show_window_title(None)

    # --- showing state --------------------------------------------------------

    def show_clock(self) -> None:
        self._clock_due = False
        self.query_one(TimerPanel).show(self.session.timer, self.session.stage_title())
        self.show_window_title()

    def show_window_title(self) -> None:
        """The time left and the stage in the terminal's title (no frame needed: drawn even while typing)."""
        services(self).show_window_title(window_title(self.session.timer, self.session.stage_title()))

    def tick(self) -> None:
        # While someone types, the clock is drawn in the frame of their next keystroke:
        # a frame of its own would make the keystroke right after it wait for the next one.
        if self.collector.typed_within(CLOCK_WAITS_FOR_KEYS):
            self._clock_due = True
            self.show_window_title()
        else:
            self.show_clock()
        if self.session.timer.just_went_over() and services(self).bell_on:
            self.app.bell()
        settled = self.saver.settled_text()
        if settled is not None:
            self.show_save_state(settled)
        self.collector.collect_if_paused()

    def refresh_status(self) -> None:
        self.show_clock()
        set_text(self.query_one("#discussed", Static), self.session.guide.discussed_line(self.session.close.prompts_discussed))

    def clear_notice(self) -> None:
        """The opening notice has been read once something changes (an edit, a stage, a tick)."""
        if self.notice:
            self.notice = ""
            notice = self.query_one("#notice", Static)
            notice.update("")
            notice.add_class("-empty")

    def show_fields(self) -> None:
        for panel in self.query(StagePanel):
            panel.show_fields(self.fields_line(panel.stage.key))

    def fields_line(self, stage: str) -> str:
        """:func:`fields_summary` with the keys as the keymap sets them."""
        return fields_summary(self.session, stage, key_name(self, "dashboard.details"), key_name(self, "dashboard.actions"))

    def show_save_state(self, text: str, failed: bool = False) -> None:
        state = self.query_one("#save-state", Static)
        set_text(state, text.ljust(SAVE_STATE_WIDTH))  # same length: no layout when it flips
        state.set_class(failed, "failed")
        self.set_class(failed, "-save-failed")  # shown even on a compact dashboard

    def edited(self) -> None:
        self.clear_notice()
        self.refresh_status()
        self.post_message(SessionEdited())

    def current_panel(self) -> StagePanel:
        return self.query_one(f"#stage-{self.session.stage}", StagePanel)

    # --- the stages -------------------------------------------------------------

    async def show_stage(self, stage: str) -> None:
        if not self.query(f"#stage-{stage}"):
            await self.mount(self.new_stage_panel(stage), before=self.query_one(KeyFooter))
        for panel in self.query(StagePanel):
            panel.display = panel.stage.key == stage
        self.clear_notice()
        self.refresh_status()

    async def action_next_stage(self) -> None:
        await self.show_stage(self.session.next_stage())
        self.post_message(SessionEdited())
        self.action_focus_notes()

    async def action_previous_stage(self) -> None:
        await self.show_stage(self.session.previous_stage())
        self.post_message(SessionEdited())
        self.action_focus_notes()

    async def action_choose_stage(self, index: int) -> None:
        """A click on a stage in the stage line."""
        stages = self.session.guide.stage_keys
        if not 0 <= index < len(stages) or stages[index] == self.session.stage:
            return
        self.session.go_to_stage(stages[index])
        await self.show_stage(stages[index])
        self.edited()
        self.action_focus_notes()

    # --- focus ----------------------------------------------------------------

    def action_focus_notes(self) -> None:
        self.current_panel().focus_notes()

    def action_focus_prompts(self) -> None:
        self.current_panel().query_one(PromptChecklist).focus()

    def action_focus_goals(self) -> None:
        self.query_one(GoalList).focus()

    # --- typing and ticking ---------------------------------------------------------

    def copy_notes_into_session(self) -> None:
        """Take the text of every editor the facilitator changed (used before a final save).

        Unchanged editors are left alone: the editor normalises line breaks, and
        a note nobody touched must be saved exactly as it was.
        """
        if self.read_only or self.session.closed:
            return
        for panel in self.query(StagePanel):
            notes = panel.changed_notes()
            if notes is not None:
                self.session.set_notes(panel.stage.key, notes)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not event.text_area.has_class("notes"):
            return
        event.stop()
        if self.read_only or self.session.closed:
            return
        stage = (event.text_area.id or "").removeprefix("notes-")
        self.session.set_notes(stage, event.text_area.text)
        self.saver.soon()  # what SessionEdited does, without two message hops on every keystroke
        self.clear_notice()
        if self._clock_due:
            self.show_clock()

    # --- where the facilitator's cursor is in the checklist (the audience view highlights it) ---

    @on(OptionList.OptionHighlighted, "PromptChecklist")
    def _prompt_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.has_focus:
            self.show_prompt_cursor(event.option.id)
        panel = self.current_panel()
        if panel.prepared_prompt not in (None, event.option.id):  # the answers follow the cursor
            panel.show_prepared_answers(event.option.id, answers_markdown(self.session.partnership, event.option.id))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, PromptChecklist) and event.widget.highlighted is not None:
            self.show_prompt_cursor(event.widget.get_option_at_index(event.widget.highlighted).id)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, PromptChecklist):
            self.show_prompt_cursor(None)

    def show_prompt_cursor(self, prompt_id: str | None) -> None:
        if not self.read_only and not self.session.closed and self.session.close.prompt_cursor != prompt_id:
            self.session.set_prompt_cursor(prompt_id)
            self.post_message(SessionEdited())

    # --- the partners' preparation ------------------------------------------------------------

    @on(PromptChecklist.PreparedRequested)
    def _prepared_requested(self, event: PromptChecklist.PreparedRequested) -> None:
        panel = self.current_panel()
        if panel.prepared_prompt == event.prompt_id:
            panel.hide_prepared()
        else:
            panel.show_prepared_answers(event.prompt_id, answers_markdown(self.session.partnership, event.prompt_id))

    def read_sheet(self) -> None:
        """Ask for the file of a partner's filled sheet; the app reads it (SheetReadRequested)."""
        from .dialogs import TextDialog

        self.app.push_screen(
            TextDialog(
                "Read a reflection sheet",
                "The file of a partner's filled sheet (written with closer prep ID --for mentor or mentee):",
                required=True,
            ),
            lambda path: self.post_message(SheetReadRequested(path)) if path else None,
        )

    def sheet_read(self, reading: SheetReading) -> None:
        """A sheet's answers are in the session now: show them wherever they appear."""
        partnership = self.session.partnership
        self.query_one(GoalsPanel).show(partnership.goals)
        prepared = prepared_prompt_ids(partnership)
        for panel in self.query(StagePanel):
            panel.query_one(PromptChecklist).show_prepared(prepared, self.session.close.prompts_discussed)
            if panel.prepared_prompt is not None:
                panel.show_prepared_answers(panel.prepared_prompt, answers_markdown(partnership, panel.prepared_prompt))
        problems = "".join(f"\n{problem}" for problem in reading.problems)
        self.notify(reading.summary[:1].upper() + reading.summary[1:] + problems, title="Sheet read", timeout=20 if problems else 8)
        self.edited()

    @on(PromptChecklist.Toggled)
    def _prompt_toggled(self, event: PromptChecklist.Toggled) -> None:
        if not self.guard_writable():
            return
        ticked = self.session.toggle_prompt(event.prompt_id)
        event.control.show_ticked(event.prompt_id, ticked)
        self.edited()

    def guard_writable(self) -> bool:
        if self.read_only:
            self.notify("This window is read-only; nothing can be saved here.", severity="warning")
            return False
        if self.session.closed:
            self.notify("This partnership is closed. Reopen it from its summary to edit.", severity="warning")
            return False
        return True

    # --- the timer -------------------------------------------------------------

    def action_toggle_timer(self) -> None:
        if not self.guard_writable():
            return
        self.session.toggle_timer()
        self.edited()

    def action_reset_timer(self) -> None:
        from .dialogs import ConfirmDialog

        if not self.guard_writable():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.reset_timer()
                self.edited()

        self.app.push_screen(ConfirmDialog("Reset the timer?", "All time used in every stage goes back to zero."), answered)

    def action_edit_budgets(self) -> None:
        from .dialogs import TextDialog

        if not self.guard_writable():
            return
        budgets = self.session.timer.budgets
        stages = self.session.guide.stages
        current = ", ".join(f"{budgets[s.key] / 60:g}" for s in stages)

        def problem(text: str) -> str | None:
            try:
                budget_minutes(text, len(stages))
            except ValidationError as error:
                return error.reason
            return None

        def answered(text: str | None) -> None:
            if text:
                self.session.set_budgets(budget_minutes(text, len(stages)))
                self.edited()

        self.app.push_screen(
            TextDialog(
                "Time budgets",
                f"Minutes per stage, {' / '.join(s.title for s in stages)} (now {current}), or one total to share out:",
                current,
                check=problem,
            ),
            answered,
        )

    def action_toggle_bell(self) -> None:
        on = not services(self).bell_on
        services(self).set_bell(on)
        self.notify("The bell rings when a stage runs out of time." if on else "Bell off.")

    def action_add_minutes(self, minutes: int) -> None:
        if not self.guard_writable():
            return
        self.session.add_minutes(minutes)
        self.edited()  # the stage line shows the new budget: "04:10 left of 09:00"

    # --- goals ------------------------------------------------------------------

    @on(GoalList.Requested)
    def _goal_requested(self, event: GoalList.Requested) -> None:
        from .dialogs import ChoiceDialog, ConfirmDialog, TextDialog
        from .goal_views import GoalViewsScreen

        if not self.guard_writable():
            return
        if event.what == "read_sheet":
            self.read_sheet()
        elif event.what == "add":
            p = self.session.partnership
            whose = [("mentee", f"{p.mentee}'s (the mentee's goal)"), ("mentor", f"{p.mentor}'s own (the mentor's goal)")]
            self.app.push_screen(ChoiceDialog("Whose goal is it?", whose, current="mentee"), self._goal_owner_chosen)
        elif event.what == "views" and event.goal_id:
            goal_id = event.goal_id
            self.app.push_screen(
                GoalViewsScreen(self.session.goal(goal_id), self.people),
                lambda views: self._views_entered(goal_id, views),
            )
        elif event.what == "remove" and event.goal_id:
            goal = self.session.goal(event.goal_id)
            self.app.push_screen(
                ConfirmDialog("Remove this goal?", f"“{goal.text}” comes off the partnership. Its record keeps it in the history."),
                lambda yes: self._remove_goal(event.goal_id) if yes else None,
            )
        elif event.what == "edit" and event.goal_id:
            goal = self.session.goal(event.goal_id)
            self.app.push_screen(
                TextDialog("Edit goal", "The goal, in a line:", goal.text, required=True),
                lambda text: self._edit_goal(event.goal_id, text),
            )
        elif event.what == "status" and event.goal_id:
            goal = self.session.goal(event.goal_id)
            options = [(status, GOAL_STATUS_LABELS[status]) for status in GOAL_STATUSES]
            self.app.push_screen(
                ChoiceDialog(f"Outcome of: {goal.text}", options, current=goal.status),
                lambda status: self._status_chosen(event.goal_id, status),
            )

    def _remove_goal(self, goal_id: str) -> None:
        self.session.remove_goal(goal_id)
        self.query_one(GoalsPanel).show(self.session.partnership.goals)
        self.edited()

    def _goal_owner_chosen(self, owner: str | None) -> None:
        from .dialogs import TextDialog

        if owner is None:
            return
        question = "The mentee's goal, in a line:" if owner == "mentee" else "The mentor's own goal, in a line:"
        self.app.push_screen(TextDialog("Add a goal", question, required=True), lambda text: self._add_goal(text, owner))

    def _views_entered(self, goal_id: str, views: dict | None) -> None:
        if views is None:
            return
        try:
            self.session.set_goal_views(goal_id, views)
        except ValidationError as error:
            self.notify(error.reason, title="Views not changed", severity="error")
            return
        self.query_one(GoalsPanel).show(self.session.partnership.goals, keep=goal_id)
        prepared = prepared_prompt_ids(self.session.partnership)
        for panel in self.query(StagePanel):
            panel.query_one(PromptChecklist).show_prepared(prepared, self.session.close.prompts_discussed)
        self.edited()

    def _add_goal(self, text: str | None, owner: str = "mentee") -> None:
        if not text:
            return
        try:
            goal = self.session.add_goal(text, owner)
        except ValidationError as error:
            self.notify(error.reason, title="Goal not added", severity="error")
            return
        self.query_one(GoalsPanel).show(self.session.partnership.goals, keep=goal.id)
        self.edited()

    def _edit_goal(self, goal_id: str, text: str | None) -> None:
        if not text:
            return
        try:
            self.session.edit_goal(goal_id, text)
        except ValidationError as error:
            self.notify(error.reason, title="Goal not changed", severity="error")
            return
        self.query_one(GoalsPanel).show(self.session.partnership.goals)
        self.edited()

    def _status_chosen(self, goal_id: str, status: str | None) -> None:
        from .dialogs import TextDialog

        if status is None:
            return
        goal = self.session.goal(goal_id)
        if status == "not_achieved":
            self.app.push_screen(
                TextDialog("Not achieved", "What got in the way of this goal?", goal.not_met_reason, required=True),
                lambda reason: self._apply_status(goal_id, status, reason=reason) if reason else None,
            )
        elif status == "partly":

            def why_partly(changed: str | None) -> None:  # escape cancels, as for any outcome
                if changed is None:
                    return
                self.app.push_screen(
                    TextDialog("Partly achieved", "What held it back from going all the way?", goal.partly_reason),
                    lambda reason: self._apply_status(goal_id, status, reason=reason, what_changed=changed) if reason is not None else None,
                )

            self.app.push_screen(TextDialog("Partly achieved", "What changed as a result, as far as it went?", goal.what_changed), why_partly)
        elif status in ASKS_WHAT_CHANGED:
            question = "How did the goal change, and why?" if status == "changed" else "What changed as a result?"
            self.app.push_screen(
                TextDialog(GOAL_STATUS_LABELS[status].capitalize(), question, goal.what_changed),
                # Enter with nothing typed keeps the status without words; escape cancels, as its hint says
                lambda changed: self._apply_status(goal_id, status, what_changed=changed) if changed is not None else None,
            )
        else:
            self._apply_status(goal_id, status)

    def _apply_status(self, goal_id: str, status: str, *, reason: str = "", what_changed: str = "") -> None:
        try:
            self.session.set_goal_status(goal_id, status, reason=reason, what_changed=what_changed)
        except ValidationError as error:
            self.notify(error.reason, title="Goal not changed", severity="error")
            return
        self.query_one(GoalsPanel).show(self.session.partnership.goals, keep=goal_id)
        self.edited()

    # --- the rest of the close ------------------------------------------------------

    def action_edit_details(self) -> None:
        from .close_details import CloseDetailsScreen

        if not self.guard_writable():
            return
        kind = details_kind(self.session.guide, self.session.stage)
        if kind is None:
            self.notify(f"{self.session.stage_title()} has no decisions to record: use the prompts and notes.")
            return
        self.app.push_screen(CloseDetailsScreen(kind, self.session.stage_title(), self.session.close), self._details_entered)

    def _details_entered(self, fields: dict | None) -> None:
        if not fields:
            return
        try:
            self.session.update_close(**fields)
        except ValidationError as error:
            self.notify(error.reason, title="Not changed", severity="error")
            return
        self.show_fields()
        self.edited()

    def action_correct_details(self) -> None:
        from .partnership_form import EditDetailsScreen, details_of

        if not self.guard_writable():
            return

        def entered(details: dict | None) -> None:
            if details is None:
                return
            try:
                self.session.correct_details(details)
            except ValidationError as error:  # the form checks the same rules: only a race gets here
                self.notify(error.reason, title="Not changed", severity="error")
                return
            p = self.session.partnership
            self.sub_title = f"{p.mentee} (mentee) and {p.mentor} (mentor)"
            self.edited()

        self.app.push_screen(EditDetailsScreen(details_of(self.session.partnership)), entered)

    def action_private_notes(self) -> None:
        from .dialogs import NotesDialog

        if not self.guard_writable() or services(self).refuse_in_shared_screen("The private facilitator notes"):
            return
        self.app.push_screen(
            NotesDialog(
                "Private facilitator notes",
                self.session.close.private_notes,
                "Only for the facilitator: left out of exports and summaries unless asked for.",
            ),
            self._private_notes_entered,
        )

    def _private_notes_entered(self, text: str | None) -> None:
        if text is not None:
            self.session.set_private_notes(text)
            self.edited()

    async def action_toggle_session_log(self) -> None:
        """Show the session log beside the first stage's notes, with the cursor in it; again, hide it."""
        first = self.session.guide.stage_keys[0]
        if self.session.stage != first:
            self.session.go_to_stage(first)
            await self.show_stage(first)
            self.edited()
        panel = self.query_one(f"#stage-{first}", StagePanel)
        log = panel.session_log()
        if log is not None and log.display and log.has_focus_within:
            panel.hide_session_log()
            self.action_focus_notes()
            return
        log = await panel.show_session_log(self.session.partnership.meetings)
        log.focus_meetings()

    # --- the session log (F8): changed through the app's workflow, shown when it answers ---

    @on(MeetingList.Requested)
    def _meeting_requested(self, event: MeetingList.Requested) -> None:
        from .dialogs import ConfirmDialog
        from .meeting_dialog import MeetingDialog

        event.stop()
        if not self.guard_writable():
            return
        pid = self.session.partnership.id
        if event.what == "add":
            self.app.push_screen(MeetingDialog("Log a meeting"), lambda fields: self._ask_log_change(None, fields))
            return
        meeting = self.session.partnership.meetings[event.index]
        if event.what == "edit":
            self.app.push_screen(MeetingDialog(f"The meeting of {meeting.date}", meeting), lambda fields: self._ask_log_change(event.index, fields))
        elif event.what == "remove":
            notes = " ".join(meeting.notes.split())
            shown = f"“{notes[:80]}{'…' if len(notes) > 80 else ''}”" if notes else "(no notes)"
            self.app.push_screen(
                ConfirmDialog("Remove this meeting?", f"The meeting of {meeting.date}, {shown}, comes off the session log."),
                lambda yes: self.post_message(SessionLogChangeRequested(pid, event.index, None)) if yes else None,
            )

    def _ask_log_change(self, index: int | None, fields: dict | None) -> None:
        if fields is not None:
            self.post_message(SessionLogChangeRequested(self.session.partnership.id, index, fields))

    def _session_log_changed(self, change: tuple[str, list, int | None]) -> None:
        partnership_id, meetings, changed = change
        if partnership_id != self.session.partnership.id:
            return
        for panel in self.query(StagePanel):
            log = panel.session_log()
            if log is not None:
                log.show(meetings, keep=changed)

    def action_show_audience_command(self) -> None:
        command = services(self).audience_command(self.session.partnership.id)
        self.notify(
            f"Run this in a second terminal window and share that window:\n{command}\n"
            "It shows no private notes and nothing else.",
            title="Audience view",
            timeout=30,
        )
        self.post_message(CopyRequested(command, "The command"))

    def action_save_now(self) -> None:
        self.saver.soon(immediately=True)

    def action_finish_close(self) -> None:
        from .dialogs import ConfirmDialog

        if not self.guard_writable():
            return
        question = "The partnership becomes closed, the timer stops, and its summary is shown."
        left = goals_left_line(self.session.goals_left_open())
        if left:
            question += f" {left}: you can carry them into a new partnership next."
        self.app.push_screen(ConfirmDialog("Finish the close?", question), self._finish_confirmed)

    def _finish_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.post_message(FinishRequested())

    def action_leave(self) -> None:
        panel = self.current_panel()
        if panel.session_log_shown:  # escape closes the panel in sight first, as it does every other
            panel.hide_session_log()
            return
        self.post_message(LeaveRequested())
