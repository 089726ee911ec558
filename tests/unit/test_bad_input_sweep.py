"""Bad-input sweep: hostile text through the record, the store, every export and import, and the CLI.

Hypothesis throws random Unicode at every free-text field: any code point (emoji,
combining marks, right-to-left text and overrides, zero-width joiners, C0 and C1
control characters, NUL, lone surrogates) mixed with escape sequences, HTML and
Markdown links. Each value must either come back unchanged (store, JSON export
and import) or be refused up front with a ValidationError naming the field;
never saved and then unreadable, never a bare UnicodeEncodeError. Control
characters other than tab and line breaks (ESC above all) are refused in every
text field, so no escape sequence can be stored, shown by the app, or printed.

The HTML export is parsed: only the tags and attributes closer's own template and
CommonMark produce may appear, and every link is http(s), mailto or relative.

What `closer show`, `list`, `report` and `export` print is read through a real
pseudo-terminal (so click does not strip anything, as it would into a pipe) and
must hold no control character at all: nothing a note holds can retitle the
window (OSC 0), write the clipboard (OSC 52), clear the screen (CSI) or ring
the bell. The check is on decoded code points: the byte 0x9b also occurs inside
harmless UTF-8 characters (U+241B ␛, which closer prints for ESC, is E2 90 9B),
and a UTF-8 terminal acts only on the code point U+009B.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from closer_tui.control_characters import NOT_IN_NAMES, NOT_IN_NOTES
from closer_tui.export import EXPORT_FORMATS, ImportFormatError, dumps, export_text, loads, record_markdown
from closer_tui.export.interchange import to_json
from closer_tui.export.markdown import inline
from closer_tui.model import (
    MAX_LINE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    Action,
    Goal,
    Meeting,
    Partnership,
    ValidationError,
)
from closer_tui.report import build_report, report_markdown, report_text
from closer_tui.store import Store
from closer_tui.terminal_text import safe_for_terminal

REPO_ROOT = Path(__file__).resolve().parents[2]

SWEEP = settings(
    max_examples=100,
    deadline=None,
    # The autouse private_home fixture only sets environment variables: sharing it between examples is fine.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- hostile text --------------------------------------------------------------------

ESCAPES = {
    "OSC 0, retitle the window (BEL)": "\x1b]0;pwned\x07",
    "OSC 0, retitle the window (ST)": "\x1b]0;pwned\x1b\\",
    "OSC 52, write the clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "CSI, clear the screen": "\x1b[2J",
    "CSI, report the cursor": "\x1b[6n",
    "C1 CSI": "\x9b31m",
    "C1 OSC": "\x9d0;pwned\x9c",
    "DCS": "\x1bP+q544e\x1b\\",
    "BEL": "\x07",
}
HTML_BITS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=//evil.example>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<style>*{display:none}</style>",
    "<!-- comment -->",
    "<![CDATA[x]]>",
    '"><script>alert(1)</script>',
    "</p><script>",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "<meta http-equiv=refresh content=0;url=//evil>",
    "![pixel](https://tracker.example/p.png)",
    "```js onload=alert(1)\ncode\n```",
    "| a | b |\n|:-|-:|\n| <img> | x |",
]
LINK_SCHEMES = [
    "javascript:", "JaVaScRiPt:", "&#106;avascript:", "java\tscript:", " javascript:", "vbscript:",
    "data:text/html,", "data:image/png;base64,", "file:///", "ms-msdt:", "search-ms:", "blob:", "ftp://",
    "http://", "https://", "mailto:", "//", "", "#", "../",
]
PIECES = [
    "Zoë", "e\u0301", "Z\u0351\u0352\u0353\u0489algo", "研究", "שלום עולם", "مرحبا بالعالم",
    "abc\u202eRTL override\u202c", "\u2067isolate\u2069", "👩🏽‍🔬", "🏳️‍🌈", "🇺🇦", "❤️", "👨‍👩‍👧‍👦",
    "zero\u200bwidth\u200cjoin\u200dx", "\ufeffbom", "soft\u00adhyphen", "\U000e0041tag",
    "line\u2028sep", "para\u2029sep", "nel\x85line", "cr\rlf\r\n", "tab\there",
    *ESCAPES.values(),
    *HTML_BITS,
]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
FORMATS = list("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u2028\u2029")
COMBINING = list("\u0301\u0308\u0336\u0489\u20dd\u0e49")
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udcff", "\udfff"]
SPECIALS = list("<>&\"'`*_[]()\\#!|~\n\t ")

links = st.builds(
    lambda scheme, rest, auto: f"<{scheme}{rest}>" if auto else f"[link]({scheme}{rest})",
    st.sampled_from(LINK_SCHEMES),
    st.sampled_from(["alert(1)", "evil.example/x", "a@b.example", "x"]),
    st.booleans(),
)
hostile_text = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=()), max_size=30),  # any code point, surrogates too
        st.text(st.sampled_from(CONTROLS + FORMATS + COMBINING + SURROGATES + SPECIALS), max_size=20),
        st.sampled_from(PIECES),
        links,
    ),
    max_size=8,
).map("".join)


def _is_surrogate(ch: str) -> bool:
    return 0xD800 <= ord(ch) <= 0xDFFF


def _is_control(ch: str) -> bool:
    """What a name may not hold: control characters and text-direction overrides (control_characters.py)."""
    return ch in NOT_IN_NAMES


def _is_note_control(ch: str) -> bool:
    """What a note may not hold: the same, except tab, newline and carriage return."""
    return ch in NOT_IN_NOTES


def storable(text: str) -> str:
    """``text`` without what no note may hold (control characters, lone surrogates)."""
    return "".join(ch for ch in text if not _is_note_control(ch) and not _is_surrogate(ch))


def nameable(text: str, fallback: str) -> str:
    name = "".join(ch for ch in text if not _is_control(ch) and not _is_surrogate(ch)).strip()[:MAX_NAME_LENGTH].strip()
    return name or fallback


storable_text = hostile_text.map(storable)

# --- the fields under test -------------------------------------------------------------


def _close_field(name: str) -> tuple[Callable, Callable, int, bool]:
    return (lambda p, v: setattr(p.close, name, v), lambda p: getattr(p.close, name), MAX_NOTE_LENGTH, False)


def _goal_field(name: str, limit: int = MAX_NOTE_LENGTH, required: bool = False) -> tuple[Callable, Callable, int, bool]:
    return (lambda p, v: setattr(p.goals[0], name, v), lambda p: getattr(p.goals[0], name), limit, required)


# field path (as ValidationError names it) -> (put, take, length limit, must not be blank)
NOTE_FIELDS: dict[str, tuple[Callable, Callable, int, bool]] = {
    "close.stage_notes.evaluate": (
        lambda p, v: p.close.stage_notes.__setitem__("evaluate", v),
        lambda p: p.close.stage_notes["evaluate"],
        MAX_NOTE_LENGTH,
        False,
    ),
    "close.highlights": _close_field("highlights"),
    "close.mentee_on_mentor": _close_field("mentee_on_mentor"),
    "close.mentor_on_mentee": _close_field("mentor_on_mentee"),
    "close.private_notes": _close_field("private_notes"),
    "close.end_reason_text": _close_field("end_reason_text"),
    "close.gifts_notes": _close_field("gifts_notes"),
    "meetings[0].notes": (
        lambda p, v: setattr(p.meetings[0], "notes", v),
        lambda p: p.meetings[0].notes,
        MAX_NOTE_LENGTH,
        False,
    ),
    "goals[0].text": _goal_field("text", MAX_LINE_LENGTH, required=True),
    "goals[0].what_changed": _goal_field("what_changed"),
    "goals[0].mentee_view": _goal_field("mentee_view"),
}
NAME_FIELDS = ("mentor", "mentee", "programme", "agreed_duration")


def base_partnership(mentor: str = "Dana Okafor", mentee: str = "Sam Rivera") -> Partnership:
    p = Partnership.create(
        mentor,
        mentee,
        "Research Leaders",
        start_date="2026-01-12",
        goals=[Goal("Submit the first grant", status="achieved", what_changed="Drafts alone now")],
    )
    p.meetings.append(Meeting("2026-02-02", "Drafted the aims page", milestone=True))
    p.close.end_reason = "objectives"
    return p


def note_problem(field: str, text: str) -> str | None:
    """Why ``text`` may not go in ``field`` (None when it may): the rules of Partnership.from_dict."""
    _, _, limit, required = NOTE_FIELDS[field]
    if len(text) > limit:
        return f"longer than {limit:,} characters"
    if "\x00" in text:
        return "holds NUL"
    if any(_is_note_control(ch) for ch in text):
        return "holds a control character"
    if any(_is_surrogate(ch) for ch in text):
        return "holds a lone surrogate"
    if required and not text.strip():
        return "blank"
    return None


def name_problem(text: str, required: bool) -> tuple[str, str] | None:
    """(why, what the message must say), in the order check_name checks; None when the name is fine."""
    name = text.strip()
    if any(_is_surrogate(ch) for ch in name):
        return "lone surrogate", "not valid text"
    if len(name) > MAX_NAME_LENGTH:
        return "too long", f"longer than {MAX_NAME_LENGTH}"
    if any(_is_control(ch) for ch in name):
        return "control character", "without control characters"
    if required and not name:
        return "blank", "must not be blank"
    return None


@contextlib.contextmanager
def fresh_store() -> Iterator[Store]:
    """A new data folder per example (pytest's tmp_path is shared by all of a test's examples)."""
    with tempfile.TemporaryDirectory(prefix="closer-sweep-") as folder:
        with Store.open_writer(Path(folder) / "data") as store:
            yield store


def record_files(store: Store) -> list[str]:
    return sorted(path.name for path in store.records.glob("*.json"))


# --- what may reach a terminal, and what HTML may hold ------------------------------------

# Every C0 control but tab and newline, DEL, and every C1 control (CSI 0x9b, OSC 0x9d, ST 0x9c...).
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_terminal_safe(text: str, what: str) -> None:
    found = sorted(set(TERMINAL_CONTROL.findall(text)))
    assert not found, f"{what} would send {found!r} to the terminal"


ALLOWED_TAGS = set(
    "html head meta title style body h1 h2 h3 p ul ol li strong em code pre a blockquote hr br "
    "table thead tbody tr th td del".split()
)
ALLOWED_ATTRIBUTES = {"lang", "charset", "name", "content", "http-equiv", "href", "class", "start", "style", "title"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.others: list[str] = []  # comments, processing instructions, odd declarations
        self.declarations: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_comment(self, data):
        self.others.append(f"<!--{data}-->")

    def handle_pi(self, data):
        self.others.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.others.append(f"<![{data}]>")

    def handle_decl(self, decl):
        self.declarations.append(decl)


def link_scheme(href: str) -> str:
    """The scheme a browser would see: leading spaces and controls, tabs and newlines are ignored."""
    cleaned = re.sub(r"[\t\n\r]", "", href.lstrip("".join(map(chr, range(0x21)))))
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def assert_inert_html(html: str, title: str, *, check_links: bool = True) -> None:
    """Only closer's template tags and CommonMark's tags; no handlers; links http(s)/mailto/relative."""
    lowered = html.lower()
    for live in ("<script", "<img", "<iframe", "<svg", "<object", "<embed", "<link", "<base", "<form", "<input"):
        assert live not in lowered, f"the HTML export holds a live {live}> tag"
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    assert parser.declarations == ["DOCTYPE html"]
    assert not parser.others, f"the HTML export holds {parser.others!r}"
    tags = [tag for tag, _ in parser.tags]
    unexpected = sorted(set(tags) - ALLOWED_TAGS)
    assert not unexpected, f"the HTML export holds tags {unexpected!r}"
    for once in ("html", "head", "title", "style", "body"):
        assert tags.count(once) == 1, f"user text added a <{once}> tag"
    assert tags.count("meta") == 3, "user text added a <meta> tag"
    assert parser.title == title, "the page title is not the names, escaped"
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}=...> is an event handler"
            assert name in ALLOWED_ATTRIBUTES, f"<{tag}> has an unexpected attribute {name}={value!r}"
            if name == "style":
                assert tag in ("th", "td") and re.fullmatch(r"text-align:(left|right|center)", value or ""), (tag, value)
            if name == "class":
                assert tag == "code" and (value or "").startswith("language-"), (tag, value)
            if name == "href" and check_links:
                assert tag == "a"
                scheme = link_scheme(value or "")
                assert scheme in SAFE_SCHEMES, f"<a href={value!r}> is a live {scheme}: link"


def assert_every_export_is_safe(p: Partnership) -> None:
    for fmt in EXPORT_FORMATS:
        out = export_text(p, fmt, include_private=True, without_consent=True)
        if fmt == "html":
            # Link schemes have their own test below, so one finding does not hide the others.
            assert_inert_html(out, f"{p.mentee} and {p.mentor}: closing record", check_links=False)
            assert_terminal_safe(safe_for_terminal(out), "export --format html")
        elif fmt == "json":
            assert_terminal_safe(out.replace("\n", ""), "export --format json")
        else:
            assert_terminal_safe(safe_for_terminal(out), f"export --format {fmt}")


# --- the record and the store ------------------------------------------------------------


@SWEEP
@given(field=st.sampled_from(sorted(NOTE_FIELDS)), text=hostile_text)
@example(field="close.stage_notes.evaluate", text="a\x00b")
@example(field="meetings[0].notes", text="caf\udcff")
@example(field="goals[0].text", text=" \u2028 ")
def test_note_text_is_stored_unchanged_or_refused_naming_the_field(field, text):
    put, take, _, _ = NOTE_FIELDS[field]
    p = base_partnership()
    put(p, text)
    problem = note_problem(field, text)
    with fresh_store() as store:
        if problem is None:
            store.add(p)
            again = store.get(p.id)
            assert take(again) == text
            assert again.to_dict() == p.to_dict()
            assert_every_export_is_safe(again)
            return
        try:
            store.add(p)
        except ValidationError as error:
            assert error.field == field, f"the message names {error.field!r}, not {field!r}: {error}"
            assert str(error).startswith(f"{field}: ")
        except Exception as error:  # noqa: BLE001 - the point is which exception
            pytest.fail(
                f"saving {field} = {text!r} ({problem}) raised {type(error).__name__}: {error}, "
                "not a ValidationError naming the field"
            )
        else:
            try:
                store.get(p.id)
                after = "and reads it back"
            except Exception as error:  # noqa: BLE001
                after = f"and then cannot read it: {type(error).__name__}: {error}"
            pytest.fail(f"the store saved {field} = {text!r} ({problem}) {after}")
        assert record_files(store) == [], "a refused record left a file behind"
        assert p.id not in store


@SWEEP
@given(field=st.sampled_from(sorted(NOTE_FIELDS)), text=hostile_text)
@example(field="close.stage_notes.evaluate", text="a\x00b")
@example(field="close.highlights", text="\x1b]52;c;ZXZpbA==\x07\x9b31m")
def test_note_text_survives_json_export_and_import_or_is_refused_naming_the_field(field, text):
    put, _, _, _ = NOTE_FIELDS[field]
    p = base_partnership()
    put(p, text)
    exported = dumps([p], include_private=True)
    assert_terminal_safe(exported.replace("\n", ""), "the JSON export")
    if note_problem(field, text) is None:
        [again] = loads(exported)
        assert again.to_dict() == p.to_dict()
        ascii_only = json.dumps(json.loads(exported), ensure_ascii=True)
        [again] = loads(ascii_only)
        assert again.to_dict() == p.to_dict()
    else:
        with pytest.raises(ImportFormatError) as refused:
            loads(exported)
        assert str(refused.value).startswith(f"partnerships[0].{field}: "), str(refused.value)


@SWEEP
@given(field=st.sampled_from(NAME_FIELDS), text=hostile_text)
@example(field="mentor", text="Ann\x1b]0;pwned\x07")
@example(field="mentee", text="Bob\x9b31m")
@example(field="programme", text="Line one\nLine two")
@example(field="mentee", text="\x85  Zoë \u200d👩🏽‍🔬 \u202eשלום\u202c  ")
def test_names_are_kept_stripped_or_refused_with_a_clear_message(field, text):
    values = {"mentor": "Dana Okafor", "mentee": "Sam Rivera", "programme": "", "agreed_duration": "", field: text}
    problem = name_problem(text, required=field in ("mentor", "mentee"))
    try:
        p = Partnership.create(
            values["mentor"], values["mentee"], values["programme"], agreed_duration=values["agreed_duration"]
        )
    except ValidationError as error:
        assert problem is not None, f"the good name {text!r} was refused: {error}"
        assert error.field == field
        assert str(error).startswith(f"{field}: ") and problem[1] in str(error), str(error)
        return
    assert problem is None, f"{field} = {text!r} ({problem[0]}) was accepted"
    assert getattr(p, field) == text.strip()
    with fresh_store() as store:
        store.add(p)
        assert store.get(p.id).to_dict() == p.to_dict()
        assert [s[field] for s in store.summaries() if field in s] in ([], [text.strip()])
    [again] = loads(dumps([p]))
    assert getattr(again, field) == text.strip()
    assert_every_export_is_safe(p)


@SWEEP
@given(text=storable_text, mentor=hostile_text, mentee=hostile_text)
@example(
    text="[a](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)>",
    mentor="Ann <b>Lee</b>",
    mentee='"><svg onload=alert(1)>',
)
def test_every_export_of_hostile_text_is_inert(text, mentor, mentee):
    """The same text in every field at once, names as hostile as a name may be."""
    p = base_partnership(nameable(mentor, "Dana Okafor"), nameable(mentee, "Sam Rivera"))
    for field, (put, _, limit, required) in NOTE_FIELDS.items():
        value = text[:limit]
        put(p, value if value.strip() or not required else "A goal")
    p.goals.append(Goal("Teach a seminar", status="not_achieved", not_met_reason=text if text.strip() else "cancelled"))
    p.close.stage_notes["development"] = text
    p.close.stay_in_touch_how = text
    p.close.celebration_plan = text
    p.set_status("closed")
    assert_every_export_is_safe(p)
    assert_terminal_safe(safe_for_terminal(record_markdown(p, include_private=True)), "closer show")
    figures = build_report([p])
    assert_terminal_safe(safe_for_terminal(report_text(figures)), "closer report")
    assert_terminal_safe(safe_for_terminal(report_markdown(figures)), "closer report --format md")
    assert_terminal_safe(to_json(figures).replace("\n", ""), "closer report --format json")


@SWEEP
@given(text=st.lists(links | storable_text, min_size=1, max_size=6).map(" ".join))
@example(text="[report](data:image/png;base64,iVBORw0KGgo=)")
@example(text="[open the form](ms-msdt:/id%20PCWDiagnostic)")
@example(text="<search-ms:query=invoice>")
def test_html_links_are_only_http_https_mailto_or_relative(text):
    p = base_partnership()
    p.close.highlights = text
    p.close.stage_notes["evaluate"] = text
    assert_inert_html(export_text(p, "html"), f"{p.mentee} and {p.mentor}: closing record")


@SWEEP
@given(text=st.text(st.characters(exclude_categories=())) | hostile_text)
def test_safe_for_terminal_leaves_no_control_character_and_shows_escape(text):
    shown = safe_for_terminal(text)
    assert_terminal_safe(shown, "safe_for_terminal")
    if "\x1b" in text:
        assert "␛" in shown
    if not TERMINAL_CONTROL.search(text):
        assert shown == text


# --- long lines and big pastes -------------------------------------------------------------

HOSTILE_LINE = (
    "Zoë 👩🏽‍🔬 שלום مرحبا e\u0301\u0308 \u200d研究 \u200fevil\u200e <script>alert(1)</script> "
    "[x](javascript:alert(1)) **bold** `code` \u061cletter mark zero\u200bwidth "
)


def repeated(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


@pytest.mark.parametrize("length", [10_000, 100_000])
def test_very_long_single_lines_are_kept_and_exported(length):
    line = repeated(HOSTILE_LINE, length)
    p = base_partnership()
    p.close.stage_notes["evaluate"] = line
    p.meetings[0].notes = line
    p.goals[0].what_changed = line
    p.goals[0].text = repeated(HOSTILE_LINE, MAX_LINE_LENGTH)  # a goal is one line, at most MAX_LINE_LENGTH
    with fresh_store() as store:
        store.add(p)
        again = store.get(p.id)
    assert again.to_dict() == p.to_dict()
    [imported] = loads(dumps([again], include_private=True))
    assert imported.to_dict() == p.to_dict()
    assert_every_export_is_safe(again)


def test_a_goal_over_the_line_limit_is_refused_before_it_is_saved():
    p = base_partnership()
    p.goals[0].text = "x" * (MAX_LINE_LENGTH + 1)
    with fresh_store() as store:
        with pytest.raises(ValidationError) as refused:
            store.add(p)
        assert refused.value.field == "goals[0].text"
        assert f"{MAX_LINE_LENGTH:,}" in str(refused.value)
        assert record_files(store) == []


def test_a_name_over_the_limit_is_refused_clearly():
    with pytest.raises(ValidationError) as refused:
        Partnership.create("x" * (MAX_NAME_LENGTH + 1), "Sam")
    assert str(refused.value) == f"mentor: is longer than {MAX_NAME_LENGTH} characters"
    assert Partnership.create("x" * MAX_NAME_LENGTH, "Sam").mentor == "x" * MAX_NAME_LENGTH


MEGABYTE = 1024 * 1024


@pytest.mark.parametrize("shape", ["one line", "many lines"])
def test_a_one_megabyte_pasted_note_saves_loads_and_exports_unchanged(shape):
    if shape == "one line":
        note = repeated(HOSTILE_LINE, MEGABYTE)
    else:
        note = repeated(HOSTILE_LINE.rstrip() + "\n", MEGABYTE)  # about 9,000 lines
    assert len(note.encode("utf-8")) >= MEGABYTE
    p = base_partnership()
    p.close.stage_notes["evaluate"] = note
    p.close.highlights = note
    started = time.monotonic()
    with fresh_store() as store:
        store.add(p)
        again = store.get(p.id)
    assert again.close.stage_notes["evaluate"] == note
    assert again.close.highlights == note
    [imported] = loads(dumps([again], include_private=True))
    assert imported.to_dict() == p.to_dict()
    markdown = export_text(again, "md")
    assert note.strip() in markdown
    assert note.strip().splitlines()[0] in export_text(again, "story", without_consent=True)
    assert_every_export_is_safe(again)
    assert time.monotonic() - started < 60


def test_a_note_at_the_limit_is_kept():
    p = base_partnership()
    p.close.highlights = "é" * MAX_NOTE_LENGTH
    with fresh_store() as store:
        store.add(p)
        assert store.get(p.id).close.highlights == p.close.highlights


def test_a_note_over_the_limit_is_refused_on_import_naming_the_field():
    p = base_partnership()
    p.close.highlights = "x" * (MAX_NOTE_LENGTH + 1)
    with pytest.raises(ImportFormatError) as refused:
        loads(dumps([p]))
    assert str(refused.value) == (
        f"partnerships[0].close.highlights: is {MAX_NOTE_LENGTH + 1:,} characters long; the limit is {MAX_NOTE_LENGTH:,}"
    )


def test_a_note_over_the_limit_is_refused_before_it_is_saved():
    p = base_partnership()
    p.close.highlights = "x" * (MAX_NOTE_LENGTH + 1)
    with fresh_store() as store:
        with pytest.raises(ValidationError) as refused:
            store.add(p)
        assert refused.value.field == "close.highlights"
        assert f"the limit is {MAX_NOTE_LENGTH:,}" in str(refused.value)
        assert record_files(store) == []


# --- the CLI, in a real pseudo-terminal -------------------------------------------------------

# What a note may hold and still try to cause trouble: bidi overrides, invisible
# characters, HTML and a javascript: link. Escape sequences cannot be stored at all.
HOSTILE = "Note: \u200fRTL mark zero\u200bwidth <script>alert(1)</script> [x](javascript:alert(1)) end."
ESCAPING = "Note: " + " ".join(ESCAPES.values()) + " end."


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CLOSER_DB", "CLOSER_DEBUG", "XDG_DATA_HOME")}
    env["HOME"] = str(home)
    env["PYTHONUTF8"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return env


def closer_argv(db: Path, *args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "closer_tui", "--db", str(db), *args]


def run_in_terminal(home: Path, db: Path, *args: str | bytes, timeout: float = 60) -> tuple[int, str]:
    """Run closer with stdout and stderr on a pseudo-terminal; (exit code, everything the terminal received).

    Output post-processing is off, so the bytes read are exactly the bytes closer wrote.
    """
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    try:
        child = subprocess.Popen(
            closer_argv(db, *args), stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, cwd=home, env=child_env(home)
        )
    finally:
        os.close(slave)
    received = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as error:  # EIO: the child closed the terminal
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            received += chunk
        else:
            child.kill()
            pytest.fail(f"closer {args} did not finish within {timeout}s")
    finally:
        os.close(master)
    code = child.wait(timeout=timeout)
    return code, received.decode("utf-8")  # strict: closer must write valid UTF-8


def run_in_pipe(home: Path, db: Path, *args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run(closer_argv(db, *args), capture_output=True, text=True, timeout=60, cwd=home, env=child_env(home))


def assert_nothing_for_the_terminal(output: str, command: str) -> None:
    found = {ch: output.index(ch) for ch in sorted(set(TERMINAL_CONTROL.findall(output)))}
    assert not found, "`closer {}` sent {}".format(
        command, ", ".join(f"{ch!r} in ...{output[max(0, i - 30):i + 30]!r}..." for ch, i in found.items())
    )


def hostile_partnerships() -> tuple[Partnership, Partnership]:
    active = Partnership.create(
        "Zoë Martin 👩🏽‍🔬",
        "שלום Cohen",
        "Research \u200fLeaders\u200e",
        start_date="2026-01-12",
        goals=[Goal(f"Goal {HOSTILE}", status="achieved", what_changed=HOSTILE, mentee_view=HOSTILE, mentor_view=HOSTILE)],
    )
    active.id = "kmn234"
    active.meetings.append(Meeting("2026-02-02", f"Meeting {HOSTILE}", milestone=True))
    close = active.close
    close.stage_notes = {"evaluate": HOSTILE, "next_steps": HOSTILE, "development": HOSTILE}
    close.end_reason, close.end_reason_text = "other", HOSTILE
    close.highlights = close.mentee_on_mentor = close.mentor_on_mentee = HOSTILE
    close.stay_in_touch, close.stay_in_touch_how = True, HOSTILE
    close.gifts_notes = close.celebration_plan = HOSTILE
    close.private_notes = f"Private {HOSTILE}"
    close.actions = [Action(f"Act {HOSTILE}", owner="both", due="2026-06-30")]
    close.check_ins, close.celebration_date = ["2026-09-01"], "2026-07-10T18:00"
    active.set_status("closing")

    closed = Partnership.create(
        "Ana Lima",
        "مرحبا Tomás e\u0301",
        "Research \u200fLeaders\u200e",
        start_date="2025-09-01",
        goals=[
            Goal(f"Teach {HOSTILE}", status="not_achieved", not_met_reason=f"Reason {HOSTILE}"),
            Goal("Publish", status="achieved", what_changed=HOSTILE),
        ],
    )
    closed.id = "pqr567"
    closed.close.end_reason, closed.close.end_reason_text = "other", HOSTILE
    closed.close.highlights = HOSTILE
    closed.timer.used = {"evaluate": 300.0}
    closed.set_status("closed")
    return active, closed


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    db = tmp_path / "data"
    with Store.open_writer(db) as store:
        store.import_partnerships(list(hostile_partnerships()))
    return db


TERMINAL_COMMANDS = {
    "show": (["show", "kmn234"], True),
    "show --include-private": (["show", "kmn234", "--include-private"], True),
    "show closed": (["show", "pqr567"], True),
    "list": (["list"], False),
    "list --status closed": (["list", "--status", "closed"], False),
    "report": (["report"], True),
    "report --format md": (["report", "--format", "md"], True),
    "report --programme <escapes>": (["report", "--programme", HOSTILE], False),
    "export --format md": (["export", "kmn234", "--format", "md"], True),
    "export --format md --include-private": (["export", "kmn234", "--format", "md", "--include-private"], True),
    "export --format story": (["export", "pqr567", "--format", "story", "--without-consent"], True),
    "export --format ics": (["export", "kmn234", "--format", "ics"], False),  # folded at 75 octets: the words may be split
    "export --format html": (["export", "kmn234", "--format", "html"], True),
}


@pytest.mark.parametrize("name", list(TERMINAL_COMMANDS))
def test_what_closer_prints_to_a_terminal_holds_no_escape_sequence_from_user_text(tmp_path, hostile_db, name):
    args, shows_notes = TERMINAL_COMMANDS[name]
    code, output = run_in_terminal(tmp_path, hostile_db, *args)
    assert code == 0, output
    assert "Traceback" not in output
    assert_nothing_for_the_terminal(output, name)
    for ch in ("\x1b", "\x9b", "\x9d", "\x9c", "\x07"):
        assert ch not in output
    if shows_notes:  # the note is there, not dropped (Markdown may escape its brackets)
        assert "RTL" in output and "alert(1)" in output


@pytest.mark.parametrize(
    "args",
    [
        ["show", HOSTILE],
        ["export", "\x1b]0;pwned\x07", "--format", "md"],
        ["report", "--since", "\x1b]0;pwned\x07"],
        ["list", "--status", "\x1b[2J"],
        ["export", "kmn234", "--format", "\x9b31m"],
    ],
    ids=["show <escapes>", "export <escapes>", "report --since <escapes>", "list --status <escapes>", "export --format <C1>"],
)
def test_error_messages_echoing_user_input_hold_no_escape_sequence(tmp_path, hostile_db, args):
    code, output = run_in_terminal(tmp_path, hostile_db, *args)
    assert code != 0
    assert output.startswith("closer: error: ") and "Traceback" not in output, output
    assert_nothing_for_the_terminal(output, " ".join(args))


@pytest.mark.parametrize(
    "args",
    [["list", "--json"], ["export", "kmn234", "--format", "json", "--include-private"], ["report", "--format", "json"]],
    ids=["list --json", "export --format json", "report --format json"],
)
def test_json_output_escapes_control_characters(tmp_path, hostile_db, args):
    code, output = run_in_terminal(tmp_path, hostile_db, *args)
    assert code == 0, output
    assert_nothing_for_the_terminal(output.replace("\n", ""), " ".join(args))
    piped = run_in_pipe(tmp_path, hostile_db, *args)
    assert piped.returncode == 0, piped.stderr
    document = json.loads(piped.stdout)
    if args[0] == "export":
        [again] = loads(piped.stdout)
        active, _ = hostile_partnerships()
        assert again.close.stage_notes == active.close.stage_notes
        assert again.meetings[0].notes == f"Meeting {HOSTILE}"
    elif args[0] == "report":
        reasons = document["goals"]["not_achieved_reasons"]
        assert reasons[0]["reason"] == f"Reason {HOSTILE}"


def test_a_meeting_logged_from_the_command_line_with_escapes_is_refused_clearly(tmp_path, hostile_db):
    before = record_files_in(hostile_db)
    code, output = run_in_terminal(tmp_path, hostile_db, "log", "kmn234", f"Logged {ESCAPING}", "--date", "2026-03-01")
    assert code == 1, output
    assert output.startswith("closer: error: notes: contains a control character (U+001B)"), output
    assert_nothing_for_the_terminal(output, "log")
    assert record_files_in(hostile_db) == before


def test_importing_escape_sequences_is_refused_naming_the_field(tmp_path, hostile_db):
    p = base_partnership()
    p.close.celebration_plan = ESCAPING
    hostile = tmp_path / "hostile.json"
    hostile.write_text(dumps([p]), encoding="utf-8")
    code, output = run_in_terminal(tmp_path, hostile_db, "import", str(hostile))
    assert code == 1, output
    assert "partnerships[0].close.celebration_plan: contains a control character (U+001B)" in output
    assert_nothing_for_the_terminal(output, "import")


def record_files_in(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*.json"))}


def test_a_tampered_index_cannot_pass_escapes_through_list(tmp_path, hostile_db):
    """The index is read as it is (it is not a record); `closer list` must still show it inert."""
    index = hostile_db / "index.json"
    text = index.read_text(encoding="utf-8").replace("Ana Lima", "Ana\\u001b]0;pwned\\u0007\\u009b31m")
    index.write_text(text, encoding="utf-8")
    code, output = run_in_terminal(tmp_path, hostile_db, "list")
    assert code == 0, output
    assert_nothing_for_the_terminal(output, "list")
    assert "Ana␛]0;pwned␇<U+009B>31m" in output


# --- bad bytes and over-long values from the command line ----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["log", "kmn234", b"Met caf\xff today"],
        ["new", "--mentor", "Ann", "--mentee", "Bob", "--goal", b"caf\xff"],
    ],
    ids=["log <invalid UTF-8>", "new --goal <invalid UTF-8>"],
)
def test_a_byte_that_is_not_utf8_on_the_command_line_is_refused_clearly(tmp_path, hostile_db, args):
    """The shell hands Python 0xff as a lone surrogate; closer must say so, not crash with exit 70."""
    result = subprocess.run(closer_argv(hostile_db, *args), capture_output=True, timeout=60, cwd=tmp_path, env=child_env(tmp_path))
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, f"exit {result.returncode}: {stderr}"
    assert stderr.startswith("closer: error: ") and len(stderr.splitlines()) == 1, stderr
    assert "not valid text" in stderr and "unexpected" not in stderr, stderr


def test_a_goal_over_the_line_limit_on_the_command_line_is_refused_and_nothing_is_saved(tmp_path):
    db = tmp_path / "data"
    result = run_in_pipe(tmp_path, db, "new", "--mentor", "Ann", "--mentee", "Bob", "--goal", "x" * (MAX_LINE_LENGTH + 1))
    listed = run_in_pipe(tmp_path, db, "list", "--json")
    assert result.returncode == 1, (
        f"`closer new` accepted a {MAX_LINE_LENGTH + 1:,}-character goal (exit {result.returncode}, "
        f"printed {result.stdout.strip()!r}); `closer show` of it then says: "
        f"{run_in_pipe(tmp_path, db, 'show', result.stdout.strip() or 'x').stderr.strip()}"
    )
    assert "goals[0].text" in result.stderr and f"{MAX_LINE_LENGTH:,}" in result.stderr, result.stderr
    assert json.loads(listed.stdout) == []
