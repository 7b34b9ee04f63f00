"""The build's shortcuts (the rebuild cache, the one-line Markdown path) never change what is built."""

from __future__ import annotations

import random
import shutil
import unicodedata

from conftest import built_bytes, files_in
from generator.build import build
from generator.render import _anki_proof_runs, _markdown, _simple_markdown, anki_proof
from generator.validate import hidden_character

TOPIC = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: "`SIGTERM`"
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 컨테이너 안에서 셸 열기, en: Open a shell in a container}
"""


def test_rebuild_after_an_edit_writes_what_a_build_without_the_cache_writes(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC})
    out, twin = tmp_path / "out", tmp_path / "twin"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    shutil.copytree(out, twin)
    (cards / "a.yaml").write_text(TOPIC.replace("Open a shell", "Open an interactive shell"), encoding="utf-8")
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    uncached = build(cards, twin, use_cache=False)
    assert built_bytes(uncached) == files_in(out)


def test_unchanged_rebuild_prints_the_same_decks_and_changes_no_file(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC})
    out = tmp_path / "out"
    first = run_cli("build", "--cards", cards, "--out", out)
    before = files_in(out)
    again = run_cli("build", "--cards", cards, "--out", out)
    assert again.exit_code == 0
    assert again.output == "".join(line for line in first.output.splitlines(keepends=True)
                                   if "since the last build" not in line)
    assert files_in(out) == before


def test_a_deck_damaged_after_the_build_is_rebuilt_not_taken_from_the_cache(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC})
    out = tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    good = (out / "docker-en.apkg").read_bytes()
    (out / "docker-en.apkg").write_bytes(b"not a deck")
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert (out / "docker-en.apkg").read_bytes() == good


def test_a_changed_picture_is_rebuilt_not_taken_from_the_cache(run_cli, make_cards, tmp_path):
    topic = TOPIC + "  - id: pic\n    front: p\n    back: '![p](media/pic.svg)'\n"
    cards = make_cards({"a.yaml": topic, "media/pic.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    out = tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    before = files_in(out)
    (cards / "media" / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>", encoding="utf-8")
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert files_in(out)["docker-en.apkg"] != before["docker-en.apkg"]


def test_check_compares_real_bytes_even_when_the_cache_would_answer(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC})
    out = tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 0
    (cards / "a.yaml").write_text(TOPIC.replace("shell", "sh"), encoding="utf-8")
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 1


def test_build_succeeds_when_the_cache_folder_cannot_be_written(run_cli, make_cards, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cards = make_cards({"a.yaml": TOPIC})
    for _ in range(2):
        assert run_cli("build", "--cards", cards, "--out", tmp_path / "out").exit_code == 0


def test_one_line_texts_render_exactly_as_markdown_renders_them():
    md = _markdown()
    pieces = list("ab `-<>'\"&#*_[]!\\~|=+.)1:{}\t\u00a0\n한 ") + ["``", "` ", "1. ", "- ", "&amp;", "`x`", "**"]
    rng = random.Random(6)
    checked = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        fast = _simple_markdown(text)
        if fast is not None:
            checked += 1
            assert fast == md.renderer.render(md.parse(text), md.options, {}).strip(), repr(text)
    assert checked > 500


def test_anki_proofing_changes_a_field_exactly_as_splitting_it_into_text_runs_does():
    pieces = ["<p>", "</p>", "<b class='x'>", ">", "<", "[", "]", "[$]", "a", "한", "\u0301", "\u0308", "e\u0301",
              " ", "&amp;", "\u05b0", "\u3099"]
    rng = random.Random(7)
    for _ in range(20_000):
        fragment = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert anki_proof(fragment) == _anki_proof_runs(fragment), repr(fragment)


def test_the_control_character_search_finds_the_first_character_a_per_character_check_finds():
    def slow(text: str, allowed: str) -> str | None:
        for ch in text:
            if (unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
                return f"U+{ord(ch):04X}"
        return None

    alphabet = [chr(c) for c in range(0, 0xB0)] + list("한\u200b\u202a\u202e\u2066\u2069\u2028\ufeff")
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        for allowed in ("\t\n", "\t\n\r", "\t"):
            assert hidden_character(text, allowed) == slow(text, allowed), (repr(text), allowed)
