"""The .apkg's zip: deflated in pieces on several cores, yet one archive that Anki and zipfile read whole."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import generator.zipwrite
from conftest import field_of, import_apkg, rendered_cards
from generator.build import build
from generator.cores import JOBS_ENV

PICTURE = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def _topic(count: int) -> str:
    lines = ["deck: {ko: 컨테이너, en: Containers}", "cards:"]
    for i in range(count):
        lines += [f"  - id: run-{i}", f"    command: docker run -d --name web{i} <image>",
                  f"    meaning: {{ko: 웹 컨테이너 {i} 실행, en: 'Run web container {i} in the background'}}"]
    lines += ["  - id: picture", "    front: {ko: 그림, en: The lifecycle}", '    back: "![lifecycle](media/pic.svg)"']
    return "\n".join(lines) + "\n"


@pytest.fixture
def small_pieces(monkeypatch):
    # 16 KiB pieces cut even a small test deck's collection into many.
    monkeypatch.setattr(generator.zipwrite, "PIECE", 16 * 1024)


def _apkg(cards, out, lang="en") -> bytes:
    result = build(cards, out, (lang,), use_cache=False)
    assert not result.problems
    return result.files[out / f"docker-{lang}.apkg"]


def test_a_collection_deflated_in_many_pieces_imports_into_anki_with_every_note(make_cards, collection, tmp_path,
                                                                               small_pieces):
    cards = make_cards({"a.yaml": _topic(60), "media/pic.svg": PICTURE})
    data = _apkg(cards, tmp_path / "out")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # The premise, not the point: with 64 KiB pages any collection spans dozens of 16 KiB pieces.
        assert archive.getinfo("collection.anki2").file_size > 4 * generator.zipwrite.PIECE
        assert archive.testzip() is None  # every entry inflates to its recorded CRC-32
    (tmp_path / "deck.apkg").write_bytes(data)
    import_apkg(collection, tmp_path / "deck.apkg")
    ids = {field_of(card, "Id") for card, _, _ in rendered_cards(collection)}
    assert ids == {f"run-{i}/{part}" for i in range(60) for part in ("cloze", "recall")} | {"picture"}
    [answer] = [a for card, _, a in rendered_cards(collection) if field_of(card, "Id") == "picture"]
    [src] = re.findall(r'<img src="([^"]+)"', answer)
    assert (Path(collection.media.dir()) / src).read_text(encoding="utf-8") == PICTURE


def test_the_apkg_bytes_do_not_depend_on_how_many_cores_deflate_it(make_cards, tmp_path, monkeypatch, small_pieces):
    cards = make_cards({"a.yaml": _topic(60), "media/pic.svg": PICTURE})
    monkeypatch.setenv(JOBS_ENV, "1")
    one = _apkg(cards, tmp_path / "one")
    monkeypatch.setenv(JOBS_ENV, "4")
    four = _apkg(cards, tmp_path / "four")
    assert one == four


def test_an_empty_entry_is_a_valid_empty_file(tmp_path):
    out = io.BytesIO()
    generator.zipwrite.write_zip(out, [("empty", io.BytesIO(b"")), ("some", io.BytesIO(b"docker ps -a\n" * 1000))],
                                 level=1, threads=2)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert archive.read("empty") == b""
        assert archive.read("some") == b"docker ps -a\n" * 1000


def test_a_deck_too_large_for_a_zip_archive_is_a_problem_and_nothing_is_written(run_cli, make_cards, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setattr(generator.zipwrite, "_LIMIT", 1000)  # instead of building a 4 GiB deck
    cards = make_cards({"a.yaml": _topic(3), "media/pic.svg": PICTURE})
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert (f"{cards}/dockdeck.yaml:1: the ko deck is too large to package: it would be over 4 GiB, the most a "
            "zip archive holds without Zip64") in result.output
    assert "split it into several decks" in result.output
    assert not (tmp_path / "out").exists()


def test_more_files_than_a_zip_archive_holds_are_refused(monkeypatch):
    monkeypatch.setattr(generator.zipwrite, "_MOST_ENTRIES", 2)  # instead of 65,536 pictures
    with pytest.raises(generator.zipwrite.TooLarge, match="over 2 files"):
        generator.zipwrite.write_zip(io.BytesIO(), [(str(i), io.BytesIO(b"x")) for i in range(3)], level=1,
                                     threads=1)
