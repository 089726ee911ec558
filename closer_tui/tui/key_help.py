"""Help (F1) and the command palette: every key active on the screen, with what it does."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..method import Guide


class KeyHelp(App):
    """Mixed into the app: F1 and the palette list the same bindings, with the keys as remapped."""

    def help_guide(self) -> Guide:
        """The guide whose method help describes (the open close's own, else the one for new ones)."""
        raise NotImplementedError

    # --- help and the command palette -------------------------------------------------

    def described_bindings(self, screen: Screen) -> list[tuple[str, Binding, object]]:
        """Every binding with a description active on ``screen``: (key shown, binding, node)."""
        shown = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((self.get_key_display(binding), binding, active.node))
        return shown

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_rows  # loaded when help is first asked for

        if self.screen.id == HelpScreen.SCREEN_ID:
            return
        self.push_screen(HelpScreen(help_rows(self.screen), self.help_guide()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's side panel, which escape does not close: our help instead
                yield SystemCommand("Keys", "Every key of this screen, and the method's sources (f1; escape closes)", self.action_help)
            else:
                yield command
        for key, binding, node in self.described_bindings(screen):
            if binding.action in ("quit", "help"):
                continue
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                partial(self.call_later, node.run_action, binding.action),
            )
