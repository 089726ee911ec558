"""Help (F1) and the command palette: every key of the screen, with what it does, from one list
(screens/help.py's ``key_rows``), so the two cannot disagree."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..method import Guide
from .widgets.key_names import declared_key_name, key_name

if TYPE_CHECKING:
    from .screens.help import KeyRow

# Help's module (and the Markdown widget it shows the method with) loads when help or the
# palette is first asked for: the first frame needs neither.

#: Actions the palette has already as Textual's own commands (Quit) or as its Keys entry (help).
IN_THE_PALETTE_ANYWAY = ("quit", "help")


class KeyHelp(App):
    """Mixed into the app: F1 and the palette list the same rows, with the keys as remapped."""

    def help_guide(self) -> Guide:
        """The guide whose method help describes (the open close's own, else the one for new ones)."""
        raise NotImplementedError

    def action_help(self) -> None:
        from .screens.help import HelpScreen, key_rows

        if self.screen.id == HelpScreen.SCREEN_ID:
            return
        self.push_screen(HelpScreen(key_rows(self.screen), self.help_guide()))

    @staticmethod
    def palette_rows(screen: Screen) -> list[KeyRow]:
        """The rows of help the palette offers: those that can run now."""
        from .screens.help import key_rows

        return [row for row in key_rows(screen) if row.available and row.binding.action not in IN_THE_PALETTE_ANYWAY]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .screens.help import HelpScreen

        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's side panel, which escape does not close: our help instead
                keys = f"{key_name(self, 'app.help')}; {declared_key_name(self, HelpScreen, 'help.close')} closes"
                yield SystemCommand("Keys", f"Every key of this screen, and the method's sources ({keys})", self.action_help)
            else:
                yield command
        for row in self.palette_rows(screen):
            yield SystemCommand(
                f"{row.binding.description} ({row.keys})",
                row.does,
                partial(self.call_later, row.node.run_action, row.binding.action),
            )
