"""Reading the index as closer writes it: in chunks, a document at a time.

Parsing the whole file at once (``datafile.read_index_file``) holds, at 10,000 partnerships,
the file's text, both tables' 20,000 documents and the tables around them, about 20 MiB at
the peak; and it is one C call that keeps the interpreter for ~90 ms, so a frame waiting to be
written waits for it. Here the file is read 256 KiB at a time and each document is kept only
if it is needed: the rows, which the list holds anyway (each as a SummaryRow as soon as it is
parsed, so the 10,000 dicts never exist at once), and, for each file fingerprint, only whether
it still matches the file in the folder.

Only a file exactly as closer writes it is read so (today's version, its tables in one line,
documents numbered from 1 in order); for anything else ``read_index_by_document`` returns None
and the whole read gives the same rows, or names what is wrong with the file.
"""

from __future__ import annotations

import codecs
import json
from json.decoder import scanstring
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from ..model import MAX_INT_DIGITS, has_long_digit_run
from .datafile import META_TABLE, SCHEMA_VERSION, SURROGATE_ESCAPE
from .files import open_file
from .fingerprints import Packed, is_unchanged
from .migrations import INDEX_FILES_TABLE as FILES_TABLE, INDEX_ROWS_TABLE as ROWS_TABLE
from .summary_rows import row_as_written

CHUNK_BYTES = 256 * 1024


class IndexRead(NamedTuple):
    rows: list[Any]  # the partnerships table's rows in the file's order: a SummaryRow, or a document to check
    matching: set[str] | None  # ids whose fingerprint in the file equals the folder's (None: no files table)
    check_text: bool  # the file holds an escape that can make a lone surrogate: check the rows' text


class _NotAsWritten(Exception):
    """The file is not as closer writes it: the whole read takes over."""


def read_index_by_document(path: Path, on_disk: dict[str, Packed]) -> IndexRead | None:
    """The index's rows, and which of its fingerprints match ``on_disk`` (the folder's, by id);
    None when the file is not as closer writes it (FileNotFoundError when there is none)."""
    with open(open_file(path), "rb") as file:
        try:
            return _Walk(file, on_disk).index()
        except (_NotAsWritten, RecursionError):
            return None


class _Walk:
    def __init__(self, file: BinaryIO, on_disk: dict[str, Packed]) -> None:
        self.file = file
        self.on_disk = on_disk
        self.text = ""
        self.position = 0
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.tail = b""  # the last bytes read: a long number or an escape may cross two chunks
        self.surrogates = False
        self.at_end = False
        self.decoder = json.JSONDecoder()
        self.keys: dict[str, str] = {}  # one copy of each field name for all rows, as one whole parse gives
        self.texts: dict[str, str] = {}  # one copy of each text many rows hold (a programme, a status)

    def index(self) -> IndexRead:
        rows: list[Any] = []
        matching: set[str] | None = None
        self.expect('{"' + META_TABLE + '":{"1":')
        stamp = self.document()
        if stamp != {"schema": SCHEMA_VERSION, "kind": "index"} or type(stamp["schema"]) is not int:
            raise _NotAsWritten  # 3.0 equals 3, and the whole read names it
        self.expect("}")
        tables = {META_TABLE}
        while self.next_is(","):
            name = self.string()
            if name in tables:
                raise _NotAsWritten
            tables.add(name)
            self.expect(":{")
            if name == FILES_TABLE:
                matching = set()
            if not self.next_is("}"):  # an empty table ends at once
                self.documents(name, rows, matching)
        self.expect("}")
        if self.position < len(self.text) or self.read_more():
            raise _NotAsWritten  # anything after the end
        return IndexRead(rows, matching, self.surrogates)

    def documents(self, table: str, rows: list[Any], matching: set[str] | None) -> None:
        keys, share = self.keys, self.texts.setdefault
        number = 0
        while True:
            number += 1
            document = self.next_document(f'"{number}":')
            if table == ROWS_TABLE:
                row = row_as_written(document, share)
                rows.append({keys.setdefault(key, key): value for key, value in document.items()} if row is None else row)
            elif table == FILES_TABLE and matching is not None:
                self.match_fingerprint(document, matching)
            if self.text.startswith(",", self.position):
                self.position += 1
            elif not self.next_is(","):
                self.expect("}")
                return

    def next_document(self, key: str) -> dict:
        """The document after ``key``: at once when the chunk holds it whole (10,000 times), else the
        careful way, reading on."""
        text, position = self.text, self.position
        if text.startswith(key, position):
            try:
                document, end = self.decoder.raw_decode(text, position + len(key))
            except ValueError:
                pass
            else:
                if type(document) is not dict:
                    raise _NotAsWritten
                self.position = end
                return document
        self.expect(key)
        return self.document()

    def match_fingerprint(self, document: dict, matching: set[str]) -> None:
        """As a whole read's dict of fingerprints would say: the last one listed for an id counts."""
        pid = document.get("id")
        if type(pid) is str:
            if is_unchanged(document.get("file"), self.on_disk.get(pid)):
                matching.add(pid)
            else:
                matching.discard(pid)

    # --- the text, a chunk at a time -------------------------------------------

    def read_more(self) -> bool:
        """Read on until there is more text: False at the end of the file."""
        while not self.at_end:
            raw = self.file.read(CHUNK_BYTES)
            self.at_end = not raw
            seen = self.tail + raw
            if has_long_digit_run(seen):
                raise _NotAsWritten  # numbers closer never writes: the whole read names them
            self.surrogates = self.surrogates or SURROGATE_ESCAPE.search(seen) is not None
            self.tail = seen[-MAX_INT_DIGITS:]
            try:
                new = self.utf8.decode(raw, final=self.at_end)
            except UnicodeDecodeError:
                raise _NotAsWritten from None
            if new:
                self.text = self.text[self.position :] + new
                self.position = 0
                return True
        return False

    def expect(self, literal: str) -> None:
        while len(self.text) - self.position < len(literal) and self.read_more():
            pass
        if not self.text.startswith(literal, self.position):
            raise _NotAsWritten
        self.position += len(literal)

    def next_is(self, character: str) -> bool:
        """Whether the next character is ``character``, which is then passed."""
        if self.position >= len(self.text):
            self.read_more()
        if self.text.startswith(character, self.position):
            self.position += 1
            return True
        return False

    def string(self) -> str:
        self.expect('"')
        return self.parsed(lambda: scanstring(self.text, self.position))

    def document(self) -> dict:
        found = self.parsed(lambda: self.decoder.raw_decode(self.text, self.position))
        if type(found) is not dict:
            raise _NotAsWritten
        return found

    def parsed(self, parse) -> Any:
        """What ``parse`` reads at the position; a value cut by the chunk's end is read again with more."""
        while True:
            try:
                value, self.position = parse()
                return value
            except ValueError:
                if not self.read_more():
                    raise _NotAsWritten from None
