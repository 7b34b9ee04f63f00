"""Turn Markdown study notes into draft cards: commands from shell blocks, definitions from prose.

The rules, in the order a reader meets the notes:

- a shell code block gives one command card per command line; its meaning is the
  comment above it, else the comment on its line, else the comments below it,
  else the paragraph just above the block, else the heading;
- another code block (a Dockerfile, some output) goes into the extra of the card
  it explains: output to the command before it, anything else to the next
  command in the same section, else to the card before it;
- definitions become basic cards: a **bold term** paragraph followed by its
  bullets, "term: explanation" lines and list items, a short list item with its
  own nested list, a two-column table row, a heading followed by one paragraph,
  and a sentence that defines its subject ("Stop은 ...", "A volume is ...");
- everything else is counted as a skipped passage.

Nothing here reads or writes files: ``extract_notes`` takes text and returns
the draft, which ``draft_yaml`` writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..authoring.slugs import command_slug, slugify, tag_of, unique_id
from ..report import plural
from ..sources.command import default_blanks, tokenize
from ..sources.todos import unfinished
from .markdown import Block, fenced_lines, read_notes
from .shell import SHELL_LANGS, ShellCommand, looks_like_command, parse_shell

# The draft must fit in one topic file (1 MiB, see sources/load.py), and its YAML is bigger than the
# notes; past this, drafting takes long enough to look like a hang.
MAX_NOTES_BYTES = 1024 * 1024
MAX_OUTPUT_LINES = 30
MAX_ATTACHED_LINES = 60
OUTPUT_LANGS = {"output", "text", "txt", "plaintext", "plain", "log", "console-output", "none"}
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")
_TERM_COLON = re.compile(r"^(?P<term>[^:：]{1,40}?)\s*[:：](?:\s+(?P<rest>.*))?$", re.S)
_KO_TOPIC = re.compile(r"^(?P<term>(?:\S+\s+){0,2}\S+?)(?:이란|란|은|는)\s+\S", re.S)
_EN_DEFINES = re.compile(r"^(?:(?:an?|the)\s+)?(?P<term>(?:\S+\s+){0,3}?\S+)\s+(?:is|are|means|refers to|stands for)\s+\S",
                         re.S | re.I)
_NOT_TERMS = {"이", "그", "저", "이것", "그것", "저것", "이건", "그건", "여기", "거기", "것", "수", "때", "경우", "다음",
              "아래", "위", "이때", "it", "this", "that", "there", "here", "which", "what", "who", "these", "those",
              "they", "he", "she", "one", "each", "all"}
# A word ending in 은/는 is a topic only if its stem is not a verb or adjective ("하는", "같은").
_KO_MODIFIER_STEMS = ("하", "되", "있", "없", "같", "많", "좋", "높", "낮", "작", "않", "받", "놓")
_KO_OTHER_PARTICLES = ("를", "을", "에", "에서", "로", "으로", "가", "와", "과", "의", "도", "만")
# Labels of an aside ("Tip: use --rm ..."): they name no term, so the line defines nothing.
_LABELS = {"tip", "tips", "note", "notes", "nb", "warning", "caution", "important", "hint", "info", "example",
           "examples", "e.g.", "todo", "attention", "danger", "remember", "참고", "주의", "팁", "경고", "예", "예시",
           "메모", "노트", "중요", "힌트", "비고"}
_GENERIC_HEADINGS = {"결론", "요약", "정리", "참고", "메모", "개요", "summary", "conclusion", "notes", "note",
                     "overview", "tl;dr", "recap"}


@dataclass
class DraftCard:
    kind: str  # "basic" or "command"
    base_id: str
    line: int
    tags: list[str]
    front: str = ""
    back: str = ""
    command: str = ""
    blanks: list[str] | None = None  # None: the default blanks apply
    meaning: str = ""
    extra: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class Draft:
    lang: str
    deck: str
    tags: list[str]
    cards: list[DraftCard]
    skipped: int

    @property
    def commands(self) -> int:
        return sum(card.kind == "command" for card in self.cards)

    @property
    def definitions(self) -> int:
        return sum(card.kind == "basic" for card in self.cards)

    def summary(self) -> str:
        return f"{plural(self.commands, 'command')}, {plural(self.definitions, 'definition')}, " \
               f"{plural(self.skipped, 'passage')} skipped"


def detect_language(blocks: list[Block]) -> str:
    """Korean when a fair share of the prose's letters are Hangul, English otherwise."""
    prose = " ".join(_prose(blocks))
    letters = len(_LETTER.findall(prose))
    hangul = len(_HANGUL.findall(prose))
    return "ko" if letters and hangul / letters >= 0.1 else "en"


def _prose(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if block.kind in ("heading", "paragraph"):
            yield block.plain
        elif block.kind == "list":
            for item in block.items:
                yield from _prose(item.blocks)
        elif block.kind == "table":
            yield " ".join(block.header + [cell for _, cells in block.rows for cell in cells])


def deck_name(blocks: list[Block], notes_name: str) -> tuple[str, Block | None]:
    """The notes' one top heading if they open with it, else the file's name."""
    headings = [b for b in blocks if b.kind == "heading"]
    if headings:
        top = min(h.level for h in headings)
        tops = [h for h in headings if h.level == top]
        if len(tops) == 1 and blocks[0] is tops[0] and tops[0].plain:
            # A deck name cannot hold '::', which Anki reads as a sub-deck.
            return re.sub(r":{2,}", ":", tops[0].plain), tops[0]
    stem = Path(notes_name).name.split(".")[0]
    return re.sub(r"[-_]+", " ", stem).strip() or "notes", None


def extract_notes(text: str, notes_name: str, lang: str | None = None, taken: frozenset[str] = frozenset()) -> Draft:
    """The draft cards of one Markdown file; ``notes_name`` only names the deck when nothing else does.

    No card gets an id in ``taken``: the ids of the deck the draft is for."""
    blocks = read_notes(text)
    chosen = lang or detect_language(blocks)
    deck, title = deck_name(blocks, notes_name)
    if title is not None:
        blocks = blocks[1:]
    extractor = _Extractor(deck)
    extractor.sequence(blocks)
    extractor.flush_attachments()
    cards = extractor.cards
    _mark_same_meanings(cards)
    for card in cards:
        # Cards work offline and notes link pictures from anywhere: keep each picture as a link.
        card.front, card.back, card.meaning = map(unpicture, (card.front, card.back, card.meaning))
        card.extra = [unpicture(text) for text in card.extra]
    _assign_ids(cards, taken)
    deck_tag = tag_of(deck)
    return Draft(lang=chosen, deck=deck, tags=[deck_tag] if deck_tag else [], cards=cards,
                 skipped=extractor.skipped(blocks) + extractor.left)


def _mark_same_meanings(cards: list[DraftCard]) -> None:
    """Two command cards with one meaning make recall cards nobody can answer: mark each to tell apart."""
    by_meaning: dict[str, list[DraftCard]] = {}
    for card in cards:
        if card.kind == "command" and not unfinished(card.meaning):
            by_meaning.setdefault(" ".join(card.meaning.casefold().split()), []).append(card)
    for same in by_meaning.values():
        for card in same if len(same) > 1 else ():
            other = next(c for c in same if c is not card)
            card.meaning = f"TODO: tell it apart from {_code(other.command)}: {card.meaning}"


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if len(fence) > 1 else f"`{text}`"


def unpicture(text: str) -> str:
    """Markdown with each picture ``![alt](url)`` turned into the link ``[alt](url)``, code left alone."""
    code_lines = fenced_lines(text)
    if code_lines is None:
        return text
    lines = text.split("\n")
    return "\n".join(line if n in code_lines else re.sub(r"!\[", "[", line) for n, line in enumerate(lines))


def _assign_ids(cards: list[DraftCard], existing: frozenset[str]) -> None:
    """Readable slugs, numbered from the second time a slug comes up; same notes, same ids."""
    taken = set(existing)
    for card in cards:
        card.id = unique_id(card.base_id or ("command" if card.kind == "command" else "definition"), taken)
        taken.add(card.id)


def _fence_markdown(code: str, lang: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"


def _strip_marks(term: str) -> str:
    """A term without the bold or italic around it (code stays code)."""
    term = term.strip()
    for mark in ("**", "__", "*", "_"):
        if term.startswith(mark) and term.endswith(mark) and len(term) > 2 * len(mark):
            term = term[len(mark):-len(mark)].strip()
    return term


_ASIDE = re.compile(r"^[*_]*(?P<label>[^*_:：]{1,20}?)[*_]*\s*[:：]")


def is_aside(text: str) -> bool:
    """Whether ``text`` starts with an aside's label ("Tip:", "**Note:**", "참고:")."""
    match = _ASIDE.match(text.strip())
    return bool(match and match.group("label").strip().lower() in _LABELS)


def _is_term(plain: str, max_words: int = 5) -> bool:
    plain = plain.strip()
    if not plain or len(plain) > 40 or len(plain.split()) > max_words:
        return False
    if plain.lower() in _NOT_TERMS or plain.lower() in _LABELS or "://" in plain:
        return False
    return not re.search(r"[.!?。]$|다$|요$", plain)


def _clean_heading_term(heading: str) -> str:
    term = re.sub(r"\s*[?？]$", "", heading.strip())
    term = re.sub(r"^(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?)", "", term, flags=re.I)
    term = re.sub(r"(?<=\S)(?:이란|란)$", "", term)
    return term.strip() or heading.strip()


def _front(term: str) -> str:
    term = term.strip()
    return term if re.match(r"[`*_\[]", term) else f"**{term}**"


def _ko_topic(plain: str) -> str | None:
    match = _KO_TOPIC.match(plain)
    if not match:
        return None
    term = match.group("term").strip()
    words = term.split()
    if any(w.endswith(_KO_OTHER_PARTICLES) and _HANGUL.search(w) for w in words[:-1]):
        return None
    if words[-1].endswith(_KO_MODIFIER_STEMS) and _HANGUL.search(words[-1][-1]):
        return None
    if term.lower() in _NOT_TERMS or words[-1] in _NOT_TERMS or not _is_term(term, 3):
        return None
    return term


def _en_defines(plain: str) -> str | None:
    match = _EN_DEFINES.match(plain)
    if not match:
        return None
    term = match.group("term").strip()
    if term.lower() in _NOT_TERMS or term.split()[0].lower() in _NOT_TERMS or not _is_term(term, 4):
        return None
    return term


def _blank_for(command: str) -> list[str]:
    """What a drafted command card hides: the default, written out for the author to see."""
    return default_blanks(tokenize(command))


class _Extractor:
    def __init__(self, deck: str) -> None:
        self.deck = deck
        self.cards: list[DraftCard] = []
        self.used: set[int] = set()  # ids of the blocks some card took text from
        self.headings: list[tuple[int, str]] = []  # (level, plain text) of the open sections
        self.section_start = 0  # index in self.cards where the current section's cards begin
        self.last_command: DraftCard | None = None
        self.pending: list[tuple[str, list[Block]]] = []  # attachments waiting for the next command
        self.left = 0  # passages inside shell blocks that no card holds (a here-document, text before a command)

    # -- context -------------------------------------------------------------------------------
    def tags(self) -> list[str]:
        names = [text for _, text in self.headings]
        chosen = names[:1] + names[-1:] if len(names) > 1 else names
        return list(dict.fromkeys(t for t in (tag_of(n) for n in chosen) if t))

    def heading(self) -> str:
        return self.headings[-1][1] if self.headings else self.deck

    def use(self, *blocks: Block) -> None:
        for block in blocks:
            self.used.add(id(block))
            for item in block.items:
                self.use(*item.blocks)

    def add(self, card: DraftCard) -> DraftCard:
        self.cards.append(card)
        return card

    def define(self, term: str, back: str, line: int) -> DraftCard:
        term = term.strip()
        return self.add(DraftCard("basic", slugify(_strip_marks(term).strip("`")), line, self.tags(),
                                  front=_front(term), back=back.strip()))

    def flush_attachments(self) -> None:
        """Code blocks no command took go to the section's last card, or are skipped."""
        if self.pending and len(self.cards) > self.section_start:
            target = self.cards[-1]
            for text, blocks in self.pending:
                target.extra.append(text)
                self.use(*blocks)
        self.pending = []

    def skipped(self, blocks: list[Block]) -> int:
        count = 0
        for block in blocks:
            if block.kind == "list":
                for item in block.items:
                    count += self.skipped(item.blocks)
            elif block.kind == "table":
                count += 0 if id(block) in self.used else max(1, len(block.rows))
            elif block.kind in ("paragraph", "fence") or (block.kind == "other" and block.info != "hr"):
                count += id(block) not in self.used
        return count

    # -- blocks --------------------------------------------------------------------------------
    def sequence(self, blocks: list[Block]) -> None:
        i = 0
        while i < len(blocks):
            block = blocks[i]
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            before = blocks[i - 1] if i > 0 else None
            if block.kind == "heading":
                i += self.heading_block(block, after, blocks[i + 2] if i + 2 < len(blocks) else None)
            elif block.kind == "paragraph":
                i += self.paragraph(block, after)
            elif block.kind == "fence":
                lead = before if before is not None and before.kind == "paragraph" and not before.image else None
                self.fence(block, lead)
                i += 1
            elif block.kind == "list":
                self.list_block(block)
                i += 1
            elif block.kind == "table":
                self.table(block)
                i += 1
            else:
                i += 1

    def heading_block(self, block: Block, after: Block | None, after_next: Block | None) -> int:
        self.flush_attachments()
        while self.headings and self.headings[-1][0] >= block.level:
            self.headings.pop()
        parent = self.headings[-1][1] if self.headings else ""
        self.headings.append((block.level, block.plain))
        self.section_start = len(self.cards)
        self.last_command = None
        one_paragraph = (after is not None and after.kind == "paragraph" and not after.image
                         and not after.strong_only and (after_next is None or after_next.kind != "paragraph"))
        # "Save your work in progress:" over a code block introduces the block; it defines no heading.
        lead_in = after is not None and after.text.endswith((":", "：")) and after_next is not None \
            and after_next.kind == "fence"
        one_paragraph = one_paragraph and not lead_in
        if one_paragraph and after is not None and block.plain:
            term = _clean_heading_term(block.text)
            if term.lower() in _GENERIC_HEADINGS and parent:
                term = f"{parent} — {term}"
            self.define(term, after.text, block.line)
            self.use(after)
            return 2
        return 1

    def paragraph(self, block: Block, after: Block | None) -> int:
        if block.image:
            return 1
        if block.strong_only and after is not None and after.kind in ("list", "paragraph") and not after.image:
            if _strip_marks(block.text).rstrip(":：").strip().lower() in _LABELS:
                return 1
            self.define(_strip_marks(block.text).rstrip(":：").strip(), after.source if after.kind == "list"
                        else after.text, block.line)
            self.use(block, after)
            return 2
        match = _TERM_COLON.match(block.text)
        if match and _is_term(_strip_marks(match.group("term"))):
            rest = (match.group("rest") or "").strip()
            if rest:
                self.define(_strip_marks(match.group("term")), rest, block.line)
                self.use(block)
                return 1
            if after is not None and after.kind == "list":
                self.define(_strip_marks(match.group("term")), after.source, block.line)
                self.use(block, after)
                return 2
        term = _ko_topic(block.plain) or _en_defines(block.plain)
        if term:
            self.define(term, block.text, block.line)
            self.use(block)
        return 1

    def fence(self, block: Block, lead: Block | None) -> None:
        if block.info in SHELL_LANGS:
            shell = parse_shell(block.text)
            if shell.commands:
                self.shell_commands(block, shell.commands, lead)
                self.left += shell.left
                return
        caption = lead.text.rstrip(":：").strip() if lead is not None and len(lead.plain) <= 80 else ""
        lang = block.info if block.info not in SHELL_LANGS else ""
        if block.text.count("\n") > MAX_ATTACHED_LINES:
            return  # a card shows a snippet, not a whole file
        text = _fence_markdown(block.text, lang)
        taken = [block]
        if caption and lead is not None:
            text = f"{caption}\n\n{text}"
            taken.append(lead)
        is_output = block.info in OUTPUT_LANGS or block.info in SHELL_LANGS
        if is_output and self.last_command is not None:
            self.last_command.extra.append(text)
            self.use(*taken)
        else:
            self.pending.append((text, taken))

    def shell_commands(self, block: Block, commands: list[ShellCommand], lead: Block | None) -> None:
        self.use(block)
        # An aside ("Tip: commit early.") says something beside the point: never what a command does.
        prose = lead.text.rstrip(":：").strip() if lead is not None and not is_aside(lead.plain) else ""
        for n, found in enumerate(commands):
            asides = [c for c in found.before + [found.inline] + found.after if c and is_aside(c)]
            found = replace(found, before=[c for c in found.before if c not in asides],
                            inline="" if found.inline in asides else found.inline,
                            after=[c for c in found.after if c not in asides])
            extra: list[str] = list(asides)
            if found.before or (prose and len(commands) == 1):
                # Prose over a block of one command is about that command; a comment on
                # its line is then an aside.
                meaning = "\n\n".join(found.before) or prose
                if not found.before and lead is not None:
                    self.use(lead)
                extra += [found.inline] if found.inline else []
                extra += ["\n\n".join(found.after)] if found.after else []
            elif found.inline:
                meaning = found.inline
                extra += ["\n\n".join(found.after)] if found.after else []
            elif found.after:
                meaning = "\n\n".join(found.after)
            elif prose and lead is not None:
                meaning = prose
                self.use(lead)
            else:
                # A heading names a topic, not what this one command does: the author says that.
                meaning = f"TODO: what does this command do? (under the heading: {self.heading()})"
            if found.output:
                shown = found.output[:MAX_OUTPUT_LINES] + (["…"] if len(found.output) > MAX_OUTPUT_LINES else [])
                extra.append(_fence_markdown("\n".join(shown), ""))
            card = DraftCard("command", command_slug(found.text), block.line + 1 + found.line, self.tags(),
                             command=found.text, blanks=_blank_for(found.text), meaning=meaning, extra=extra)
            if n == 0 and self.pending:
                card.extra[:0] = [text for text, _ in self.pending]
                self.use(*(b for _, blocks in self.pending for b in blocks))
                self.pending = []
            self.last_command = self.add(card)

    def list_block(self, block: Block) -> None:
        items = block.items
        j = 0
        while j < len(items):
            item = items[j]
            head = item.blocks[0] if item.blocks and item.blocks[0].kind == "paragraph" else None
            rest = item.blocks[1:] if head is not None else item.blocks
            if head is not None and not head.image:
                match = _TERM_COLON.match(head.text)
                # "Create a volume:" over a code block introduces the block; it defines nothing.
                lead_in = any(b.kind == "fence" for b in rest)
                if match and not lead_in and _is_term(_strip_marks(match.group("term"))):
                    term = _strip_marks(match.group("term"))
                    explanation = (match.group("rest") or "").strip()
                    later = "\n\n".join(b.source for b in rest if b.source)
                    if explanation or later:
                        self.define(term, "\n\n".join(p for p in (explanation, later) if p), item.line)
                        self.use(*item.blocks)
                        j += 1
                        continue
                    if j + 1 < len(items):  # "Term:" alone: its siblings below explain it
                        self.define(term, "\n".join(other.source for other in items[j + 1:]), item.line)
                        self.use(*item.blocks, *(b for other in items[j + 1:] for b in other.blocks))
                        break
                if _is_term(head.plain) and not head.strong_only and any(b.kind == "list" for b in rest):
                    before = len(self.cards)
                    self.sequence(rest)
                    if len(self.cards) == before:
                        back = "\n\n".join(b.source for b in rest if b.source)
                        self.define(head.text, back, item.line)
                        self.use(*item.blocks)
                    else:
                        self.use(head)  # it titles what its nested list gave
                    j += 1
                    continue
            self.sequence(item.blocks)
            j += 1

    def table(self, block: Block) -> None:
        used_any = False
        for line, cells in block.rows:
            cells = cells + [""] * (2 - len(cells)) if len(cells) < 2 else cells
            first, second = cells[0].strip(), cells[1].strip()
            if not first or not second:
                continue
            code = re.fullmatch(r"`([^`]+)`", first)
            inner = re.sub(r"^\$\s+", "", code.group(1).strip()) if code else ""
            if code and looks_like_command(inner):
                extra = [f"**{h}**: {c}" for h, c in zip(block.header[2:], cells[2:], strict=False) if c.strip()]
                self.last_command = self.add(DraftCard("command", command_slug(inner), line, self.tags(),
                                                       command=inner, blanks=_blank_for(inner), meaning=second,
                                                       extra=["\n".join(f"- {e}" for e in extra)] if extra else []))
                used_any = True
            elif _is_term(re.sub(r"[`*_]", "", first), 6):
                if len(cells) > 2:
                    back = "\n".join(f"- **{h}**: {c}"
                                     for h, c in zip(block.header[1:], cells[1:], strict=False) if c.strip())
                else:
                    back = second
                self.define(first, back, line)
                used_any = True
        if used_any:
            self.use(block)
