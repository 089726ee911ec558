"""Text drawn in solid blocks, as big as a window allows: what a video tile can still show.

A 3x5 pixel font, each pixel drawn as full blocks (``█``), scaled by whole
numbers: a terminal cell is about twice as tall as it is wide, so a pixel is
``scale`` rows tall and ``2 * scale`` columns wide, and glyphs stay square.
Thin box-drawing lines (Textual's ``Digits``) blur away in a compressed video
at thumbnail size; solid blocks do not. No Textual here.
"""

from __future__ import annotations

GLYPH_HEIGHT = 5
GAP = 1  # pixels between glyphs

# Each glyph: five rows of three pixels ("#" on). Letters are capitals; the rest fall back to "?".
_FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": ("...", ".#.", "...", ".#.", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
    ".": ("...", "...", "...", "...", ".#."),
    "?": ("###", "..#", ".##", "...", ".#."),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
}


def drawable(text: str) -> str:
    """``text`` as the font can draw it: capitals, letters it lacks as "?"."""
    return "".join(ch if ch in _FONT else "?" for ch in text.upper())


def pixel_width(text: str) -> int:
    """Width in pixels of ``text`` drawn at scale 1 (gaps included)."""
    return max(0, len(text) * (3 + GAP) - GAP)


def render(text: str, scale: int = 1) -> list[str]:
    """``text`` in solid blocks, ``5 * scale`` rows of ``2 * scale`` columns per pixel."""
    glyphs = [_FONT[ch] for ch in drawable(text)]
    rows = []
    for y in range(GLYPH_HEIGHT):
        pixels = (" " * GAP).join(glyph[y] for glyph in glyphs)
        line = "".join(("█" if pixel == "#" else " ") * (2 * scale) for pixel in pixels)
        rows.extend([line] * scale)
    return rows


def largest_scale(text: str, width: int, height: int) -> int:
    """The biggest scale at which ``text`` fits ``width`` x ``height`` cells (0: not even at 1)."""
    columns = pixel_width(drawable(text)) * 2
    if not columns:
        return 0
    return max(0, min(height // GLYPH_HEIGHT, width // columns))
