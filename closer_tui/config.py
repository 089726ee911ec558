"""The user's preferences: theme, shared-screen mode, a programme's own guide, keys.

A small JSON file in the user's config folder (``~/.config/closer/config.json``
on Linux). A broken file is reported and ignored, never overwritten silently.
Entries closer does not know (from a newer version, or the user's own notes)
are kept when the settings are saved.
"""

from __future__ import annotations

import errno
import json
import os
import re
import string
import unicodedata
from dataclasses import asdict, field, fields
from pathlib import Path

import platformdirs

from .errors import CloserError
from .records import record
from .store.errors import UnsafePathError
from .store.files import atomic_write, ensure_private_folder, read_text

CONFIG_ENV = "CLOSER_CONFIG"

# A keymap entry: a binding id ("dashboard.toggle_timer") -> keys ("f5", "f1,question_mark").
BINDING_ID = re.compile(r"[a-z_]+\.[a-z_]+")
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
KEY_NAME = re.compile(r"[a-z][a-z0-9_]*")  # f5, question_mark, pageup, escape...
MAX_KEYMAP_ENTRIES = 200
MAX_BINDING_ID_LENGTH = 60
MAX_KEYS_LENGTH = 100
MAX_KEY_NAME_LENGTH = 40
# Bindings that run even while the cursor is in a text box (Textual's priority bindings):
# a key that types or edits text would be taken from the notes. A test checks this against
# every priority binding of the app.
ACTIVE_WHILE_TYPING = re.compile(r"(app|dashboard)\.[a-z_]+|(new|details|notes|edit|meeting|views)\.save")
TEXT_BOX_KEYS = frozenset({"enter", "tab", "backspace", "delete", "up", "down", "left", "right", "home", "end", "pageup", "pagedown"})
# Textual's names for keys that type a character, where they are not the Unicode name.
CHARACTER_KEY_NAMES = frozenset(
    {"slash", "backslash", "at", "minus", "plus", "underscore", "space"}
    | {unicodedata.name(c).lower().replace("-", "_").replace(" ", "_") for c in string.punctuation}
)


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("closer", appauthor=False)) / "config.json"


@record
class Settings:
    """What a user chose in the settings file: theme, shared-screen mode, guide, keys, bell."""

    theme: str | None = None
    shared_screen: bool = False
    guide: str | None = None  # path of a programme's own guide file
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, for App.set_keymap
    bell: bool = False  # ring the terminal bell when a stage's budget runs out (f12 on the dashboard)
    # Entries of the file closer does not know: written back as they were.
    unknown_keys: dict[str, object] = field(default_factory=dict, repr=False, compare=False)


SETTING_NAMES = frozenset(f.name for f in fields(Settings)) - {"unknown_keys"}


class ConfigError(CloserError, ValueError):
    pass


class ConfigNotSaved(OSError):
    """The settings could not be written (the file has a mistake, is a link, its folder is open to
    others, the disk refused): nothing was overwritten, and the settings last until closer quits."""


KEPT_FOR_THIS_RUN = "your settings apply until closer quits"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        data = json.loads(read_text(path))
    except FileNotFoundError:
        return Settings()
    except UnsafePathError as error:
        raise ConfigError(
            f"{path} {error.problem}; settings are read only from a regular file ({CONFIG_ENV} may name it)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path} cannot be read ({error}); fix or delete it") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a JSON object; fix or delete it")
    settings = Settings(**{k: v for k, v in data.items() if k in SETTING_NAMES})
    settings.unknown_keys = {k: v for k, v in data.items() if k not in SETTING_NAMES}
    if settings.theme is not None and not isinstance(settings.theme, str):
        raise ConfigError(f"{path}: theme must be a theme name")
    if not isinstance(settings.shared_screen, bool):
        raise ConfigError(f"{path}: shared_screen must be true or false")
    if not isinstance(settings.bell, bool):
        raise ConfigError(f"{path}: bell must be true or false")
    if settings.guide is not None and not isinstance(settings.guide, str):
        raise ConfigError(f"{path}: guide must be the path of a guide file")
    settings.keymap = checked_keymap(settings.keymap, path)
    return settings


def checked_keymap(keymap: object, path: Path) -> dict[str, str]:
    """The ``keymap`` table, or ConfigError naming the file and the first wrong entry."""
    if not isinstance(keymap, dict):
        raise ConfigError(f'{path}: keymap must be a table of binding ids and keys, e.g. {{"app.help": "f1"}}')
    if len(keymap) > MAX_KEYMAP_ENTRIES:
        raise ConfigError(f"{path}: keymap has {len(keymap)} entries; closer has far fewer keys")
    checked: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        entry = f"{path}: keymap entry {_quoted(binding_id)}"
        if len(binding_id) > MAX_BINDING_ID_LENGTH or not BINDING_ID.fullmatch(binding_id):
            raise ConfigError(f"{entry} is not a binding id such as dashboard.toggle_timer (the README lists them)")
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f'{entry} must be a key or keys separated by commas, e.g. "f5" or "f1,question_mark"')
        if len(keys) > MAX_KEYS_LENGTH:
            raise ConfigError(f"{entry} is too long ({len(keys)} characters)")
        if not keys.isprintable():
            raise ConfigError(f"{entry} has a control character in {_quoted(keys)}; write keys by name, e.g. escape")
        for key in keys.split(","):
            problem = key_problem(key.strip())
            if not problem and ACTIVE_WHILE_TYPING.fullmatch(binding_id) and used_by_text_boxes(key.strip()):
                problem = "is a typing key, and this action works even while you type: pick an F key or a ctrl+ key"
            if problem:
                raise ConfigError(f"{entry}: {_quoted(key.strip())} {problem}")
        checked[binding_id] = keys
    return checked


def key_problem(key: str) -> str | None:
    """Why Textual would not understand ``key`` (one key, e.g. "ctrl+t"), or None."""
    if not key:
        return "is empty: leave no comma without a key"
    if len(key) == 1:  # a character: Textual names it ("?" is question_mark)
        if key.isspace():
            return 'is a space: the space bar is "space"'
        return None
    *modifiers, name = key.split("+")
    if not name:
        return 'ends with "+": the plus key is "plus"'
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"has an unknown modifier {_quoted(modifier)} (use {', '.join(MODIFIERS)})"
    if len(set(modifiers)) < len(modifiers):
        return "repeats a modifier"
    if len(name) == 1:
        if modifiers and name not in string.ascii_lowercase + string.digits:
            return "needs a lower-case letter, a digit or a key name after the modifier (e.g. ctrl+question_mark)"
        return None
    if len(name) > MAX_KEY_NAME_LENGTH or not KEY_NAME.fullmatch(name):
        return "is not a key name Textual knows (lower case, e.g. f5, ctrl+t, question_mark)"
    return None


def used_by_text_boxes(key: str) -> bool:
    """Whether a text box needs ``key`` (checked by key_problem): it types, or edits, or moves the cursor."""
    *modifiers, name = [key] if len(key) == 1 else key.split("+")
    if name in TEXT_BOX_KEYS:
        return set(modifiers) <= {"shift", "ctrl"}  # ctrl+left: a word left, shift+up: select...
    if modifiers:
        return False  # ctrl+t, alt+x, f5...: no text box takes them as text
    if len(name) == 1 or name in CHARACTER_KEY_NAMES:
        return True
    try:
        return unicodedata.lookup(name.replace("_", " ")).isprintable()  # pound_sign, section_sign...
    except KeyError:
        return False


def _quoted(text: object) -> str:
    """A user's text in a one-line message: quoted, shortened, control characters escaped."""
    text = str(text)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings``, keeping the entries closer does not know, or raise ConfigNotSaved saying why.

    A file with a mistake, a link or anything but a regular file is never written over, and a folder
    is created 0700 or used as it is (never one others may write to): the caller keeps the settings
    in memory, and the message says they last until closer quits.
    """
    path = path or config_path()
    try:
        on_disk = load_settings(path)
    except ConfigError as error:
        raise ConfigNotSaved(errno.EINVAL, f"{error} (not overwritten; {KEPT_FOR_THIS_RUN})") from None
    data = {name: value for name, value in asdict(settings).items() if name in SETTING_NAMES}
    unknown = {**settings.unknown_keys, **on_disk.unknown_keys}  # the file's own, as it is now, win
    data.update((name, value) for name, value in unknown.items() if name not in data)
    try:
        ensure_private_folder(path.parent, others_may_read=True)
        atomic_write(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except UnsafePathError as error:
        raise ConfigNotSaved(errno.EPERM, f"{error} ({KEPT_FOR_THIS_RUN})") from None
    except OSError as error:
        raise ConfigNotSaved(error.errno or errno.EIO, f"{path}: {error.strerror or error} ({KEPT_FOR_THIS_RUN})") from None
