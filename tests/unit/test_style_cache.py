"""Parsed style sheets kept between runs (tui/style_cache.py): read back, they are the rules a
parse gives; anything that does not say so exactly (another theme, another Textual, a damaged
file, a folder open to others or a link) is parsed again, and nothing stops the app."""

from __future__ import annotations

import os
import stat

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.widgets import Static

from closer_tui.assets import style_paths
from closer_tui.tui import style_cache
from closer_tui.tui.style_cache import KeptStylesheet, keep_parsed_styles

SHEETS = style_paths("app.tcss", "dashboard.tcss", "shared_screen.tcss")
SOURCES = len(SHEETS) + 1  # and a widget's DEFAULT_CSS


@pytest.fixture(scope="module")
def variables() -> dict[str, str]:
    return App().get_css_variables()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "cache" / "styles"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The sources Textual itself parsed (not read back)."""
    seen: list[str] = []
    parse = Stylesheet._parse_rules

    def counted(self, css, read_from, *args, **kwargs):
        seen.append(read_from[1] or read_from[0])
        return parse(self, css, read_from, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    return seen


def sheet_with_sources(stylesheet: Stylesheet, tie_breaker: int = -1, static_css: str = Static.DEFAULT_CSS) -> Stylesheet:
    for path in SHEETS:
        stylesheet.read(path)
    stylesheet.add_source(static_css, read_from=("static.py", "Static.DEFAULT_CSS"), is_default_css=True, tie_breaker=tie_breaker, scope="Static")
    stylesheet.parse()
    return stylesheet


def rules_of(stylesheet: Stylesheet) -> list[tuple]:
    return [(rule.css, rule.is_default_rules, rule.tie_breaker, rule.selector_names, rule.pseudo_classes) for rule in stylesheet.rules]


def test_rules_kept_are_read_back_as_a_parse_gives_them_without_parsing(folder, variables, parses):
    first = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    sources = len(parses)
    assert sources == SOURCES
    assert keep_parsed_styles(first) == sources and not first.fresh
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o600}

    again = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    assert len(parses) == sources  # nothing parsed
    assert rules_of(again) == rules_of(first) == rules_of(sheet_with_sources(Stylesheet(variables=variables)))
    assert not again.fresh and keep_parsed_styles(again) == 0

    before = len(parses)
    weighed_otherwise = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder), tie_breaker=-2)
    assert len(parses) == before + 1 and keep_parsed_styles(weighed_otherwise) == 1  # Textual weighs a base class's CSS apart
    assert rules_of(weighed_otherwise) == rules_of(sheet_with_sources(Stylesheet(variables=variables), tie_breaker=-2))


def test_another_themes_variables_are_parsed_and_kept_beside_the_first(folder, variables, parses):
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=folder)))
    darker = {**variables, "background": "#000000"}
    before = len(parses)
    other = sheet_with_sources(KeptStylesheet(variables=darker, folder=folder))
    assert len(parses) == before + SOURCES
    assert rules_of(other) == rules_of(sheet_with_sources(Stylesheet(variables=darker))) != rules_of(sheet_with_sources(Stylesheet(variables=variables)))
    keep_parsed_styles(other)
    assert len(list(folder.iterdir())) == 2 * (SOURCES)
    counted = len(parses)
    sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    sheet_with_sources(KeptStylesheet(variables=darker, folder=folder))
    assert len(parses) == counted


def test_a_new_theme_reparses_from_the_kept_rules_too(folder, variables, parses):
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=folder)))
    darker = {**variables, "background": "#000000"}
    theme_changed = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    theme_changed.set_variables(darker)
    theme_changed.reparse()
    assert rules_of(theme_changed) == rules_of(sheet_with_sources(Stylesheet(variables=darker)))
    keep_parsed_styles(theme_changed)
    counted = len(parses)
    theme_changed.set_variables(darker)
    theme_changed.reparse()
    again = KeptStylesheet(variables=variables, folder=folder)
    sheet_with_sources(again).set_variables(darker)
    again.reparse()
    assert len(parses) == counted and rules_of(again) == rules_of(theme_changed)


@pytest.mark.parametrize("spoil", ["truncated", "garbage", "empty", "other textual", "a link", "a folder"])
def test_a_kept_file_that_does_not_say_exactly_what_it_holds_is_parsed_again(folder, variables, parses, monkeypatch, spoil):
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=folder)))
    files = sorted(folder.iterdir())
    for path in files:
        if spoil == "truncated":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif spoil == "garbage":
            path.write_bytes(b"\x80\x05not a pickle at all")
        elif spoil == "empty":
            path.write_bytes(b"")
        elif spoil == "a link":
            target = path.with_suffix(".elsewhere")
            path.rename(target)
            path.symlink_to(target)
        elif spoil == "a folder":
            path.unlink()
            path.mkdir()
    if spoil == "other textual":
        monkeypatch.setattr(style_cache, "made_by", lambda: (style_cache.FORMAT, (3, 99), ()))
    before = len(parses)
    again = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    assert len(parses) == before + len(files)
    assert rules_of(again) == rules_of(sheet_with_sources(Stylesheet(variables=variables)))


@pytest.mark.parametrize("which", ["styles", "closer"])
def test_a_folder_open_to_others_is_neither_read_nor_written_nor_changed(folder, variables, parses, which):
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=folder)))
    opened = folder if which == "styles" else folder.parent
    opened.chmod(0o777)
    before = len(parses)
    again = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    assert len(parses) == before + SOURCES
    for path in folder.iterdir():
        path.unlink()
    assert keep_parsed_styles(again) == 0 and not list(folder.iterdir())
    assert stat.S_IMODE(opened.stat().st_mode) == 0o777


def test_a_link_in_place_of_the_folder_is_neither_read_nor_written(folder, variables, parses, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=elsewhere)))
    folder.parent.mkdir(mode=0o700)
    folder.symlink_to(elsewhere)
    before = len(parses)
    again = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder))
    assert len(parses) == before + SOURCES
    assert keep_parsed_styles(again) == 0 and folder.is_symlink()


def test_a_folder_that_cannot_be_made_is_only_slower(tmp_path, variables):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    sheet = sheet_with_sources(KeptStylesheet(variables=variables, folder=blocked / "styles"))
    assert rules_of(sheet) == rules_of(sheet_with_sources(Stylesheet(variables=variables)))
    assert keep_parsed_styles(sheet) == 0 and blocked.read_text() == "not a folder"


def test_css_with_errors_is_not_kept(folder, variables):
    sheet = KeptStylesheet(variables=variables, folder=folder)
    sheet.add_source("Static { colour: red; }", read_from=("bad.tcss", ""))
    with pytest.raises(Exception):
        sheet.parse()
    assert keep_parsed_styles(sheet) == 0 and not folder.exists()


def test_file_names_tell_sources_and_themes_apart():
    key = ("css", ("/a/widget.py", "Widget.DEFAULT_CSS"), True, -1, "Widget")
    names = {
        style_cache.file_name(key, "t1"),
        style_cache.file_name((*key[:3], -2, "Widget"), "t1"),
        style_cache.file_name((key[0], ("/b/widget.py", "Widget.DEFAULT_CSS"), *key[2:]), "t1"),
        style_cache.file_name(key, "t2"),
    }
    assert len(names) == 4 and all(os.sep not in name and name.endswith(".pickle") for name in names)


def test_a_sheet_changed_since_it_was_kept_is_parsed_again(folder, variables, parses):
    """A new closer (or Textual) with the same sheet at the same place, but other CSS in it."""
    keep_parsed_styles(sheet_with_sources(KeptStylesheet(variables=variables, folder=folder)))
    changed_css = Static.DEFAULT_CSS + "\nStatic { height: 3; }"
    before = len(parses)
    changed = sheet_with_sources(KeptStylesheet(variables=variables, folder=folder), static_css=changed_css)
    assert len(parses) == before + 1  # the other sheets were read back
    assert rules_of(changed) == rules_of(sheet_with_sources(Stylesheet(variables=variables), static_css=changed_css))
    assert any("height: 3" in rule.css for rule in changed.rules)
