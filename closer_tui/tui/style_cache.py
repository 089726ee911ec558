"""Parsed style sheets kept between runs: a start-up reads the rules instead of parsing the CSS.

Parsing the CSS of the first screen (closer's sheets, and the ``DEFAULT_CSS`` of each kind of
widget on it) took about 22 ms of the list's start-up and 42 ms of the dashboard's, on a machine
where a hello-world app starts in 450 ms; reading the same rules back takes a tenth of that.
Textual keeps parsed rules in memory for the life of the app; this also keeps each source's
rules in closer's cache folder, a file per source, written when the app ends if it parsed
anything new. A file holds, before the rules, everything they depend on: the CSS itself,
where it came from and how Textual weighs it, the theme's variables, the Textual installed
(the size and time of the files that define and parse its rules: asking for its version reads
the package's metadata, ~20 ms), Python's version and this format's. A file that says anything else, or cannot be read, is a miss:
the CSS is parsed as before and the file written again.

The files are pickles, which run code when they are read, so they are read only from folders
that are this user's and closed to others (as Python trusts its own ``__pycache__``), never
through a link, and a file is never followed to a device. Nothing here stops the app: a cache
that cannot be read or written is only slower.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css import model, parse, styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from ..locations import cache_dir
from ..store.errors import UnsafePathError
from ..store.files import atomic_write, ensure_private_folder, open_file

FORMAT = 1
FOLDER_NAME = "styles"

ParseKey = tuple[str, CSSLocation, bool, int, str]  # as Textual keys its own cache of parsed rules


def style_folder() -> Path:
    return cache_dir() / FOLDER_NAME


class KeepsParsedStyles(App):
    """Mixed into an app before Textual's App: its parsed CSS is kept between runs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stylesheet = KeptStylesheet.taking_over(self.stylesheet, style_folder())

    def run(self, *args, **kwargs):
        try:
            return super().run(*args, **kwargs)
        finally:
            keep_parsed_styles(self.stylesheet)  # what this run parsed, for the next start


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet, reading a source's parsed rules from ``folder`` before parsing it."""

    def __init__(self, *, variables: dict[str, str] | None = None, folder: Path | None = None) -> None:
        super().__init__(variables=variables)
        self.folder = folder
        self.trusted: bool | None = None  # whether the folder may be read: looked at on the first parse
        self.fresh: dict[str, tuple[tuple, list[RuleSet]]] = {}  # file name -> (header, rules) parsed in this run
        self._made_by: tuple | None = None
        self._theme: tuple[str, str] | None = None  # the variables as text, and a short tag of them for file names

    @classmethod
    def taking_over(cls, stylesheet: Stylesheet, folder: Path) -> KeptStylesheet:
        """In place of the app's new (empty) stylesheet, with the same variables."""
        return cls(variables=stylesheet._variables, folder=folder)

    def _parse_rules(
        self, css: str, read_from: CSSLocation, is_default_rules: bool = False, tie_breaker: int = 0, scope: str = ""
    ) -> list[RuleSet]:
        key: ParseKey = (css, read_from, is_default_rules, tie_breaker, scope)
        try:
            return self._parse_cache[key]  # already in memory
        except KeyError:
            pass
        if self._made_by is None:
            self._made_by = made_by()
        if self._theme is None:
            text = repr(sorted(self._variables.items()))  # one string: quicker to read back and compare than a dict
            self._theme = (text, f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}")
        name, header = file_name(key, self._theme[1]), (self._made_by, key, self._theme[0])
        rules = self._kept(name, header)
        if rules is not None:
            self._parse_cache[key] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            self.fresh[name] = (header, rules)
        return rules

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._theme = None

    def reparse(self) -> None:
        """As Textual's (a new theme's variables): parsed into a new stylesheet, so that an error
        leaves this one as it was; here that one reads the kept rules too, and what it parses is kept."""
        stylesheet = KeptStylesheet(variables=self._variables, folder=self.folder)
        stylesheet.trusted, stylesheet._made_by = self.trusted, self._made_by
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker, scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)  # Textualize/textual#3581, as Textual's reparse
            raise
        finally:
            self.fresh.update(stylesheet.fresh)
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False

    def _kept(self, name: str, header: tuple) -> list[RuleSet] | None:
        if self.folder is None:
            return None
        if self.trusted is None:
            self.trusted = is_private_folder(self.folder.parent) and is_private_folder(self.folder)
        if not self.trusted:
            return None
        try:
            with os.fdopen(open_file(self.folder / name), "rb") as file:
                if pickle.load(file) != header:
                    return None
                rules = pickle.load(file)
        except Exception:  # missing, damaged, from another Textual: parse it  # noqa: BLE001
            return None
        return rules if type(rules) is list and all(type(rule) is RuleSet for rule in rules) else None


def file_name(key: ParseKey, theme_tag: str) -> str:
    """A readable name for a source's file, in a theme (Textual parses one source again for each
    class that inherits it, weighed apart); two that share a name only take turns (the header tells)."""
    _, (path, where), *weight = key
    label = "".join(c if c.isalnum() or c in "-_" else "_" for c in f"{Path(path).stem}-{where}")[:80]
    return f"{label}-{zlib.crc32(repr((path, where, *weight)).encode('utf-8', 'surrogatepass')):08x}-{theme_tag}.pickle"


def made_by() -> tuple:
    """This format, Python's version, and the Textual installed, as the files of its rules say."""
    textual_files = []
    for module in (model, parse, styles):
        found = os.stat(module.__file__)
        textual_files.append((module.__file__, found.st_size, found.st_mtime_ns))
    return (FORMAT, sys.version_info[:2], tuple(textual_files))


def is_private_folder(folder: Path) -> bool:
    """A folder (not a link) of this user's, closed to others."""
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.geteuid() and not found.st_mode & 0o077


def keep_parsed_styles(stylesheet: Any) -> int:
    """Write the rules ``stylesheet`` parsed in this run (when the app ends); how many were written."""
    if not isinstance(stylesheet, KeptStylesheet) or stylesheet.folder is None or not stylesheet.fresh:
        return 0
    written = 0
    try:
        ensure_private_folder(stylesheet.folder.parent)
        ensure_private_folder(stylesheet.folder, follow_link=False)
        for name, (header, rules) in stylesheet.fresh.items():
            data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(stylesheet.folder / name, data, durable=False)
            written += 1
    except (OSError, UnsafePathError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # the next start parses again
    stylesheet.fresh.clear()
    return written
