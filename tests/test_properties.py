"""Properties over arbitrary input, judged by importing what dockdeck builds into real Anki.

Each example builds one deck holding several generated cards and imports it
into a fresh collection, so examples are few by default; see conftest.py for
the "thorough" profile.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import SETTINGS, active_content, field_of, import_apkg, rendered_cards, visible_text
from hypothesis import event, given
from hypothesis import strategies as st

from generator.cli import cli
from generator.output.render import _markdown, simple_markdown
from generator.sources.command import tokenize, tokenize_by_hand
from generator.sources.invisible import hidden_at


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly ``text``."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


# Any character a card may hold: everything but control characters, surrogates and the
# invisible characters (bidi controls, zero-width ones, tags), which validation refuses on purpose.
CHARS = st.characters(blacklist_categories=("Cc", "Cs")).filter(lambda c: hidden_at(c) is None)
SPECIAL_TOKENS = st.sampled_from([
    "<container>", "<이미지 이름>", "$(docker ps -q)", "`id -u`", "'a b'", '"x  y"', "{{.Names}}", "}}", "{{",
    "::", "[::1]:80", "&&", "&amp;", "\\", "\\\\n", "<", ">", "&", "-it", "--format", "{{c1::x}}", "[$]", "[/$]",
    "[sound:a.mp3]", "<script>", "e\u0301", "\u0338", "=\u0338", "한국어",
])
TOKENS = st.one_of(SPECIAL_TOKENS, st.text(CHARS, min_size=1, max_size=8).filter(lambda t: not t.isspace()))
SEPARATORS = st.sampled_from([" ", "  ", "\t", " \t ", "\u3000", "\xa0"])


@st.composite
def commands(draw) -> tuple[str, list[str]]:
    """A one-line command and a choice of blanks among its whole tokens, in order."""
    parts = draw(st.lists(TOKENS, min_size=1, max_size=8))
    seps = draw(st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)))
    command = "".join(p + s for p, s in zip(parts, seps, strict=False)).strip()
    command = unicodedata.normalize("NFC", command)
    tokens = [t.text for t in tokenize(command)]
    if not tokens or "\n" in command or "\r" in command:
        return draw(commands())
    chosen = draw(st.lists(st.integers(0, len(tokens) - 1), min_size=1, max_size=min(4, len(tokens)),
                           unique=True))
    return command, [tokens[i] for i in sorted(chosen)]


def _build_and_import(files: dict[str, str], lang: str = "en"):
    """Build the cards into a deck, import it into a new collection: (result, cards or None)."""
    from anki.collection import Collection

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cards = root / "cards"
        cards.mkdir()
        (cards / "dockdeck.yaml").write_text(SETTINGS % ", ".join(files), encoding="utf-8")
        for name, text in files.items():
            (cards / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", "--cards", str(cards), "--out", str(root / "dist"),
                                          "--lang", lang])
        if result.exit_code != 0:
            return result, None
        col = Collection(str(root / "collection.anki2"))
        try:
            import_apkg(col, root / "dist" / f"docker-{lang}.apkg")
            rendered = [(field_of(c, "Id"), c.ord, q, a) for c, q, a in rendered_cards(col)]
        finally:
            col.close()
        return result, rendered


def _hides(front_line: str, command: str, blank: str) -> bool:
    """The front shows the command with exactly one occurrence of the blank replaced by [...]."""
    start = command.find(blank)
    while start != -1:
        if front_line == command[:start] + "[...]" + command[start + len(blank):]:
            return True
        start = command.find(blank, start + 1)
    return False


@given(st.lists(commands(), min_size=1, max_size=4))
def test_any_command_shows_exactly_as_written_and_each_front_hides_exactly_its_blank(examples):
    lines = ["deck: {ko: 명령, en: Commands}", "cards:"]
    for i, (command, blanks) in enumerate(examples):
        lines += [f"  - id: c{i}", f"    command: {_yaml_string(command)}",
                  "    blanks: [" + ", ".join(map(_yaml_string, blanks)) + "]", "    meaning: m"]
    result, cards = _build_and_import({"a.yaml": "\n".join(lines) + "\n"})
    assert cards is not None, result.output
    for i, (command, blanks) in enumerate(examples):
        clozes = sorted((ord_, q, a) for key, ord_, q, a in cards if key == f"c{i}/cloze")
        assert len(clozes) == len(blanks)
        for ord_, question, answer in clozes:
            assert command in visible_text(answer).split("\n"), (command, visible_text(answer))
            shown = [line for line in visible_text(question).split("\n") if "[...]" in line]
            assert len(shown) == 1 and _hides(shown[0], command, blanks[ord_]), (command, blanks[ord_], shown)
        (recall,) = [a for key, _, q, a in cards if key == f"c{i}/recall"]
        assert command in visible_text(recall).split("\n")


# Words start with a letter: "3" before "1. " would make a list that starts at 31.
WORD = st.from_regex(r"[A-Za-z가-힣é][A-Za-z0-9가-힣é]{0,7}", fullmatch=True)
MARKUP = st.sampled_from([
    " ", " ", "\n", "\n\n", "*", "**", "_", "`", "```\n", "\n```\n", "```bash\n", "# ", "- ", "1. ", "> ", "|",
    "| --- |", "[", "]", "(", ")", "](", "![", "<", ">", "& ", "\\", "{{", "}}", "::", "<script>", "</script>",
    "javascript:", " onerror=", "\"", "'", "\t", "[$]", "[/$]", "[latex]", "[/latex]", "[sound:", "~~", "---",
    "<img src=x onerror=alert(1)>", "[[", "]]", "&#", ";", "<a href=\"javascript:alert(1)\">", "\u0338",
])
# A text as its pieces: the words among them must all survive rendering.
MARKDOWN = st.lists(st.one_of(WORD, MARKUP), min_size=1, max_size=30).filter(lambda p: "".join(p).strip())
WORD_RE = re.compile(r"[A-Za-z가-힣é][A-Za-z0-9가-힣é]*")


def _attribute_values(markup: str) -> str:
    return " ".join(re.findall(r'="([^"]*)"', markup))


@given(st.lists(MARKDOWN, min_size=1, max_size=6))
def test_any_markdown_text_keeps_every_word_and_never_carries_active_content(texts):
    lines = ["deck: {ko: 글, en: Texts}", "cards:"]
    for i, text in enumerate(texts):
        lines += [f"  - id: t{i}", f"    front: {_yaml_string(''.join(text))}", "    back: b"]
    result, cards = _build_and_import({"a.yaml": "\n".join(lines) + "\n"})
    if cards is None:
        # A relative link or a picture that is not in cards/ is refused on
        # purpose; nothing else may stop the build.
        problems = [line for line in result.output.splitlines()[:-1]]
        assert problems and all(re.search(r":\d+: (link target|media)", p) for p in problems), result.output
        event("refused: a relative link or a picture")
        return
    for i, pieces in enumerate(texts):
        text = "".join(pieces)
        ((question, answer),) = [(q, a) for key, _, q, a in cards if key == f"t{i}"]
        assert active_content(question) == [] and active_content(answer) == [], (text, question)
        seen = unicodedata.normalize("NFC", visible_text(question) + " " + _attribute_values(question))
        for word in (p for p in pieces if WORD_RE.fullmatch(p)):
            assert unicodedata.normalize("NFC", word) in seen, (word, text, question)


VALID_TOPIC = {
    "deck": {"ko": "컨테이너", "en": "Containers"},
    "tags": ["containers"],
    "cards": [
        {"id": "stop-signal", "front": {"ko": "앞", "en": "front"}, "back": "`SIGTERM`",
         "extra": {"ko": "더", "en": "more"}, "source": "https://docs.docker.com/", "tags": ["stop"]},
        {"id": "exec-shell", "command": "docker exec -it <container> sh", "blanks": ["-it", "<container>"],
         "meaning": {"ko": "셸", "en": "shell"}},
        {"id": "grace", "cloze": {"ko": "[[10]]초", "en": "[[10]] s"}},
    ],
}
VALID_SETTINGS = {"name": "docker", "languages": ["ko", "en"], "root_deck": {"ko": "도커", "en": "Docker"},
                  "files": ["a.yaml"]}
KEYS = ["id", "front", "back", "command", "blanks", "meaning", "cloze", "extra", "source", "tags", "deck", "cards",
        "name", "languages", "root_deck", "files", "ko", "en", "fr", "bogus"]
WRONG = st.one_of(st.integers(-5, 10**20), st.booleans(), st.none(), st.floats(allow_nan=True),
                  st.just(datetime.date(2024, 1, 2)), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.sampled_from(KEYS), st.integers(), max_size=2))


@st.composite
def mutated(draw, value):
    """The value with random damage: wrong types, missing and extra keys, wrong nesting."""
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return draw(WRONG)
    if roll == 1:
        return [value]
    if roll == 2:
        return {draw(st.sampled_from(KEYS)): value}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if draw(st.integers(0, 9)) == 0:
                continue
            out[key] = draw(mutated(item))
        if draw(st.integers(0, 6)) == 0:
            out[draw(st.sampled_from(KEYS))] = draw(st.one_of(WRONG, st.just(value)))
        return out
    if isinstance(value, list):
        return [draw(mutated(item)) for item in value if draw(st.integers(0, 9))]
    return value


@given(mutated(VALID_TOPIC), mutated(VALID_SETTINGS) | st.just(VALID_SETTINGS))
def test_any_damaged_card_file_gets_located_problems_or_passes_never_a_traceback(topic, settings):
    with tempfile.TemporaryDirectory() as tmp:
        cards = Path(tmp) / "cards"
        cards.mkdir()
        written = {"dockdeck.yaml": yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                   "a.yaml": yaml.safe_dump(topic, allow_unicode=True, sort_keys=False)}
        for name, text in written.items():
            (cards / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        if result.exit_code == 1:
            lines = result.output.splitlines()
            assert re.fullmatch(r"\d+ problems?( in \d+ files?)?\.", lines[-1]), lines[-1]
            for line in lines[:-1]:
                match = re.match(r"^(.+?):(\d+): \S", line)
                assert match, line
                name = Path(match.group(1)).name
                assert name in written, line
                assert 1 <= int(match.group(2)) <= written[name].count("\n") + 1, line


@given(commands())
def test_the_tokenizing_pattern_splits_a_command_as_the_character_loop_does(example):
    command, _ = example
    assert tokenize(command) == tokenize_by_hand(command)


MARKDOWN_PIECES = st.sampled_from(list("ab `-<>'\"&#*_[]!\\~|=+.)1:{}\t\u00a0\n한 ")
                                  + ["``", "` ", "1. ", "- ", "&amp;", "`x`", "**", "`code`", "word "])


@given(st.lists(MARKDOWN_PIECES, max_size=12).map("".join))
def test_a_one_line_text_renders_as_markdown_it_renders_it(text):
    fast = simple_markdown(text)
    event("fast path" if fast is not None else "full parser")
    if fast is not None:
        md = _markdown()
        assert fast == md.renderer.render(md.parse(text), md.options, {}).strip()
