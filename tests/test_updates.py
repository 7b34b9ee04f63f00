"""Re-importing a rebuilt deck updates notes in place and keeps every bit of review progress."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from conftest import (
    CONTAINERS,
    build_into,
    build_lang,
    clean_build,
    files_in,
    import_apkg,
    note_by_id,
    review_all,
    visible_text,
    written,
)

V1 = CONTAINERS + """\
  - id: untouched
    front: {ko: 그대로, en: unchanged}
    back: {ko: 그대로, en: unchanged}
"""


def test_changed_card_and_css_update_in_place_keeping_reviews(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": V1})
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    review_all(collection)
    note_before = note_by_id(collection, "stop-signal")
    card_before = note_before.cards()[0]
    reviews_before = collection.db.scalar("select count() from revlog")
    assert reviews_before == len(collection.find_cards(""))
    assert (card_before.type, card_before.reps) != (0, 0)  # reviewed: no longer new
    assert card_before.reps == 1

    (cards / "a.yaml").write_text(V1.replace("`SIGTERM`\"}", "`SIGTERM` (or the image's `STOPSIGNAL`)\"}"),
                                  encoding="utf-8")
    (cards / "dockdeck.yaml").write_text((cards / "dockdeck.yaml").read_text() + "css: style.css\n")
    (cards / "style.css").write_text(".dd-back { letter-spacing: 0.01em; }\n")
    log = import_apkg(collection, build_lang(run_cli, cards, out))

    assert collection.note_count() == 4  # stop-signal, exec-shell cloze + recall, untouched
    note_after = note_by_id(collection, "stop-signal")
    assert note_after.id == note_before.id
    assert "STOPSIGNAL" in visible_text(note_after["Back"])
    card_after = collection.get_card(card_before.id)
    assert (card_after.ivl, card_after.due, card_after.queue, card_after.type, card_after.reps) == (
        card_before.ivl, card_before.due, card_before.queue, card_before.type, card_before.reps)
    assert collection.db.scalar("select count() from revlog") == reviews_before
    assert "letter-spacing: 0.01em" in note_after.note_type()["css"]
    assert [n.fields for n in log.log.updated] and len(log.log.updated) == 1
    assert not log.log.new


def test_unchanged_rebuild_keeps_every_note_time(run_cli, make_cards):
    from generator.output.manifest import read_manifest

    cards = make_cards({"a.yaml": V1})
    out = cards.parent / "dist"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    first, _ = read_manifest(cards / "note-times.json")
    build_lang(run_cli, cards, out)  # nothing changed
    assert read_manifest(cards / "note-times.json")[0] == first
    (cards / "a.yaml").write_text(V1.replace("`SIGTERM`\"}", "`SIGTERM`!\"}"), encoding="utf-8")
    build_lang(run_cli, cards, out)
    second, _ = read_manifest(cards / "note-times.json")
    assert second.langs["en"]["untouched"].mod == first.langs["en"]["untouched"].mod
    assert second.langs["en"]["stop-signal"].mod > first.langs["en"]["stop-signal"].mod
    assert second.langs["ko"] == first.langs["ko"]  # an English-only build leaves Korean alone


def test_korean_and_english_decks_live_side_by_side(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": V1})
    out = cards.parent / "dist"
    build_lang(run_cli, cards, out, "ko")
    import_apkg(collection, out / "docker-ko.apkg")
    import_apkg(collection, build_lang(run_cli, cards, out, "en"))
    assert collection.note_count() == 8
    assert {collection.decks.name(d["id"]) for d in collection.decks.all() if "::" in d["name"]} == {
        "도커::01 컨테이너", "Docker::01 Containers"}


def test_fixing_a_typo_in_the_command_updates_the_note_instead_of_adding_one(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": V1.replace("<container> sh", "<container> hs")})
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    (cards / "a.yaml").write_text(V1, encoding="utf-8")
    import_apkg(collection, build_lang(run_cli, cards, out))
    assert collection.note_count() == 4
    assert "docker exec -it <container> sh" in visible_text(note_by_id(collection, "exec-shell/recall")["Back"])


def test_two_builds_give_identical_bytes(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": V1, "media/pic.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    (cards / "a.yaml").write_text(V1 + "  - id: pic\n    front: p\n    back: '![p](media/pic.svg)'\n")
    for out in ("one", "two"):
        assert run_cli("build", "--cards", cards, "--out", tmp_path / out).exit_code == 0
    one = files_in(tmp_path / "one")
    two = files_in(tmp_path / "two")
    assert sorted(one) == ["docker-en.apkg", "docker-ko.apkg"]
    assert one == two
    assert run_cli("build", "--cards", cards, "--out", tmp_path / "one").exit_code == 0
    assert files_in(tmp_path / "one") == one  # a rebuild changes nothing


def test_rebuilding_built_cards_does_not_depend_on_the_clock_or_randomness(run_cli, make_cards, tmp_path,
                                                                          monkeypatch):
    cards, out = make_cards({"a.yaml": V1}), tmp_path / "out"
    build_into(run_cli, cards, out)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setattr(time, "time", lambda: 4_000_000_000.5)
    monkeypatch.setattr(time, "time_ns", lambda: 4_000_000_000_500_000_000)
    random.seed(12345)
    assert clean_build(cards, out) == written(cards, out)


def test_committed_decks_are_what_the_sources_build(run_cli):
    """dist/ is committed for people without Python; it must match cards/."""
    from conftest import REAL_CARDS, REPO

    result = run_cli("build", "--check", "--cards", REAL_CARDS, "--out", REPO / "dist")
    assert result.exit_code == 0, result.output


def test_a_changed_picture_reaches_a_collection_that_has_the_old_one(run_cli, make_cards, collection):
    files = {"a.yaml": "deck: {ko: 그림, en: Pictures}\ncards:\n  - id: pic\n    front: p\n"
                       "    back: '![p](media/pic.svg)'\n",
             "media/pic.svg": "<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1'/></svg>"}
    cards = make_cards(files)
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    new_svg = "<svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg>"
    (cards / "media" / "pic.svg").write_text(new_svg)
    import_apkg(collection, build_lang(run_cli, cards, out))
    (nid,) = collection.find_notes("")
    found = re.search(r'src="([^"]+)"', collection.get_note(nid)["Back"])
    assert found is not None
    src = found.group(1)
    assert (Path(collection.media.dir()) / src).read_text() == new_svg


def test_new_cards_come_in_the_order_they_are_written(run_cli, make_cards, collection):
    def topic(deck: str, ids: list[str]) -> str:
        return f"deck: {{ko: {deck}, en: {deck}}}\ncards:\n" + "".join(
            f"  - id: {i}\n    front: {i}\n    back: {i}\n" for i in ids)

    settings = "name: docker\nlanguages: [ko, en]\nroot_deck: {ko: 도커, en: Docker}\nfiles: [z.yaml, a.yaml]\n"
    cards = make_cards({"z.yaml": topic("Z", ["z-second", "z-first"]), "a.yaml": topic("A", ["a-1", "a-2"])},
                       settings=settings)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    by_due = sorted((collection.get_card(cid) for cid in collection.find_cards("is:new")), key=lambda c: c.due)
    assert [c.note()["Id"] for c in by_due] == ["z-second", "z-first", "a-1", "a-2"]
