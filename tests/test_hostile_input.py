"""Card files from strangers: every trick is refused with a clear `path:line` error and exit code 1, fast."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SETTINGS

ONE_CARD = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: ok
    front: {ko: 앞, en: front}
    back: {ko: 뒤, en: back}
"""


def dockdeck(*args: object, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang fails the test through the timeout instead of stalling CI."""
    return subprocess.run([sys.executable, "-c", "from generator.cli import cli; cli()", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(re.match(r"^[^:]+:\d+: ", line) for line in lines[:-1]), result.stderr
    return lines[:-1]


def test_yaml_alias_bomb_is_refused_without_expanding_it(make_cards):
    bomb = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 10)]
    cards = make_cards({"a.yaml": "\n".join(bomb) + "\ndeck: *lol9\ncards: []\n"})
    found = problems(dockdeck("check", "--cards", cards))
    assert any("aliases" in line for line in found)


def test_a_key_written_twice_names_both_lines(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD + "    front: {ko: 또, en: again}\n"})
    (line,) = [p for p in problems(dockdeck("check", "--cards", cards)) if "twice" in p]
    assert line.startswith(f"{cards / 'a.yaml'}:6: ") and "lines 4 and 6" in line


def test_python_apply_tag_is_refused_and_runs_nothing(make_cards, tmp_path):
    proof = tmp_path / "pwned"
    cards = make_cards({"a.yaml": ONE_CARD.replace("back: {ko: 뒤, en: back}",
                                                   f"back: !!python/object/apply:os.system ['touch {proof}']")})
    found = problems(dockdeck("build", "--cards", cards, "--out", tmp_path / "dist"))
    assert any("python/object/apply:os.system" in line and ":5: " in line for line in found)
    assert not proof.exists() and not (tmp_path / "dist").exists()


def test_five_megabyte_single_line_text_is_refused_before_parsing_with_the_limit(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.replace("{ko: 앞, en: front}", '"' + "x" * 5_000_000 + '"')})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert "a.yaml:1: file is 4.8 MiB, over the limit of 1 MiB" in line


def test_a_text_too_long_for_one_card_is_refused_with_its_limit(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.replace("{ko: 앞, en: front}", '"' + "x" * 500_000 + '"')})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert ":4: front is 500,000 characters long, over the limit of 20,000" in line


def _many_cards(count: int) -> str:
    lines = ["deck: {ko: 많은, en: Many}", "cards:"]
    for i in range(count):
        lines += [f"  - id: c{i}", f"    front: f{i}", f"    back: b{i}"]
    return "\n".join(lines) + "\n"


def test_fifty_thousand_cards_in_one_file_are_refused_before_parsing_with_the_limit(make_cards):
    cards = make_cards({"a.yaml": _many_cards(50_000)})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert "a.yaml:1: file is 2.4 MiB, over the limit of 1 MiB" in line and "split it" in line


def test_more_cards_than_one_file_may_hold_are_refused_with_the_limit(make_cards):
    cards = make_cards({"a.yaml": _many_cards(5_001)})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert ":3: 5,001 cards in one file, over the limit of 5,000" in line and "split the file" in line


def test_invalid_utf8_names_the_line_and_the_byte(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.encode().replace(b"back}", b"b\xffack}")})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert ":5: not valid UTF-8 (byte 0xff" in line


def test_a_utf8_byte_order_mark_is_accepted(make_cards):
    cards = make_cards({"a.yaml": b"\xef\xbb\xbf" + ONE_CARD.encode()},
                       settings="\ufeff" + SETTINGS % "a.yaml")
    result = dockdeck("check", "--cards", cards)
    assert result.returncode == 0, result.stderr


def _picture_card(ref: str) -> str:
    return ONE_CARD.replace("back: {ko: 뒤, en: back}", f'back: "![x]({ref})"')


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'


@pytest.mark.parametrize("ref", ["../../etc/passwd", "media/../../secret.svg", "/etc/passwd",
                                 "%2e%2e/secret.svg", "media/escape.svg", "https://example.com/x.svg",
                                 "//example.com/x.svg"])
def test_media_that_leaves_the_cards_folder_is_refused_and_nothing_is_packed(ref, make_cards, tmp_path):
    (tmp_path / "secret.svg").write_bytes(SVG)
    cards = make_cards({"a.yaml": _picture_card(ref)})
    (cards / "media").mkdir(exist_ok=True)
    os.symlink(tmp_path / "secret.svg", cards / "media" / "escape.svg")  # a symlink pointing out
    out = tmp_path / "dist"
    found = problems(dockdeck("build", "--cards", cards, "--out", out))
    assert any(":3: " in line and "media" in line for line in found), found
    assert not out.exists()


def test_a_file_url_picture_stays_literal_text_and_packs_nothing(make_cards, tmp_path):
    cards = make_cards({"a.yaml": _picture_card("file:///etc/passwd")})
    out = tmp_path / "dist"
    assert dockdeck("build", "--cards", cards, "--out", out, "--lang", "en").returncode == 0
    with zipfile.ZipFile(out / "docker-en.apkg") as apkg:
        assert sorted(apkg.namelist()) == ["collection.anki2", "media"]
        assert apkg.read("media") == b"{}"


def test_only_the_referenced_picture_inside_cards_is_packed(make_cards, tmp_path):
    (tmp_path / "secret.svg").write_bytes(b"<svg>outside</svg>")
    cards = make_cards({"a.yaml": _picture_card("media/in.svg"), "media/in.svg": SVG})
    out = tmp_path / "dist"
    assert dockdeck("build", "--cards", cards, "--out", out, "--lang", "en").returncode == 0
    with zipfile.ZipFile(out / "docker-en.apkg") as apkg:
        media = [apkg.read(name) for name in apkg.namelist() if name not in ("collection.anki2", "media")]
    assert media == [SVG]


def test_topic_files_whose_names_differ_only_in_case_are_refused(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=SETTINGS % "basics.yaml, Basics.yaml")
    (cards / "basics.yaml").write_text(ONE_CARD)
    (cards / "Basics.yaml").write_text(ONE_CARD.replace("id: ok", "id: other"))
    found = problems(dockdeck("check", "--cards", cards))
    assert any("case-insensitive" in line for line in found)


def test_topic_files_whose_names_differ_only_in_unicode_form_are_refused(make_cards):
    nfc, nfd = "caf\u00e9.yaml", "cafe\u0301.yaml"
    cards = make_cards({nfc: ONE_CARD, nfd: ONE_CARD.replace("id: ok", "id: other")},
                       settings=SETTINGS % f"{nfc}, {nfd}")
    found = problems(dockdeck("check", "--cards", cards))
    assert any("same name" in line for line in found)


def test_ids_that_differ_only_in_case_are_refused(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD + ONE_CARD.split("cards:\n")[1].replace("id: ok", "id: OK")})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert ":6: id 'OK' is not a lowercase slug" in line


def test_ids_are_ascii_slugs_so_no_two_can_differ_only_in_case_or_unicode_form(make_cards):
    """Two ids that look the same ('café' written two ways, 'Ok' and 'ok') can't both exist:
    only lowercase ASCII is allowed, so each of them is refused on its own."""
    for lookalike in ("caf\u00e9", "cafe\u0301", "Ok"):
        cards = make_cards({"a.yaml": ONE_CARD.replace("id: ok", f"id: {lookalike}")}, folder=lookalike)
        (line,) = problems(dockdeck("check", "--cards", cards))
        assert "is not a lowercase slug" in line


def test_deck_names_that_differ_only_in_case_are_refused(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD,
                        "b.yaml": ONE_CARD.replace("Containers", "containers").replace("컨테이너", "상자")
                        .replace("id: ok", "id: other")})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert "b.yaml:1: deck 'containers' (en) differs from deck 'Containers'" in line


@pytest.mark.parametrize("char", ["\\x00", "\\x1b", "\\u202e"])
def test_invisible_control_characters_are_refused(char, make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.replace("{ko: 앞, en: front}", f'"a{char}b"')})
    (line,) = problems(dockdeck("check", "--cards", cards))
    assert ":4: front contains the invisible control character U+" in line


def test_a_thousand_deletions_in_one_cloze_do_not_crash(make_cards, tmp_path):
    cloze = " ".join(f"[[w{i}]]" for i in range(1_200))
    cards = make_cards({"a.yaml": ONE_CARD.replace("front: {ko: 앞, en: front}\n    back: {ko: 뒤, en: back}",
                                                   f'cloze: "{cloze}"')})
    result = dockdeck("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    assert result.returncode == 0, result.stderr
