"""High-contrast themes for a screen shared over a video call.

Textual's built-in themes are tuned for comfort, not for being read from a
small, compressed video thumbnail; these use pure black and white with
saturated accents. Status never rests on colour alone anywhere in closer
(a symbol and a word go with it), so they also work with NO_COLOR.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST_DARK = Theme(
    name="closer-high-contrast-dark",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#00E5FF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#262626",
    success="#00FF5F",
    warning="#FFD700",
    error="#FF5F5F",
    dark=True,
    text_alpha=1.0,
)

HIGH_CONTRAST_LIGHT = Theme(
    name="closer-high-contrast-light",
    primary="#0000B3",
    secondary="#6A0080",
    accent="#6A0080",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    boost="#D9D9D9",
    success="#005F00",
    warning="#8A4B00",
    error="#B00000",
    dark=False,
    text_alpha=1.0,
)

CLOSER_THEMES = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)
SHARED_SCREEN_THEME = HIGH_CONTRAST_DARK.name
