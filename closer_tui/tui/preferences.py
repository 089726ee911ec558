"""The user's preferences in the app: the theme, shared-screen mode and the keymap, remembered in the config file."""

from __future__ import annotations

from textual.app import App
from textual.signal import Signal
from textual.theme import Theme

from ..config import ConfigError, Settings, load_settings, save_settings
from .themes import CLOSER_THEMES, SHARED_SCREEN_THEME
from .widgets.key_names import key_name


class Preferences(App):
    """Mixed into the app: loads the settings, applies them, and saves what the user changes."""

    settings: Settings
    shared_screen: bool = False
    shared_screen_requested: bool | None = None  # --shared-screen, or None to use the setting
    shared_screen_signal: Signal[bool]
    _theme_before_sharing: str | None = None

    _settings_problem: str | None = None

    def load_preferences(self) -> None:
        """Read the settings and take their theme and shared-screen mode: called from ``__init__``,
        before anything is styled (a theme set once the app runs makes Textual parse and apply
        every style again). Screens that show other partnerships cover themselves when they
        mount in shared-screen mode (CoveredWhenShared)."""
        for theme in CLOSER_THEMES:
            self.register_theme(theme)
        self.settings = Settings()
        try:
            self.settings = load_settings()
        except ConfigError as error:
            self._settings_problem = str(error)  # said once the app can show it
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        wanted = self.shared_screen_requested
        self.set_shared_screen(self.settings.shared_screen if wanted is None else wanted, remember=False)

    def apply_preferences(self) -> None:
        self.set_keymap(self.settings.keymap)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def report_settings_problem(self) -> None:
        """Say once, with the app on screen, why the settings file was not used."""
        if self._settings_problem:
            self.notify(self._settings_problem, title="Settings ignored", severity="warning", timeout=15)

    def _theme_changed(self, theme: Theme) -> None:
        if self.shared_screen or theme.name == self.settings.theme:
            return  # the shared-screen theme is not the user's choice
        self.settings.theme = theme.name
        self._save_settings()

    @property
    def bell_on(self) -> bool:
        """Whether the terminal bell rings when a stage's budget runs out (remembered)."""
        return getattr(self, "settings", Settings()).bell

    def set_bell(self, on: bool) -> None:
        self.settings.bell = on
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"Could not save your settings: {error.strerror or error}", severity="warning")

    def set_shared_screen(self, on: bool, *, remember: bool = True) -> None:
        """Screens that show other partnerships cover themselves, and the cover goes, through the signal."""
        if on == self.shared_screen:
            return
        self.shared_screen = on
        self.set_class(on, "-shared-screen")
        if on:
            self._theme_before_sharing = self.theme
            self.theme = SHARED_SCREEN_THEME
        else:
            self.theme = self._theme_before_sharing or self.settings.theme or "textual-dark"
        self.shared_screen_signal.publish(on)
        if remember:
            self.settings.shared_screen = on
            self._save_settings()

    def action_toggle_shared_screen(self) -> None:
        if not self.shared_screen:
            self.set_shared_screen(True)
            self.notify("Safe to share: other partnerships and private notes are hidden.", title="Shared-screen mode")
            return
        from .screens.dialogs import TypeYesDialog  # a dialog's module loads when it is first needed

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_shared_screen(False)

        self.push_screen(
            TypeYesDialog(
                "Leave shared-screen mode?",
                "Private notes and other people's partnerships can then be shown. Stop sharing your screen first.",
            ),
            answered,
        )

    def refuse_in_shared_screen(self, what: str) -> bool:
        """True (and a short message) when shared-screen mode hides ``what``."""
        if self.shared_screen:
            self.notify(f"Shared-screen mode keeps {what[:1].lower()}{what[1:]} hidden (it is not for the call). Leave it with {key_name(self, 'app.toggle_shared_screen')} first.", severity="warning")
        return self.shared_screen
