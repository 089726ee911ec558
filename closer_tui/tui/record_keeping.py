"""Keeping the record after the close, for the app: the session log, follow-on partnerships, the trash.

Mixed into the app (app.py): screens ask by message, the desk runs the
workflow, and the answer comes back as a screen, a notification or a signal.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.signal import Signal

from .messages import DeleteRequested, FollowOnRequested, SessionLogChangeRequested, TrashRequested
from .workflow import WORKFLOW_ERRORS, run_workflow

if TYPE_CHECKING:
    from ..autosave import SessionSaver
    from ..desk import Desk, FollowOn, FollowOnPlan, Restored
    from ..model import Meeting, Partnership
    from ..session import ClosingSession
    from ..store.trash import TrashEntry
    from ..summary import Summary

# The dialogs are imported when first shown: none is needed for the first frame.


class RecordKeeping(App):
    """The app's handlers for what happens to a record after (and around) its close."""

    desk: Desk | None
    saver: SessionSaver | None
    #: (partnership id, its meetings, the index of the meeting changed or None): a session log changed
    session_log_signal: Signal[tuple[str, list[Meeting], int | None]]

    # The rest of the app, used here.
    def refuse_in_shared_screen(self, what: str) -> bool:
        raise NotImplementedError

    def refuse_when_read_only(self, message: str) -> bool:
        raise NotImplementedError

    def refresh_list(self, select: str | None = None) -> None:
        raise NotImplementedError

    def _opened(self, opened: ClosingSession | Summary, notice: str = "") -> None:
        raise NotImplementedError

    @on(FollowOnRequested)
    def _follow_on_requested(self, request: FollowOnRequested) -> None:
        if self.refuse_in_shared_screen("Starting another partnership"):
            return
        if not self.refuse_when_read_only("This window is read-only."):
            run_workflow(self, partial(self.desk.follow_on_plan, request.partnership_id), self._follow_on_planned, title="No follow-on")

    def _follow_on_planned(self, plan: FollowOnPlan) -> None:
        """A follow-on already started opens; else the facilitator is asked, and ticks the goals to carry."""
        if plan.existing:
            self._start_follow_on(plan.partnership_id, None)
            return
        from .screens.follow_on_dialog import FollowOnDialog

        def answered(ticked: list[str] | None) -> None:
            if ticked is not None:  # None: not now
                self._start_follow_on(plan.partnership_id, ticked)

        self.push_screen(FollowOnDialog(plan.pair, plan.goals), answered)

    def _start_follow_on(self, partnership_id: str, goal_ids: list[str] | None) -> None:
        run_workflow(self, partial(self.desk.open_follow_on, partnership_id, goal_ids), self._followed_on, title="Not saved")

    def _followed_on(self, result: tuple[FollowOn, ClosingSession | Summary]) -> None:
        follow_on, opened = result
        self.pop_screen()  # the summary it was asked from: back from the follow-on goes to the list
        self.refresh_list(select=follow_on.partnership.id)
        # Said once in the new dashboard's own status box (24 cells): a toast would cover it.
        self._opened(opened, notice="✓ follow-on started" if follow_on.created else "follow-on started before")

    @on(SessionLogChangeRequested)
    def _session_log_change_requested(self, request: SessionLogChangeRequested) -> None:
        """The open close's own log is changed here, on the thread of its other edits, and saved by the
        autosave; any other partnership's in a worker (the desk reads, changes and saves it)."""
        if self.refuse_when_read_only("This window is read-only; the session log cannot be changed."):
            return
        pid, index, fields = request.partnership_id, request.index, request.fields
        if fields is None:
            work = partial(self.desk.remove_meeting, pid, index)
        elif index is None:
            work = partial(self.desk.log, pid, fields["notes"], date=fields["date"], milestone=fields["milestone"])
        else:
            work = partial(self.desk.edit_meeting, pid, index, fields["notes"], date=fields["date"], milestone=fields["milestone"])
        done = partial(self._session_log_changed, removed=fields is None)
        if not self.desk.holds(pid):
            run_workflow(self, work, done, title="Session log not changed")
            return
        try:
            changed = work()
        except WORKFLOW_ERRORS as error:
            self.notify(str(error), title="Session log not changed", severity="error")
            return
        self.saver.soon(immediately=True)
        done(changed)

    def _session_log_changed(self, changed: tuple[Partnership, Meeting], *, removed: bool) -> None:
        partnership, meeting = changed
        meetings = list(partnership.meetings)
        at = None if removed else next(i for i, m in enumerate(meetings) if m is meeting)
        self.session_log_signal.publish((partnership.id, meetings, at))

    @on(DeleteRequested)
    def _delete_requested(self, request: DeleteRequested) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if not self.refuse_when_read_only("This window is read-only; nothing can be deleted."):
            run_workflow(self, partial(self.desk.read, request.partnership_id), self._ask_to_delete, title="Cannot delete")

    def _ask_to_delete(self, partnership: Partnership) -> None:
        from .screens.dialogs import TypeYesDialog

        question = (
            f"{partnership.mentee} with {partnership.mentor} ({partnership.id}, {partnership.status}) moves to the trash "
            "in the data folder. Nothing is erased: t on this list (or `closer restore ID`) brings it back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                run_workflow(self, partial(self.desk.delete, partnership.id), self._deleted, title="Not deleted")

        self.push_screen(TypeYesDialog("Delete this partnership?", question), answered)

    def _deleted(self, partnership: Partnership) -> None:
        self.notify(f"{partnership.mentee} with {partnership.mentor} ({partnership.id}); t brings it back.", title="Moved to the trash")
        self.refresh_list()

    @on(TrashRequested)
    def _trash_requested(self) -> None:
        if not self.refuse_in_shared_screen("The list of partnerships"):
            run_workflow(self, self.desk.trash, self._show_trash, title="Cannot read the trash")

    def _show_trash(self, entries: list[TrashEntry]) -> None:
        latest = {entry.id: entry for entry in reversed(entries) if entry.summary is not None}  # the copy deleted last
        if not latest:
            self.notify("The trash is empty." if not entries else "Nothing in the trash can be read (see `closer list --trash`).")
            return
        from .screens.dialogs import ChoiceDialog

        options = [(entry.id, trash_label(entry)) for entry in sorted(latest.values(), key=lambda e: e.deleted_at, reverse=True)]

        def chosen(partnership_id: str | None) -> None:
            if partnership_id and not self.refuse_when_read_only("This window is read-only; nothing can be restored."):
                run_workflow(self, partial(self.desk.restore, partnership_id), self._restored, title="Not restored")

        self.push_screen(ChoiceDialog("Bring back from the trash (Enter)", options), chosen)

    def _restored(self, restored: Restored) -> None:
        p = restored.partnership
        self.notify(f"{p.mentee} with {p.mentor} ({p.id})", title="Back from the trash")
        self.refresh_list(select=p.id)


def trash_label(entry: TrashEntry) -> str:
    """A partnership in the trash as the list names it: who, its id and status, and when it was deleted."""
    s = entry.summary or {}
    when = entry.deleted_at[:16].replace("T", " ")
    return f"{s.get('mentee')} with {s.get('mentor')} ({entry.id}, {s.get('status')}), deleted {when} UTC"
