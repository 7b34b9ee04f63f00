"""The build record lets an unchanged rebuild skip the pipeline, and never changes what is built."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import build_into, clean_build, files_in, written

import generator.pipeline

TOPIC = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: "`SIGTERM`"
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 컨테이너 안에서 셸 열기, en: Open a shell in a container}
  - id: diagram
    front: {ko: 그림, en: The lifecycle}
    back: "![lifecycle](media/pic.svg)"
"""
PICTURE = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def _deck(make_cards) -> Path:
    return make_cards({"a.yaml": TOPIC, "media/pic.svg": PICTURE})


def _rebuild_matches_a_clean_build(run_cli, cards: Path, out: Path, tmp_path: Path, *args: str) -> None:
    """Build again through the command line and compare with the pipeline run from the same start."""
    twin = tmp_path / "twin"
    shutil.copytree(cards, twin / "cards", symlinks=True)
    build_into(run_cli, cards, out, *args)
    assert clean_build(twin / "cards", twin / "out") == written(cards, out)


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_rebuild_after_an_edit_writes_what_a_build_without_the_record_writes(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    _edit(cards / "a.yaml", "Open a shell", "Open an interactive shell")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)


def test_unchanged_rebuild_prints_the_same_decks_and_changes_no_file(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    first = build_into(run_cli, cards, out)
    before = files_in(out)
    again = build_into(run_cli, cards, out)
    assert again.output == "".join(line for line in first.output.splitlines(keepends=True)
                                   if "since the last build" not in line)
    assert files_in(out) == before


def test_an_unchanged_rebuild_does_not_run_the_pipeline_again(run_cli, make_cards, tmp_path, monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)

    def no_pipeline(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran, though nothing changed")

    monkeypatch.setattr(generator.pipeline, "build_deck", no_pipeline)
    build_into(run_cli, cards, out)
    (cards / "a.yaml").write_text(TOPIC + "  - id: new\n    front: n\n    back: n\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the pipeline ran"):  # now it must run
        run_cli("build", "--cards", cards, "--out", out)


def test_a_deck_damaged_after_the_build_is_rebuilt(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    good = (out / "docker-en.apkg").read_bytes()
    (out / "docker-en.apkg").write_bytes(b"not a deck")
    build_into(run_cli, cards, out)
    assert (out / "docker-en.apkg").read_bytes() == good


def test_a_changed_picture_is_rebuilt(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    before = files_in(out)
    (cards / "media" / "pic.svg").write_text(PICTURE.replace("/>", "><g/></svg>"), encoding="utf-8")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)
    assert files_in(out)["docker-en.apkg"] != before["docker-en.apkg"]


def test_a_deleted_picture_is_reported_at_its_card(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    (cards / "media" / "pic.svg").unlink()
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'a.yaml'}:9: media file 'media/pic.svg' does not exist" in result.output


def test_a_changed_settings_file_gives_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    _edit(cards / "dockdeck.yaml", "en: Docker", "en: Docker basics")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)


def test_building_one_language_then_both_gives_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out, "--lang", "en")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)


def test_a_new_unlisted_topic_file_is_reported_on_the_next_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    (cards / "extra.yaml").write_text("deck: Extra\ncards: []\n", encoding="utf-8")
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert "extra.yaml:1: topic file is not listed in dockdeck.yaml" in result.output


def test_a_damaged_record_means_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    for record in (Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck").iterdir():
        record.write_text('{"key": 1, "files": {"x": [1]}, "reports": 5}', encoding="utf-8")
    (out / "docker-en.apkg").write_bytes(b"not a deck")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)


def test_a_file_with_a_problem_is_reported_on_every_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    _edit(cards / "a.yaml", "command: docker exec -it <container> sh", "command: docker ps\n    blanks: [-it]")
    first = run_cli("build", "--cards", cards, "--out", out)
    again = run_cli("build", "--cards", cards, "--out", out)
    assert first.exit_code == again.exit_code == 1
    assert "a.yaml:8: blank '-it' is not a whole part of the command 'docker ps'" in again.output
    assert first.output == again.output


def test_check_compares_real_bytes_even_when_the_record_would_answer(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    build_into(run_cli, cards, out)
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 0
    _edit(cards / "a.yaml", "shell", "sh")
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 1


def test_build_succeeds_when_the_cache_folder_cannot_be_written(run_cli, make_cards, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cards = _deck(make_cards)
    for _ in range(2):
        build_into(run_cli, cards, tmp_path / "out")


def test_a_changed_css_file_is_rebuilt(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC, "media/pic.svg": PICTURE, "style.css": ".card { color: red; }\n"},
                       settings="name: docker\nlanguages: [ko, en]\nroot_deck: {ko: 도커, en: Docker}\n"
                                "css: style.css\nfiles: [a.yaml]\n")
    out = tmp_path / "out"
    build_into(run_cli, cards, out)
    (cards / "style.css").write_text(".card { color: blue; }\n", encoding="utf-8")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)
    assert b"color: blue" in zipfile.ZipFile(out / "docker-en.apkg").read("collection.anki2")


def test_a_picture_link_pointed_at_another_file_is_rebuilt(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC.replace("media/pic.svg", "media/link.svg"), "media/one.svg": PICTURE,
                        "media/two.svg": PICTURE.replace("/>", "><g/></svg>")})
    (cards / "media" / "link.svg").symlink_to("one.svg")
    out = tmp_path / "out"
    build_into(run_cli, cards, out)
    (cards / "media" / "link.svg").unlink()
    (cards / "media" / "link.svg").symlink_to("two.svg")
    _rebuild_matches_a_clean_build(run_cli, cards, out, tmp_path)
