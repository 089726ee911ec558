"""Read a closing guide written in Markdown (parsed with markdown-it-py).

The format, by example::

    # Our programme's close                  <- the guide's title

    | Stage | Minutes |                      <- a budget for every stage
    |---|---|
    | Look back | 10 |
    | Look ahead | 10 |

    | Source | Credit |                      <- optional: who each tag credits
    |---|---|
    | OURS | Our programme handbook, 2026 |

    ## Look back                              <- a stage (its key: look_back)

    What this stage is for, in a line.       <- optional

    - `goals` (OURS) Which goals were met?   <- a prompt: `id` and (sources) optional
      - Prepare (each goal, outcome): How far did it get?   <- optional: asked on the
    - What surprised you?                                      partners' reflection sheets
      - Prepare: What surprised you most?

A ``Prepare`` line under a prompt is its question on each partner's reflection
sheet (prep_sheet.py), in the words a partner reads on their own. In brackets,
any of: ``each goal`` (asked once per goal), ``mentor`` or ``mentee`` (on that
partner's sheet only), and, for each goal, ``outcome`` (the answer is how far the
goal got, as they see it) or ``view`` (their view of the outcome, in words).

Mistakes are reported with the line they are on, and a guide with a mistake is
never used.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .control_characters import first_control_character
from .errors import CloserError
from .method import ANSWER_KINDS, PARTNERS, Guide, Prepare, Prompt, Stage

GUIDES_FOLDER = Path(__file__).resolve().parent / "guides"
PROMPT_PATTERN = re.compile(r"^(?:`(?P<id>[^`]+)`\s*)?(?:\((?P<sources>[^)]*)\)\s*)?(?P<text>.+)$", re.DOTALL)
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
PREPARE_PATTERN = re.compile(r"^Prepare\s*(?:\((?P<qualifiers>[^)]*)\))?\s*:\s*(?P<text>.*)$", re.DOTALL | re.IGNORECASE)
EACH_GOAL = "each goal"
MAX_QUESTION_LENGTH = 200  # a sheet's question is a heading: one line, as long as a name may be
MAX_MINUTES = 24 * 60


class GuideError(CloserError, ValueError):
    """A guide file cannot be used; the message names the file and the line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


def stage_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_") or "stage"


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tokens = MarkdownIt("commonmark").enable("table").parse(text)
        self.title = ""
        self.budgets: dict[str, tuple[float, int | None]] = {}
        self.sources: dict[str, str] = {}
        self.stages: list[dict] = []

    def fail(self, token: Token | int | None, message: str) -> GuideError:
        line = token if isinstance(token, int) or token is None else _line(token)
        return GuideError(self.source, line, message)

    def parse(self) -> None:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open":
                content = tokens[i + 1].content.strip()
                if token.tag == "h1" and not self.title:
                    self.title = content
                elif token.tag == "h2":
                    self.stages.append({"title": content, "line": _line(token), "purpose": "", "prompts": []})
                else:
                    raise self.fail(token, f"unexpected heading {content!r}: use # for the title and ## for stages")
                i += 3
            elif token.type == "table_open":
                i = self.table(i)
            elif token.type == "bullet_list_open":
                i = self.prompts(i)
            elif token.type == "paragraph_open" and token.level == 0:
                if self.stages and not self.stages[-1]["prompts"] and not self.stages[-1]["purpose"]:
                    self.stages[-1]["purpose"] = tokens[i + 1].content.strip()
                i += 3
            else:
                i += 1

    def table(self, start: int) -> int:
        rows: list[tuple[list[str], int | None]] = []
        i = start
        while self.tokens[i].type != "table_close":
            if self.tokens[i].type == "tr_open":
                cells, row_line, i = [], _line(self.tokens[i]), i + 1
                while self.tokens[i].type != "tr_close":
                    if self.tokens[i].type == "inline":
                        cells.append(self.tokens[i].content.strip())
                    i += 1
                rows.append((cells, row_line))
            i += 1
        header = [cell.casefold() for cell in rows[0][0]] if rows else []
        if header[:2] == ["stage", "minutes"]:
            for cells, line in rows[1:]:
                try:
                    minutes = float(cells[1])
                except (IndexError, ValueError):
                    raise self.fail(line, f"the minutes for {cells[0]!r} must be a number") from None
                if not 0 < minutes <= MAX_MINUTES:
                    raise self.fail(line, f"the minutes for {cells[0]!r} must be between 0 and {MAX_MINUTES}")
                self.budgets[stage_key(cells[0])] = (minutes, line)
        elif header[:2] == ["source", "credit"]:
            for cells, line in rows[1:]:
                if len(cells) < 2 or not cells[0] or not cells[1]:
                    raise self.fail(line, "a source needs a tag and a credit")
                self.sources[cells[0]] = cells[1]
        else:
            raise self.fail(self.tokens[start], "a table must be headed | Stage | Minutes | or | Source | Credit |")
        return i + 1

    def prompts(self, start: int) -> int:
        if not self.stages:
            raise self.fail(self.tokens[start], "a prompt list must come under a ## stage heading")
        stage = self.stages[-1]
        depth, i = 0, start
        while True:
            token = self.tokens[i]
            if token.type == "bullet_list_open":
                depth += 1
            elif token.type == "bullet_list_close":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif token.type == "list_item_open" and depth == 1:
                inline = self.tokens[i + 2]
                stage["prompts"].append({"content": " ".join(inline.content.split()), "line": _line(token), "prepare": None})
            elif token.type == "list_item_open" and depth == 2 and self.tokens[i + 2].type == "inline":
                content = " ".join(self.tokens[i + 2].content.split())
                if not PREPARE_PATTERN.match(content):
                    raise self.fail(token, "prompts cannot be nested (an item under a prompt may only be its Prepare: line)")
                prompt = stage["prompts"][-1]
                if prompt["prepare"] is not None:
                    raise self.fail(token, "a prompt has at most one Prepare: line")
                prompt["prepare"] = (content, _line(token))
            elif token.type == "list_item_open":
                raise self.fail(token, "prompts cannot be nested")
            i += 1

    def guide(self, name: str) -> Guide:
        if not self.stages:
            raise self.fail(None, "no stages: add at least one ## heading with a list of prompts")
        stages, keys = [], set()
        for raw in self.stages:
            key = stage_key(raw["title"])
            if key in keys:
                raise self.fail(raw["line"], f"the stage {raw['title']!r} appears twice")
            keys.add(key)
            if not raw["prompts"]:
                raise self.fail(raw["line"], f"the stage {raw['title']!r} has no prompts (a list of - items)")
            if key not in self.budgets:
                raise self.fail(raw["line"], f"the stage {raw['title']!r} has no row in the | Stage | Minutes | table")
            stages.append(Stage(key, raw["title"], raw["purpose"], round(self.budgets[key][0] * 60), self.prompts_of(key, raw)))
        for key, (_, line) in self.budgets.items():
            if key not in keys:
                raise self.fail(line, f"the budget table names a stage that has no ## heading: {key!r}")
        self.check_sheet_questions(stages)
        return Guide(name=name, title=self.title or name, stages=tuple(stages), sources=dict(self.sources))

    def prompts_of(self, key: str, raw: dict) -> tuple[Prompt, ...]:
        prompts, seen = [], set()
        for number, item in enumerate(raw["prompts"], start=1):
            content, line = item["content"], item["line"]
            match = PROMPT_PATTERN.match(content)
            if not match or not match["text"].strip():
                raise self.fail(line, "a prompt needs some text")
            slug = (match["id"] or f"p{number}").strip()
            if not ID_PATTERN.match(slug):
                raise self.fail(line, f"the prompt id `{slug}` may hold only a-z, 0-9 and _")
            if slug in seen:
                raise self.fail(line, f"the prompt id `{slug}` is used twice in {raw['title']!r}")
            seen.add(slug)
            tags = tuple(t.strip() for t in (match["sources"] or "").split(",") if t.strip())
            unknown = [t for t in tags if t not in self.sources]
            if unknown:
                raise self.fail(line, f"the source {unknown[0]!r} is not in the | Source | Credit | table")
            prepare = self.prepare_of(*item["prepare"]) if item["prepare"] else None
            prompts.append(Prompt(f"{key}.{slug}", match["text"].strip(), tags, prepare))
        return tuple(prompts)

    def prepare_of(self, content: str, line: int | None) -> Prepare:
        """A prompt's ``Prepare (qualifiers): question`` line."""
        match = PREPARE_PATTERN.match(content)
        assert match is not None  # checked when the list was read
        text = match["text"].strip()
        if not text:
            raise self.fail(line, "a Prepare: line needs the question a partner is asked")
        if len(text) > MAX_QUESTION_LENGTH:
            raise self.fail(line, f"a Prepare: question is at most {MAX_QUESTION_LENGTH} characters (a heading on the sheet)")
        each_goal, who, answer = False, [], "text"
        for qualifier in (q.strip().casefold() for q in (match["qualifiers"] or "").split(",") if q.strip()):
            if qualifier == EACH_GOAL:
                each_goal = True
            elif qualifier in PARTNERS:
                who.append(qualifier)
            elif qualifier in ANSWER_KINDS[1:]:
                if answer != "text":
                    raise self.fail(line, "a Prepare: line asks for an outcome or a view, not both")
                answer, each_goal = qualifier, True
            else:
                known = ", ".join([EACH_GOAL, *PARTNERS, *ANSWER_KINDS[1:]])
                raise self.fail(line, f"{qualifier!r} is not something a Prepare: line can say (it takes: {known})")
        return Prepare(text, each_goal, tuple(p for p in PARTNERS if p in who) or PARTNERS, answer)

    def check_sheet_questions(self, stages: list[Stage]) -> None:
        """A sheet's headings tell its reader which question an answer is for: no two questions
        may read the same, and one prompt at most may ask for the outcome, one for the view."""
        lines = {
            (stage.key, prompt.id): item["prepare"][1]
            for stage, raw in zip(stages, self.stages, strict=True)
            for prompt, item in zip(stage.prompts, raw["prompts"], strict=True)
            if item["prepare"]
        }
        seen: dict[tuple[bool, str], str] = {}
        kinds: set[str] = set()
        for stage in stages:
            for prompt in stage.prompts:
                prepare = prompt.prepare
                if prepare is None:
                    continue
                line = lines[(stage.key, prompt.id)]
                if prepare.answer != "text":
                    if prepare.answer in kinds:
                        raise self.fail(line, f"only one prompt may ask each partner for a goal's {prepare.answer}")
                    kinds.add(prepare.answer)
                wording = (prepare.for_each_goal, " ".join(prepare.text.casefold().split()))
                if wording in seen:
                    raise self.fail(line, f"the Prepare: question {prepare.text!r} is asked twice; a sheet needs each once")
                seen[wording] = prompt.id


def check_characters(text: str, source: str) -> None:
    """A guide is shown to the audience: a control character or a direction override
    anywhere in it (a title, a prompt, a credit) refuses the whole file, naming the line."""
    for number, line in enumerate(text.splitlines(), 1):
        at = first_control_character(line)
        if at is not None:
            raise GuideError(source, number, f"contains a control character (U+{ord(line[at]):04X}) at column {at + 1}")


def parse_guide(text: str, source: str = "guide", name: str | None = None) -> Guide:
    check_characters(text, source)
    parser = _Parser(text, source)
    parser.parse()
    return parser.guide(name or Path(source).stem)


def load_guide(path: str | Path) -> Guide:
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuideError(str(path), None, "no such file") from None
    except UnicodeDecodeError:
        raise GuideError(str(path), None, "not UTF-8 text") from None
    except OSError as error:
        raise GuideError(str(path), None, error.strerror or str(error)) from None
    return parse_guide(text, str(path), name=path.stem)


def load_bundled(name: str) -> Guide:
    path = GUIDES_FOLDER / f"{name}.md"
    if not path.is_file():
        raise GuideError(name, None, "no guide of that name is shipped with closer")
    return parse_guide(path.read_text(encoding="utf-8"), f"closer's {name} guide", name=name)
