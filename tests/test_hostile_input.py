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
    # Card files are read in NFC, so the two names are one name listed twice.
    assert any("listed twice" in line for line in found)


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


def _listed(*names: str) -> str:
    """Settings listing ``a.yaml`` and then ``names``, one per line from line 5 on."""
    return SETTINGS.replace("files: [%s]\n", "files:\n  - a.yaml\n" + "".join(f"  - {n}\n" for n in names))


def both_fail(cards: Path, tmp_path: Path) -> list[str]:
    """``check`` and ``build`` report the same located problems; the build writes nothing."""
    found = problems(dockdeck("check", "--cards", cards))
    assert problems(dockdeck("build", "--cards", cards, "--out", tmp_path / "dist")) == found
    assert not (tmp_path / "dist").exists()
    return found


@pytest.mark.parametrize("content", ["", "   \n\n  \n", "# nothing here yet\n"])
def test_an_empty_listed_topic_file_is_a_problem_not_a_deck_left_out(content, make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD, "b.yaml": content})
    (line,) = both_fail(cards, tmp_path)
    assert line.startswith(f"{cards / 'b.yaml'}:1: the topic file is empty")


def test_an_empty_settings_file_says_what_it_needs(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings="# todo\n")
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:1: the settings file is empty" in line and "name, languages, root_deck and files" in line


@pytest.mark.parametrize("file", ["a.yaml", "dockdeck.yaml"])
def test_brackets_nested_nearly_a_thousand_deep_are_a_located_problem(file, make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD})
    with (cards / file).open("a", encoding="utf-8") as handle:
        handle.write("extra: " + "[" * 990 + "]" * 990 + "\n")
    found = both_fail(cards, tmp_path)
    assert any(f"{file}:" in line and "nested over 32 deep" in line for line in found), found


def test_a_listed_file_name_too_long_for_the_file_system_is_reported_at_its_line(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("x" * 300 + ".yaml"))
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: file name is 305 bytes long, over the 255 file systems allow" in line


def test_a_nul_in_a_listed_file_name_is_reported_at_its_line(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed('"b\\0.yaml"'))
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: file name 'b\\x00.yaml' contains the control character U+0000" in line


def test_a_raw_nul_byte_is_reported_on_its_own_line_in_one_line(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD.replace("뒤", "뒤\0")})
    (line,) = both_fail(cards, tmp_path)
    assert line.startswith(f"{cards / 'a.yaml'}:5: contains the character U+0000, which YAML does not allow")


def test_a_listed_folder_is_reported_as_a_folder_at_its_line(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("sub.yaml"))
    (cards / "sub.yaml").mkdir()
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: 'sub.yaml' is listed as a topic file but is a folder" in line


def test_a_missing_listed_file_is_reported_at_its_own_line(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("gone.yaml"))
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: topic file 'gone.yaml' is listed but does not exist" in line


def test_a_file_listed_twice_says_so_with_both_lines(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("a.yaml"))
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: 'a.yaml' is listed twice (lines 5 and 6)" in line


@pytest.mark.parametrize(("languages", "expected"), [
    ("[]", ":2: languages is empty"),
    ("[ko, en, ko]", ":2: language 'ko' is listed twice"),
    ("[ko, en, 1]", ":2: '1' is not a language code"),
])
def test_unusable_languages_are_named_plainly(languages, expected, make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=SETTINGS.replace("[ko, en]", languages) % "a.yaml")
    found = both_fail(cards, tmp_path)
    assert any(expected in line for line in found) and not any("YScalar" in line for line in found), found


def test_a_number_in_files_is_shown_as_written(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("12"))
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:6: '12' is not a topic file name" in line


def test_a_new_language_reports_the_settings_and_every_card_missing_it_in_one_run(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=SETTINGS.replace("[ko, en]", "[ko, en, ja]") % "a.yaml")
    found = both_fail(cards, tmp_path)
    assert any("dockdeck.yaml:3: root_deck: missing translation 'ja'" in line for line in found), found
    assert any("a.yaml:1: deck: missing translation 'ja'" in line for line in found), found
    assert any("a.yaml:4: front: missing translation 'ja'" in line for line in found), found


@pytest.mark.parametrize(("root", "why"), [
    ('"::Docker"', "contains '::'"), ('"Docker::"', "contains '::'"), ('" Docker"', "starts or ends with a space"),
    ('"Doc\\tker"', "control character U+0009"),
])
def test_a_root_deck_name_anki_would_mangle_is_refused(root, why, make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD},
                       settings=SETTINGS.replace("{ko: 도커, en: Docker}", f"{{ko: 도커, en: {root}}}") % "a.yaml")
    (line,) = both_fail(cards, tmp_path)
    assert "dockdeck.yaml:3: root_deck (en)" in line and why in line


@pytest.mark.parametrize("name", ['"Contai\\tners"', '"Contai\\nners"'])
def test_a_tab_or_line_break_in_a_topic_deck_name_is_refused(name, make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD.replace("en: Containers", f"en: {name}")})
    (line,) = both_fail(cards, tmp_path)
    assert "a.yaml:1: deck (en) contains the control character" in line


def _limited_memory() -> None:
    import resource

    # Far above what a build of a small deck needs, far below reading a 3 GB file into memory.
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, resource.RLIM_INFINITY))


def dockdeck_small(*args: object) -> subprocess.CompletedProcess:
    """``dockdeck`` in 1.5 GB of address space and 60 s: reading a huge file whole fails the test."""
    return subprocess.run([sys.executable, "-c", "from generator.cli import cli; cli()", *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=60, preexec_fn=_limited_memory)


def test_a_three_gigabyte_picture_is_refused_by_its_size_without_reading_it(make_cards, tmp_path):
    cards = make_cards({"a.yaml": _picture_card("media/huge.png")})
    (cards / "media").mkdir()
    with (cards / "media" / "huge.png").open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: takes no disk, but reads as 3 GB
    result = dockdeck_small("build", "--cards", cards, "--out", tmp_path / "dist")
    (line,) = problems(result)
    assert ":3: media 'media/huge.png': file is 3072 MiB, over the limit of 10 MiB" in line


def test_a_text_file_named_png_is_not_packed_as_a_picture(make_cards, tmp_path):
    cards = make_cards({"a.yaml": _picture_card("media/notes.png"), "media/notes.png": "just some text\n"})
    (line,) = both_fail(cards, tmp_path)
    assert ":3: media 'media/notes.png' is not a PNG picture" in line


@pytest.mark.parametrize(("svg", "why"), [
    ('<a href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a>', "script address"),
    ('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.com"/></foreignObject>',
     "<foreignobject>"),
    ('<image href="https://example.com/track.png" width="1" height="1"/>', "'https://example.com/track.png'"),
    ('<style>@import url("https://example.com/x.css");</style>', "loads another file"),
    ('<rect fill="url(https://example.com/p.svg#g)" width="1" height="1"/>', "loads another file"),
])
def test_an_svg_that_could_do_more_than_draw_is_refused(svg, why, make_cards, tmp_path):
    picture = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">{svg}</svg>'
    cards = make_cards({"a.yaml": _picture_card("media/p.svg"), "media/p.svg": picture})
    (line,) = both_fail(cards, tmp_path)
    assert ":3: media 'media/p.svg'" in line and why in line


def test_an_svg_with_local_gradients_and_styles_is_packed(make_cards, tmp_path):
    picture = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1">'
               '<style>rect { fill: url(#g); }</style><defs><linearGradient id="g"/></defs>'
               '<rect width="1" height="1" style="fill: url( \'#g\' )"/><use xlink:href="#g"/></svg>')
    cards = make_cards({"a.yaml": _picture_card("media/p.svg"), "media/p.svg": picture})
    result = dockdeck("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    assert result.returncode == 0, result.stderr


def test_a_listed_topic_file_that_is_a_fifo_is_reported_not_waited_on(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("pipe.yaml"))
    os.mkfifo(cards / "pipe.yaml")
    (line,) = both_fail(cards, tmp_path)
    assert "pipe.yaml:1: is not a regular file (a FIFO, device or socket)" in line


def test_a_topic_file_linked_to_a_proc_file_is_not_read(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD}, settings=_listed("env.yaml"))
    os.symlink("/proc/self/environ", cards / "env.yaml")
    (line,) = both_fail(cards, tmp_path)
    assert "env.yaml:1: is a symbolic link to /proc/self/environ, outside the cards folder, so it is not read" in line


def test_a_fifo_no_card_uses_in_the_cards_folder_does_not_stop_builds(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD, "media/unused.svg": SVG})
    os.mkfifo(cards / "media" / "waiting.png")
    for _ in range(2):  # the second build asks the build record
        result = dockdeck("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
        assert result.returncode == 0, result.stderr


def _records() -> list[Path]:
    return list((Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck").iterdir())


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_build_record_that_is_a_special_file_means_a_clean_build(kind, make_cards, tmp_path):
    cards, out = make_cards({"a.yaml": ONE_CARD}), tmp_path / "dist"
    assert dockdeck("build", "--cards", cards, "--out", out).returncode == 0
    (record,) = _records()
    record.unlink()
    os.mkfifo(record) if kind == "fifo" else os.symlink("/dev/zero", record)
    result = dockdeck_small("build", "--cards", cards, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "docker-en.apkg: 1 note" in result.stdout


def test_a_build_record_with_damaged_reports_means_a_clean_build(make_cards, tmp_path):
    import json

    cards, out = make_cards({"a.yaml": ONE_CARD}), tmp_path / "dist"
    assert dockdeck("build", "--cards", cards, "--out", out).returncode == 0
    (record,) = _records()
    data = json.loads(record.read_text(encoding="utf-8"))
    data["reports"] = [{"lang": "en", "decks": [{"name": 5}]}]
    record.write_text(json.dumps(data), encoding="utf-8")
    result = dockdeck("build", "--cards", cards, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "docker-en.apkg: 1 note" in result.stdout


def test_an_old_deck_that_is_a_fifo_is_replaced_not_read(make_cards, tmp_path):
    cards, out = make_cards({"a.yaml": ONE_CARD}), tmp_path / "dist"
    out.mkdir()
    os.mkfifo(out / "docker-en.apkg")
    result = dockdeck("build", "--cards", cards, "--out", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(out / "docker-en.apkg")


def test_an_output_folder_that_is_a_device_is_named_as_not_a_folder(make_cards):
    cards = make_cards({"a.yaml": ONE_CARD})
    (line,) = problems(dockdeck("build", "--cards", cards, "--out", "/dev/null"))
    assert line.startswith("/dev/null:1: is not a folder") and "File exists" not in line


def test_extract_refuses_notes_over_its_limit_before_reading_them(tmp_path):
    notes = tmp_path / "notes.md"
    with notes.open("wb") as handle:
        handle.truncate(50 * 1024**2)
    (line,) = problems(dockdeck_small("extract", notes))
    assert "notes.md:1: file is 50 MiB, over the limit of 1 MiB" in line and "split the notes" in line


def test_extract_of_notes_that_are_a_fifo_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "notes.md")
    (line,) = problems(dockdeck("extract", tmp_path / "notes.md"))
    assert "notes.md:1: is not a regular file" in line


def test_extract_stops_its_draft_at_what_one_topic_file_may_hold(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Many\n\n" + "".join(f"- **term{i}**: what term {i} means\n" for i in range(6000)))
    result = dockdeck("extract", notes, "-o", tmp_path / "many.yaml", "--cards", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "more drafted cards left out: a topic file holds at most 5,000 cards" in result.stderr
    cards = tmp_path / "deck"
    cards.mkdir()
    (cards / "many.yaml").write_bytes((tmp_path / "many.yaml").read_bytes())
    (cards / "dockdeck.yaml").write_text("name: d\nlanguages: [en]\nroot_deck: D\nfiles: [many.yaml]\n")
    assert dockdeck("check", "--cards", cards).returncode == 0


def test_extract_never_drafts_an_id_the_deck_already_uses(make_cards, tmp_path):
    cards = make_cards({"a.yaml": ONE_CARD.replace("id: ok", "id: ps-a")})
    notes = tmp_path / "notes.md"
    notes.write_text("# Containers\n\n```sh\n# List all containers\ndocker ps -a\n```\n")
    result = dockdeck("extract", notes, "--cards", cards)
    assert result.returncode == 0, result.stderr
    assert "id: ps-a-2" in result.stdout and "id: ps-a\n" not in result.stdout
