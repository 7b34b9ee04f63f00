"""The editor schema (cards/schema.json) and `dockdeck check` agree.

Every multi-line string in the test suite that reads as a card file (a topic
file or dockdeck.yaml) is an example: the validator's verdict on it and the
schema's must be the same, except for the checks listed in BEYOND_SCHEMA,
which need more than one value at a time and so only `dockdeck check` makes.
Examples that fail to load as YAML at all (syntax errors, duplicate keys,
aliases, tags) are the loader's business, not the schema's, and are skipped.
"""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REAL_CARDS

from generator.problems import Problem
from generator.sources.deck import Settings
from generator.sources.format import SETTINGS_KEYS
from generator.sources.load import YList, YMap, YScalar, YStr, load_text
from generator.sources.schema import MODELINE, build_schema, schema_for
from generator.sources.validate import check_ids, validate_settings, validate_topic

TESTS = Path(__file__).resolve().parent

# Checks the validator makes that no JSON Schema can: each relates two values
# (ids across cards, a blank and its command, counts of brackets, two names).
BEYOND_SCHEMA = {
    "ids are unique across cards": "is already used at",
    "each blank is whole words of its command": "is not a whole part of the command",
    "a cloze's ]] closes a [[": "with no [[ before it",
    "a cloze's [[ is closed": "is never closed with ]]",
    "deletions do not nest": "cannot be nested",
    "a deletion hides something": "hides nothing",
    "a deletion hides more than spaces": "hides only spaces",
    "a deletion opens and closes inside the same markup": "and ends",
    "a deletion does not cross a paragraph": "runs across the end of",
    "a deletion is not inside a link's address or a picture": "which Anki cannot hide",
    "a cloze text has no {{c1::...}}": "is Anki's own cloze syntax",
    "a blank is listed no more often than its command has it": ", but the command",
    "topic file names differ ignoring case": "are the same name on a case-insensitive file system",
    "a script that runs its command has a value for each placeholder": "the verify script runs the command, but",
    "a card's own placeholder values are for placeholders of its command": "verify_bind: the command has no",
    "only a command card's script runs a command": "only a command card's script has",
}

SETTINGS = Settings(path="dockdeck.yaml", name="docker", languages=("ko", "en"),
                    root_deck={"ko": "도커", "en": "Docker"}, files=("a.yaml",))

# --- examples written for this file; every other test file's count too -----

VALID_TOPIC = """\
deck: {ko: 컨테이너, en: Containers}
tags: containers
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: "`SIGTERM`"
    extra: {ko: 10, en: true}
    source: https://docs.docker.com/reference/cli/docker/container/stop/
    tags: [stop, 1, v2]
  - id: publish-port
    command: docker run -p 8080 <image>
    blanks: ["-p", 8080]
    meaning: {ko: 포트 공개, en: Publish a port}
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 셸 열기, en: Open a shell}
  - id: grace
    cloze: "By default `docker stop` waits [[10]] seconds."
"""

VALID_EMPTY_TOPIC = """\
deck: Misc
cards: []
"""

INVALID_TOPICS = [
    # unknown key on a card
    """\
deck: X
cards:
  - {id: a, frnt: q, back: a}
""",
    # no id
    """\
deck: X
cards:
  - {front: q, back: a}
""",
    # id not a lowercase slug
    """\
deck: X
cards:
  - {id: Big-Id, front: q, back: a}
""",
    # id a number
    """\
deck: X
cards:
  - {id: 42, front: q, back: a}
""",
    # two kinds mixed
    """\
deck: X
cards:
  - {id: a, front: q, back: a, command: docker ps -a, meaning: list}
""",
    # no kind at all
    """\
deck: X
cards:
  - {id: a, extra: e}
""",
    # basic card without back
    """\
deck: X
cards:
  - {id: a, front: q}
""",
    # blanks on a basic card
    """\
deck: X
cards:
  - {id: a, front: q, back: a, blanks: [x]}
""",
    # missing translation
    """\
deck: X
cards:
  - id: a
    front: {ko: 질문}
    back: a
""",
    # unknown language
    """\
deck: X
cards:
  - id: a
    front: {ko: 질문, en: q, fr: q}
    back: a
""",
    # empty text
    """\
deck: X
cards:
  - {id: a, front: q, back: "  "}
""",
    # nothing as text
    """\
deck: X
cards:
  - id: a
    front: q
    back:
""",
    # a cloze without a deletion
    """\
deck: X
cards:
  - {id: a, cloze: no deletion here}
""",
    # a cloze that is a number
    """\
deck: X
cards:
  - {id: a, cloze: 5}
""",
    # a command on two lines
    """\
deck: X
cards:
  - id: a
    command: |
      docker run -it
      alpine
    meaning: run
""",
    # an empty blanks list
    """\
deck: X
cards:
  - {id: a, command: docker ps -a, blanks: [], meaning: list}
""",
    # a blank that is nothing
    """\
deck: X
cards:
  - {id: a, command: docker ps -a, blanks: [~], meaning: list}
""",
    # source not a URL
    """\
deck: X
cards:
  - {id: a, front: q, back: a, source: docs.docker.com}
""",
    # a tag with a space
    """\
deck: X
cards:
  - {id: a, front: q, back: a, tags: [two words]}
""",
    # tags with nothing
    """\
deck: X
tags:
cards: []
""",
    # '::' in a deck name
    """\
deck: {ko: 가::나, en: A}
cards: []
""",
    # a deck name ending in a space
    """\
deck: "Containers "
cards: []
""",
    # no deck
    """\
cards: []
""",
    # no cards
    """\
deck: X
tags: [x]
""",
    # cards not a list
    """\
deck: X
cards: none yet
""",
    # unknown key in a topic file
    """\
deck: X
cards: []
notes: []
""",
    # a card that is a string
    """\
deck: X
cards:
  - just a string
""",
    # a topic file that is a list
    """\
- deck: X
  cards: []
""",
]

BEYOND_SCHEMA_TOPICS = [
    # the same id twice
    """\
deck: X
cards:
  - {id: a, front: q, back: a}
  - {id: a, front: q2, back: a2}
""",
    # a blank that is not whole words of the command
    """\
deck: X
cards:
  - {id: a, command: docker ps -a, blanks: [p], meaning: list}
""",
    # a deletion that starts inside bold and ends outside it
    """\
deck: X
cards:
  - {id: a, cloze: "**[[a** b]]"}
""",
    # unbalanced cloze brackets
    """\
deck: X
cards:
  - {id: a, cloze: "[[a]] and ]]"}
""",
]

VALID_SETTINGS = """\
name: docker
languages: [ko, en]
root_deck: {ko: 도커, en: Docker}
description: Docker
css: style.css
files: [basics.yaml, containers.yml]
"""

INVALID_SETTINGS = [
    # no files
    """\
name: docker
languages: [ko, en]
root_deck: Docker
""",
    # name not a short lowercase word
    """\
name: Docker Deck
languages: [ko, en]
root_deck: Docker
files: [a.yaml]
""",
    # a language twice
    """\
name: docker
languages: [ko, ko]
root_deck: Docker
files: [a.yaml]
""",
    # dockdeck.yaml listed as a topic file
    """\
name: docker
languages: [en]
root_deck: Docker
files: [dockdeck.yaml]
""",
    # a path, not a file name
    """\
name: docker
languages: [en]
root_deck: Docker
files: [topics/a.yaml]
""",
    # root deck without one of the languages
    """\
name: docker
languages: [ko, en]
root_deck: {ko: 도커}
files: [a.yaml]
""",
    # unknown key
    """\
name: docker
languages: [en]
root_deck: Docker
files: [a.yaml]
output: dist
""",
]

INVALID_SETTINGS.append(
    # css not a .css file name
    """\
name: docker
languages: [en]
root_deck: Docker
files: [a.yaml]
css: style.scss
""")

BEYOND_SCHEMA_SETTINGS = [
    """\
name: docker
languages: [en]
root_deck: Docker
files: [A.yaml, a.yaml]
""",
]


# --- the harvest -------------------------------------------------------------

def _examples() -> list[tuple[str, str]]:
    """(where, text) for every string literal in tests/ that loads as a card file."""
    found = []
    for file in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value):
                continue
            text = textwrap.dedent(node.value)
            tree, problems = load_text(text, "example")
            if problems or not _is_card_file(tree):
                continue
            found.append((f"{file.name}:{node.lineno}", text))
    return found


def _is_card_file(tree: object) -> bool:
    if isinstance(tree, YList):
        return any(isinstance(item, YMap) and ("cards" in item or "deck" in item) for item in tree)
    return isinstance(tree, YMap) and bool({"deck", "cards", *SETTINGS_KEYS} & set(tree))


def _plain(value: object) -> object:
    """What the schema sees: the loaded values as JSON, as an editor reads them."""
    if isinstance(value, YMap):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, YList):
        return [_plain(item) for item in value]
    if isinstance(value, YStr):
        return str(value)
    if isinstance(value, YScalar):
        # Dates are text to an editor (YAML 1.2); no example relies on them.
        return value.text if value.kind == "date" else yaml.safe_load(value.text)
    return None


def _is_settings(tree: object) -> bool:
    return isinstance(tree, YMap) and bool(set(SETTINGS_KEYS) & set(tree))


def _validator_problems(tree: object) -> list[Problem]:
    if _is_settings(tree):
        return validate_settings(tree, "dockdeck.yaml")[1]
    topic, problems = validate_topic(tree, "a.yaml", SETTINGS, SETTINGS.languages)
    return problems + (check_ids([topic]) if topic else [])


def _schema_for_example(tree: Any) -> dict:
    if _is_settings(tree):
        langs = tree.get("languages")
        langs = tuple(dict.fromkeys(str(x) for x in langs if isinstance(x, YStr))) if isinstance(langs, YList) else ()
        return build_schema(langs)
    return build_schema(SETTINGS.languages)


def _beyond_schema(problem: Problem) -> bool:
    return any(marker in problem.message for marker in BEYOND_SCHEMA.values())


EXAMPLES = _examples()


def test_the_test_suite_holds_valid_invalid_and_beyond_schema_examples():
    verdicts = []
    for _, text in EXAMPLES:
        problems = _validator_problems(load_text(text, "example")[0])
        verdicts.append("valid" if not problems else
                        "beyond" if all(_beyond_schema(p) for p in problems) else "invalid")
    assert verdicts.count("valid") >= 3 + 3  # test_anki_rendering and this file
    assert verdicts.count("invalid") >= len(INVALID_TOPICS) + len(INVALID_SETTINGS)
    assert verdicts.count("beyond") >= len(BEYOND_SCHEMA_TOPICS) + len(BEYOND_SCHEMA_SETTINGS)


@pytest.mark.parametrize("where,text", EXAMPLES, ids=[where for where, _ in EXAMPLES])
def test_schema_and_validator_agree_on_example(where, text):
    tree = load_text(text, "example")[0]
    problems = [p for p in _validator_problems(tree) if not _beyond_schema(p)]
    errors = [e.message for e in jsonschema.Draft7Validator(_schema_for_example(tree)).iter_errors(_plain(tree))]
    assert bool(problems) == bool(errors), f"validator: {[str(p) for p in problems]}; schema: {errors}"


def test_schema_is_a_valid_draft_7_schema():
    jsonschema.Draft7Validator.check_schema(build_schema(("ko", "en")))


def test_committed_schema_is_what_dockdeck_schema_writes():
    text = schema_for(REAL_CARDS)
    assert (REAL_CARDS / "schema.json").read_text(encoding="utf-8") == text, \
        "cards/schema.json is stale: run `uv run dockdeck schema`"


def test_every_card_file_starts_with_the_schema_line():
    files = sorted(REAL_CARDS.glob("*.yaml"))
    assert files
    for file in files:
        assert file.read_text(encoding="utf-8").splitlines()[0] == MODELINE, file.name


def test_schema_flags_a_missing_translation_for_the_decks_languages():
    errors = list(jsonschema.Draft7Validator(build_schema(("ko", "en"))).iter_errors(
        {"deck": {"ko": "가"}, "cards": []}))
    assert errors


def test_schema_command_writes_schema_json_into_the_cards_folder(run_cli, make_cards):
    cards = make_cards({"a.yaml": VALID_EMPTY_TOPIC})
    result = run_cli("schema", "--cards", cards)
    assert result.exit_code == 0, result.output
    written = json.loads((cards / "schema.json").read_text(encoding="utf-8"))
    assert written == build_schema(("ko", "en"))


def test_schema_check_exits_1_when_schema_json_is_stale(run_cli, make_cards):
    cards = make_cards({"a.yaml": VALID_EMPTY_TOPIC})
    (cards / "schema.json").write_text("{}\n", encoding="utf-8")
    result = run_cli("schema", "--cards", cards, "--check")
    assert result.exit_code == 1
    assert "out of date" in result.output


def test_schema_check_passes_after_writing(run_cli, make_cards):
    cards = make_cards({"a.yaml": VALID_EMPTY_TOPIC})
    run_cli("schema", "--cards", cards)
    result = run_cli("schema", "--cards", cards, "--check")
    assert result.exit_code == 0
