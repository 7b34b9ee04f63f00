"""The per-file build cache: a rebuild redoes only the topic files that changed, and never builds anything else.

Every test compares what a cached rebuild writes or reports with what a build
that reads no cache writes or reports from the same starting point.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import time
from pathlib import Path

from conftest import built_bytes, files_in
import generator.filebuild
import generator.sources
import generator.workers
from generator.build import build

PICTURE = "<svg xmlns='http://www.w3.org/2000/svg'/>"

FIRST = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 컨테이너 안에서 셸 열기, en: Open a shell in a container}
  - id: diagram
    front: {ko: 그림, en: The lifecycle}
    back: "![lifecycle](media/pic.svg)"
"""

SECOND = """\
deck: {ko: 이미지, en: Images}
cards:
  - id: pull
    command: docker pull <image>
    meaning: {ko: 이미지 받기, en: Download an image}
"""


def _deck(make_cards) -> Path:
    return make_cards({"first.yaml": FIRST, "second.yaml": SECOND, "media/pic.svg": PICTURE})


def _same_as_a_clean_build(run_cli, cards: Path, out: Path, tmp_path: Path, *args: str) -> None:
    """Build ``out`` again with the cache and check it holds what a build without any cache writes."""
    twin = tmp_path / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(out, twin)
    result = run_cli("build", "--cards", cards, "--out", out, *args)
    assert result.exit_code == 0, result.output
    langs = tuple(args[1:]) if args else None
    clean = build(cards, twin, langs, use_cache=False)
    assert not clean.problems
    assert built_bytes(clean) == files_in(out)


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_rebuild_after_one_file_changed_writes_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_rebuild_after_one_file_changed_builds_only_that_file(run_cli, make_cards, tmp_path, monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    built = []
    real = generator.workers.build_file
    monkeypatch.setattr(generator.workers, "build_file", lambda *a: built.append(a[1]) or real(*a))
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert built == ["second.yaml"]


def test_a_duplicate_id_next_to_a_cached_file_is_reported_with_both_places(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    _edit(cards / "second.yaml", "id: pull", "id: exec-shell")
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'second.yaml'}:3: id 'exec-shell' is already used at {cards / 'first.yaml'}:3" in result.output
    assert [str(p) for p in build(cards, out, use_cache=False).problems] == \
        [str(p) for p in build(cards, out).problems]


def test_deck_names_equal_up_to_case_are_found_when_one_file_is_cached(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    _edit(cards / "second.yaml", "en: Images", "en: containers")
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'second.yaml'}:1: deck 'containers' (en) differs from deck 'Containers'" in result.output


def test_a_changed_picture_of_an_unchanged_file_gives_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    before = files_in(out)
    (cards / "media" / "pic.svg").write_text(PICTURE.replace("/>", "><g/></svg>"), encoding="utf-8")
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)
    assert files_in(out)["docker-en.apkg"] != before["docker-en.apkg"]


def test_a_deleted_picture_of_an_unchanged_file_is_reported_at_its_card(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    (cards / "media" / "pic.svg").unlink()
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'first.yaml'}:6: media file 'media/pic.svg' does not exist" in result.output


def test_a_changed_settings_file_gives_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    _edit(cards / "dockdeck.yaml", "en: Docker", "en: Docker basics")
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_building_one_language_then_both_gives_the_bytes_of_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out, "--lang", "en").exit_code == 0
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_a_damaged_cache_means_a_clean_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck"
    entries = list((cache / "files").iterdir())
    assert entries
    for i, entry in enumerate(entries):
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // (i + 2)])
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_a_file_with_a_problem_is_reported_on_every_build(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    _edit(cards / "second.yaml", "command: docker pull <image>", "command: docker pull image")
    first = run_cli("build", "--cards", cards, "--out", out)
    again = run_cli("build", "--cards", cards, "--out", out)
    assert first.exit_code == again.exit_code == 1
    assert "second.yaml:4: command has no option or <placeholder> to blank out" in again.output
    assert first.output == again.output


def test_problem_paths_follow_the_working_folder_not_the_cached_build(run_cli, make_cards, tmp_path, monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    assert run_cli("build", "--cards", "cards", "--out", out).exit_code == 0
    _edit(cards / "second.yaml", "id: pull", "id: exec-shell")
    monkeypatch.chdir(cards)
    result = run_cli("build", "--cards", ".", "--out", out)
    assert "second.yaml:3: id 'exec-shell' is already used at first.yaml:3" in result.output


def test_build_check_never_reads_the_file_cache(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    # Forge every entry (with a valid checksum) to say something the sources do not.
    for entry in (Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck" / "files").iterdir():
        header, _, payload = entry.read_bytes().partition(b"\n")
        payload = payload.replace(b"Open a shell", b"Forged words")
        key = header.split(b" ")[0]
        entry.write_bytes(key + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        marshal.loads(payload)  # still a well-formed entry
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 1  # stale, not forged
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert run_cli("build", "--cards", cards, "--out", out, "--check").exit_code == 1  # the forged deck is caught


def test_a_file_edited_while_it_is_built_is_not_kept_for_later_builds(run_cli, make_cards, tmp_path, monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    original = (cards / "second.yaml").read_text(encoding="utf-8")
    real, editing = generator.filebuild.load_topic, [True]

    def edit_while_loading(cards_dir, name, *rest):
        if name == "second.yaml" and editing[0]:
            _edit(cards / name, "Download an image", "Fetch an image")
        return real(cards_dir, name, *rest)

    monkeypatch.setattr(generator.filebuild, "load_topic", edit_while_loading)
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    editing[0] = False
    (cards / "second.yaml").write_text(original, encoding="utf-8")  # back to the bytes the build started from
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_settings_edited_while_the_build_runs_leave_no_file_kept(run_cli, make_cards, tmp_path, monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    real, editing = generator.sources.load_settings, [True]

    def edit_after_loading(cards_dir):
        loaded = real(cards_dir)
        if editing[0]:
            _edit(cards / "dockdeck.yaml", "en: Docker", "en: Docker basics")
        return loaded

    monkeypatch.setattr(generator.sources, "load_settings", edit_after_loading)
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    editing[0] = False  # the next build reads the edited settings from the start
    _same_as_a_clean_build(run_cli, cards, out, tmp_path)


def test_a_picture_edited_while_the_build_runs_is_reported_not_packed_half_way(run_cli, make_cards, tmp_path,
                                                                                monkeypatch):
    cards, out = _deck(make_cards), tmp_path / "out"
    real = generator.filebuild.render_notes

    def edit_after_rendering(specs, media):
        rendered = real(specs, media)
        (cards / "media" / "pic.svg").write_text(PICTURE.replace("/>", "><g/></svg>"), encoding="utf-8")
        return rendered

    monkeypatch.setattr(generator.filebuild, "render_notes", edit_after_rendering)
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'first.yaml'}:1: picture 'media/pic.svg' changed while the deck was being built" in result.output


def test_entries_no_build_used_for_30_days_are_removed_and_used_ones_kept(run_cli, make_cards, tmp_path):
    cards, out = _deck(make_cards), tmp_path / "out"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck" / "files"
    kept = sorted(folder.iterdir())
    assert len(kept) == 2  # one entry per topic file
    long_ago = time.time() - 40 * 24 * 3600
    stray = folder / "0123456789abcdef01234567.json"  # say, an older version's entry of a renamed file
    stray.write_bytes(b"{}")
    for path in [stray, *kept]:
        os.utime(path, (long_ago, long_ago))
    _edit(cards / "second.yaml", "Download an image", "Download an image from a registry")
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    assert not stray.exists()
    assert sorted(folder.iterdir()) == kept  # first.yaml's entry was read, second.yaml's written anew
