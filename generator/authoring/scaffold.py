"""Write new card sources for a person: a topic file to start from, a command card appended.

Nothing a person wrote is reformatted: new text is spliced in (see
``yamledit``), and what is spliced is checked with the validator before
anything is written.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic_write import write_atomically
from ..problems import Problem, ProblemsError
from ..project import display_path, input_problem, named_folder
from ..sources.command import default_blanks, tokenize
from ..sources.deck import Settings
from ..sources.format import DEFAULT_BLANKS, ID_RE, NAME_RE, SETTINGS_FILE
from ..sources.labels import LABEL_KEYS, LABELS
from ..sources.load import YList, YMap, YStr, decode, load_file, load_text
from ..sources.read import cards_folder_problem, load_settings, nothing_at
from ..sources.schema import MODELINE, schema_path, schema_text
from ..sources.validate import fold, validate_topic
from .slugs import command_slug, slugify, unique_id
from .yamledit import append_item, flow

TOPIC_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# The cards line of a topic `new` started; `add` takes the note off with the first card.
NONE_YET = "cards:   # none yet"
_NONE_YET_LINE = re.compile(rf"^{re.escape(NONE_YET)}(?=\r?$)", re.M)

TOPIC_TEMPLATE = """\
{modeline}
# One topic, one sub-deck. Cards go in the list under `cards:`: uncomment an example
# below (take the '# ' off its lines) and make it yours, or append a command card from
# the terminal:
#   dockdeck add --cards {cards} {file} --command "{tool} ..." {meaning_opts}
# Every id is unique across all files and never changes: Anki updates a card by it.
deck: {deck}   # the sub-deck's name, in each language
tags: [{tag}]   # tags for every card in this file
{none_yet}

  # A basic card: a question and its answer.
  # - id: {tag}-what-is
  #   front: {front}
  #   back: {back}
  #   extra: {extra}   # optional, shown on the back only
  #   source: {source}   # optional: the page the card rests on

  # A command card: one cloze card per blank, plus a recall card (meaning -> command).
  # - id: {tag}-list
  #   command: {command}
  #   blanks: {blanks}   # optional; default: {default_blanks}
  #   meaning: {meaning}

  # A cloze card: [[...]] marks each part to hide, one Anki card each.
  # - id: {tag}-fact
  #   cloze: {cloze}
"""

_EXAMPLES = {
    "front": {"ko": "질문", "en": "The question"},
    "back": {"ko": "답", "en": "The answer"},
    "extra": {"ko": "덧붙이는 설명", "en": "More detail"},
}


@dataclass(frozen=True)
class _Subject:
    """The command and cloze examples: they speak Docker only in a Docker deck, else a neutral tool."""

    tool: str
    command: str
    blanks: str
    source: str
    meaning: dict[str, str]
    cloze: dict[str, str]


_DOCKER = _Subject(
    "docker", "docker ps -a --filter <filter>", '["-a", "--filter"]', "https://docs.docker.com/",
    {"ko": "중지된 것까지 모든 컨테이너를 조건으로 걸러 보기",
     "en": "List all containers, stopped ones too, matching a filter"},
    {"ko": "`docker stop`은 기본적으로 [[10]]초 기다린 뒤 `SIGKILL`을 보낸다.",
     "en": "By default `docker stop` waits [[10]] seconds before sending `SIGKILL`."},
)
_NEUTRAL = _Subject(
    "mytool", "mytool list --all --filter <filter>", '["--all", "--filter"]', "https://example.com/docs/",
    {"ko": "모든 항목을 조건으로 걸러 보기", "en": "List every item, matching a filter"},
    {"ko": "물은 해수면에서 [[100]] °C에서 끓는다.", "en": "At sea level, water boils at [[100]] °C."},
)


@dataclass(frozen=True)
class Written:
    """What a scaffolding step wrote, for the command to report."""

    files: list[str]
    card_id: str = ""
    untranslated: tuple[str, ...] = ()  # languages whose example texts are marked TODO


# What a language without words of its own gets: the English text, marked so that `check` lists it.
UNTRANSLATED = "TODO translate: "


def _per_lang(example: dict[str, str], langs: tuple[str, ...]) -> str:
    return flow({lang: example.get(lang, UNTRANSLATED + example["en"]) for lang in langs})


def named_in(langs: tuple[str, ...]) -> str:
    """The language a name made from a folder or topic file's name is taken to be in."""
    return "en" if "en" in langs else langs[0]


def _names(name: str, langs: tuple[str, ...]) -> str:
    """A sub-deck name made from a file's name, in each language: the others marked TODO, as the examples."""
    return flow({lang: name if lang == named_in(langs) else UNTRANSLATED + name for lang in langs})


def _roots(name: str, langs: tuple[str, ...]) -> str:
    """The root deck's name in each language, each its own: two languages sharing a root deck name would
    put their cards in one deck, and Study would interleave them."""
    return flow({lang: name if lang == named_in(langs) else f"{name} ({lang})" for lang in langs})


def _labels_block(langs: tuple[str, ...]) -> str:
    """The cards' words for each language dockdeck has none for: the English ones, marked TODO."""
    missing = [lang for lang in langs if lang not in LABELS]
    if not missing:
        return ""
    return ("labels:   # the words on the cards besides your texts, in the languages dockdeck has none for\n"
            + "".join(f"  {lang}: {flow({key: UNTRANSLATED + LABELS['en'][key] for key in LABEL_KEYS})}\n"
                      for lang in missing))


def untranslated(langs: tuple[str, ...]) -> list[str]:
    """The languages whose example texts are the English ones, marked TODO."""
    return [lang for lang in langs if lang not in _FIRST_CARDS["front"]]


def topic_text(topic: str, settings: Settings, cards_arg: str) -> str:
    """A new topic file: no cards yet, a commented example of each kind."""
    langs = settings.languages
    title = topic.replace("-", " ").replace("_", " ").capitalize()
    meaning_opts = " ".join(f'--meaning-{lang} "..."' if lang in ("ko", "en") else f'--meaning {lang} "..."'
                            for lang in langs)
    subject = _DOCKER if settings.name == "docker" else _NEUTRAL
    examples = {**_EXAMPLES, "meaning": subject.meaning, "cloze": subject.cloze}
    return TOPIC_TEMPLATE.format(
        modeline=MODELINE, cards=cards_arg, file=f"{topic}.yaml", meaning_opts=meaning_opts, none_yet=NONE_YET,
        deck=_names(title, langs), tag=topic,
        tool=subject.tool, command=subject.command, blanks=subject.blanks, source=subject.source,
        default_blanks=DEFAULT_BLANKS,
        **{key: _per_lang(example, langs) for key, example in examples.items()},
    )


def new_topic(cards_dir: Path, topic: str) -> Written:
    """Create ``<topic>.yaml`` and list it last in dockdeck.yaml's files."""
    not_a_folder = cards_folder_problem(cards_dir)
    if not_a_folder:
        raise ProblemsError([not_a_folder])
    if nothing_at(cards_dir / SETTINGS_FILE):  # a FIFO in its place: reading it says what it is
        raise ProblemsError([Problem(display_path(cards_dir / SETTINGS_FILE), 1, "no deck here to add a topic to",
                                     "start a deck with `dockdeck init DIR`, then run `dockdeck new` in DIR; "
                                     "or pass --cards with the cards folder of a deck")])
    settings, problems = load_settings(cards_dir)
    if settings is None or problems:
        raise ProblemsError(problems)
    name = topic.removesuffix(".yaml")
    file = cards_dir / f"{name}.yaml"
    if file.exists() or any(fold(f.name) == fold(file.name) for f in cards_dir.iterdir()):
        raise ProblemsError([Problem(display_path(file), 1, "already exists", "pick another topic name")])
    files = {file: topic_text(name, settings, str(cards_dir)).encode("utf-8")}
    settings_file = cards_dir / SETTINGS_FILE
    if fold(file.name) not in {fold(f) for f in settings.files}:
        original = settings_file.read_text(encoding="utf-8")
        text, error, _ = append_item(original, "files", [flow(file.name)])
        if error:
            raise ProblemsError([Problem(display_path(settings_file), 1, f"the settings file {error}",
                                  f"add {file.name} to 'files' by hand")])
        files[settings_file] = text.encode("utf-8")
    if not schema_path(cards_dir).exists():
        files[schema_path(cards_dir)] = schema_text(settings.languages).encode("utf-8")
    write_atomically(files, [named_folder(cards_dir)])
    return Written([display_path(f) for f in files])


@dataclass(frozen=True)
class Existing:
    """A card already in the folder: where it is, and its command if it has one."""

    id: str
    path: str
    line: int
    command: str


def existing_cards(cards_dir: Path) -> list[Existing]:
    """Every card with an id in every YAML file of the folder, listed or not, valid or not."""
    found: list[Existing] = []
    for file in sorted(cards_dir.glob("*.y*ml")):
        if file.name == SETTINGS_FILE or input_problem(file, cards_dir):  # a link outside is not read
            continue
        tree, _ = load_file(file, display_path(file))
        cards = tree.get("cards") if isinstance(tree, YMap) else None
        for card in cards if isinstance(cards, YList) else ():
            if isinstance(card, YMap) and isinstance(card.get("id"), YStr):
                command = card.get("command")
                found.append(Existing(str(card["id"]), display_path(file), card.line,
                                      " ".join(command.split()) if isinstance(command, YStr) else ""))
    return found


def existing_ids(cards_dir: Path) -> set[str]:
    """Every card id in every YAML file of the folder, listed or not, valid or not."""
    return {card.id for card in existing_cards(cards_dir)}


# How the validator's words for a card's keys read as ``dockdeck add``'s options.
_OPTIONS = {"under 'blanks'": "with --blanks", "'blanks'": "--blanks", "'command'": "--command",
            "'source'": "--source", "'id'": "--id"}


def _as_options(text: str) -> str:
    for key, option in _OPTIONS.items():
        text = text.replace(key, option)
    return re.sub(r"add '(\w+): \.\.\.' next to the other languages",
                  lambda m: f'pass --meaning-{m[1]} "..."' if m[1] in ("ko", "en") else f'pass --meaning {m[1]} "..."',
                  text)


def _check_id(card_id: str | None, command: str, cards: list[Existing], path: str) -> str:
    """The id the new card gets; raises ``ProblemsError`` for a taken or malformed one, or a command already carded."""
    taken = {card.id: card for card in cards}
    if card_id is None:
        same = [card for card in cards if card.command and card.command == " ".join(command.split())]
        if same:
            raise ProblemsError([Problem(same[0].path, same[0].line, f"the command {command.strip()!r} already has "
                                         f"a card, {same[0].id!r}", "edit that card, or pass --id to add another")])
        return unique_id(command_slug(command), set(taken))
    if card_id in taken:
        other = taken[card_id]
        raise ProblemsError([Problem(path, 1, f"id {card_id!r} is already used at {other.path}:{other.line}",
                                     "ids are unique across all files; pass another --id")])
    if not ID_RE.fullmatch(card_id):
        example = slugify(card_id, max_words=8, max_chars=80)
        raise ProblemsError([Problem(path, 1, f"id {card_id!r} is not a lowercase slug",
                                     "use a-z, 0-9, '-' and '_'" + (f", e.g. --id {example}" if example else ""))])
    return card_id


def resolve_topic_file(cards_dir: Path, name: str) -> Path:
    given = Path(name)
    if given.suffix not in (".yaml", ".yml"):
        given = given.with_name(given.name + ".yaml")
    if given.parent != Path(".") and given.exists():
        return given
    return cards_dir / given.name


def add_command(cards_dir: Path, file_name: str, command: str, meaning: dict[str, str], blanks: tuple[str, ...],
                source: str | None, card_id: str | None = None) -> Written:
    """Append a command card to a topic file; check it first, write only if it is valid."""
    settings, problems = load_settings(cards_dir)
    if settings is None or problems:
        raise ProblemsError(problems)
    file = resolve_topic_file(cards_dir, file_name)
    path = display_path(file)
    if not file.is_file():
        raise ProblemsError([Problem(path, 1, "no such topic file", f"create it with `dockdeck new {file.stem}`")])
    # A file named with its folder is edited there; any other lives in the cards folder, link or not.
    root = named_folder(file.parent)
    outside = input_problem(file, root)
    if outside:
        raise ProblemsError([outside])
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise ProblemsError([Problem(path, 1, f"cannot read file: {err.strerror or err}")]) from None
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    original, problem = decode(raw, path)
    if problem:
        raise ProblemsError([problem])
    card_id = _check_id(card_id, command, existing_cards(cards_dir), path)
    lines = [f"id: {card_id}", f"command: {flow(command.strip())}"]
    # Written out, so that the author sees what the card hides.
    lines.append(f"blanks: {flow(list(blanks) or default_blanks(tokenize(command.strip())))}")
    lines.append(f"meaning: {flow(meaning)}")
    if source:
        lines.append(f"source: {flow(source)}")
    text, error, (start, end) = append_item(original, "cards", lines)
    if error:
        raise ProblemsError([Problem(path, 1, f"the topic file {error}")])
    first_line = text.count("\n", 0, start) + 1
    last_line = text.count("\n", 0, end)
    tree, load_problems = load_text(text, path)
    _, topic_problems = validate_topic(tree, path, settings, settings.languages) if tree is not None else (None, [])
    mine = [p for p in load_problems + topic_problems if first_line <= p.line <= last_line]
    if mine:
        # The card is not in the file, so its lines would point past the end: name the list it was to join.
        at = min(first_line - 1, original.count("\n") or 1)
        raise ProblemsError([Problem(path, max(at, 1), "the card to add: " + _as_options(p.message),
                                     _as_options(p.hint)) for p in mine])
    if load_problems and tree is None:
        raise ProblemsError(load_problems)
    text = _NONE_YET_LINE.sub("cards:", text, count=1)
    write_atomically({file: bom + text.encode("utf-8")}, [root])
    return Written([path], card_id)


SETTINGS_TEMPLATE = """\
{modeline}
# Deck-wide settings. `dockdeck build` writes one .apkg per language into dist/,
# beside this cards folder: dist/{name}-<language>.apkg.
name: {name}   # a short lowercase word: the file names, and part of every note's identity
languages: {languages}
root_deck: {root}   # the deck's name in Anki, in each language
{labels}files:   # topic files, in teaching order: each is a sub-deck
  - {topic}
"""

FIRST_TOPIC = "first-steps"

# Neutral examples, one of each kind of card; a language without its own words gets the English ones.
_FIRST_CARDS = {
    "deck": {"ko": "첫걸음", "en": "First steps"},
    "front": {"ko": "HTTP 상태 코드 404는 무슨 뜻인가요?", "en": "What does the HTTP status code 404 mean?"},
    "back": {"ko": "Not Found: 그 주소에 해당하는 자원이 서버에 없다",
             "en": "Not Found: the server has nothing at that address"},
    "meaning": {"ko": "최근 커밋 몇 개를 한 줄씩 보기", "en": "Show the latest few commits, each on a single line"},
    "cloze": {"ko": "물은 해수면 높이에서 [[100]] °C에 끓는다.", "en": "At sea level, water boils at [[100]] °C."},
}

FIRST_TOPIC_TEMPLATE = """\
{modeline}
# One topic file is one sub-deck. Replace these examples with your own cards;
# `dockdeck new TOPIC` starts another file. An id never changes: Anki updates a card by it.
deck: {deck}
tags: [{topic}]
cards:
  # A basic card: a question and its answer.
  - id: http-404
    front: {front}
    back: {back}
    source: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404

  # A command card: one cloze card per blank, and a recall card (meaning -> command).
  - id: git-log-oneline
    command: git log --oneline -n <count>
    blanks: ["--oneline", "-n"]
    meaning: {meaning}
    source: https://git-scm.com/docs/git-log

  # A cloze card: each [[...]] is hidden on a card of its own.
  - id: water-boils
    cloze: {cloze}
"""


def init_deck(folder: Path, name: str | None, langs: tuple[str, ...]) -> Written:
    """Start a deck project in ``folder``: cards/dockdeck.yaml, a first topic file, cards/schema.json."""
    cards_dir = folder / "cards"
    settings_file = cards_dir / SETTINGS_FILE
    if settings_file.exists():
        raise ProblemsError([Problem(display_path(settings_file), 1, "a deck is already here",
                                     "build it with `dockdeck build`, or start the new deck in another folder")])
    # A link counts as taken too, even one that leads nowhere: init never writes through one.
    taken = [path for path in (cards_dir / f"{FIRST_TOPIC}.yaml", schema_path(cards_dir)) if os.path.lexists(path)]
    if taken:
        raise ProblemsError([Problem(display_path(path), 1, "already exists, and init never overwrites a file",
                                     "move it away, or start the deck in another folder") for path in taken])
    name = name or _deck_name(folder)  # the command line checked a name it was given
    langs = tuple(dict.fromkeys(langs)) or ("en",)
    title = name.replace("-", " ").replace("_", " ").title()
    files = {
        settings_file: SETTINGS_TEMPLATE.format(modeline=MODELINE, name=name, languages=flow(list(langs)),
                                                root=_roots(title, langs), labels=_labels_block(langs),
                                                topic=f"{FIRST_TOPIC}.yaml"),
        cards_dir / f"{FIRST_TOPIC}.yaml": FIRST_TOPIC_TEMPLATE.format(
            modeline=MODELINE, topic=FIRST_TOPIC,
            **{key: _per_lang(example, langs) for key, example in _FIRST_CARDS.items()}),
        schema_path(cards_dir): schema_text(langs),
    }
    write_atomically({path: text.encode("utf-8") for path, text in files.items()}, [named_folder(folder)])
    return Written([display_path(f) for f in files], untranslated=tuple(untranslated(langs)))


def _deck_name(folder: Path) -> str:
    """A deck name from the folder's name: lowercase, words joined by '-'."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower()).strip("-_")[:40]
    return slug if NAME_RE.fullmatch(slug) else "deck"
