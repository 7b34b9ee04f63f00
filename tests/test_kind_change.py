"""A card whose kind changes under the same id (basic -> cloze, cloze -> basic, ...) reaches Anki as a new
note: Anki cannot give a note another note type on import, and skipped it as "conflicting"."""

from __future__ import annotations

from typing import Any

from conftest import build_into, build_lang, import_apkg, note_by_id, review_all

BASIC = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-grace
    front: {ko: "`docker stop`은 몇 초 기다리나요?", en: "How long does `docker stop` wait?"}
    back: {ko: 10초, en: 10 seconds}
  - id: other
    front: {ko: 다른 카드, en: another card}
    back: {ko: 그대로, en: unchanged}
"""

CLOZE = BASIC.replace("""    front: {ko: "`docker stop`은 몇 초 기다리나요?", en: "How long does `docker stop` wait?"}
    back: {ko: 10초, en: 10 seconds}
""", """    cloze: {ko: "`docker stop`은 [[10]]초 기다린다", en: "`docker stop` waits [[10]] seconds"}
""")


def _search_after(output: str, text: str) -> str:
    lines = output.splitlines()
    (i,) = [i for i, line in enumerate(lines) if text in line]
    return lines[i + 1].strip()


def _types(col: Any, key: str) -> list[str]:
    return sorted(col.get_note(nid).note_type()["name"] for nid in col.find_notes(f'"Id:{key}"'))


def test_a_basic_card_that_becomes_a_cloze_card_arrives_in_anki(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": BASIC}), tmp_path / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    review_all(collection)
    (cards / "a.yaml").write_text(CLOZE, encoding="utf-8")
    build_into(run_cli, cards, out, "--lang", "en")

    log = import_apkg(collection, out / "docker-en.apkg").log

    assert not log.conflicting
    assert len(log.new) == 1
    assert _types(collection, "stop-grace") == ["dockdeck docker basic (en)", "dockdeck docker cloze (en)"]
    (cloze,) = [c for c in collection.find_cards('"Id:stop-grace" "note:dockdeck docker cloze (en)"')]
    assert "[...]" in collection.get_card(cloze).question()


def test_a_kind_change_is_reported_with_a_search_for_the_old_note_only(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": BASIC}), tmp_path / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    old = note_by_id(collection, "stop-grace").id
    (cards / "a.yaml").write_text(CLOZE, encoding="utf-8")
    result = build_into(run_cli, cards, out, "--lang", "en")
    import_apkg(collection, out / "docker-en.apkg")

    assert "stop-grace: a basic card became a cloze card" in result.output
    assert "no review history" in result.output
    search = _search_after(result.output, "removed from the cards")
    assert collection.find_notes(search) == [old]


def test_a_kind_change_keeps_its_new_note_on_later_builds(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": BASIC}), tmp_path / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    (cards / "a.yaml").write_text(CLOZE, encoding="utf-8")
    import_apkg(collection, build_lang(run_cli, cards, out))
    (cards / "a.yaml").write_text(CLOZE.replace("waits [[10]] seconds", "waits [[10]] seconds by default"),
                                  encoding="utf-8")
    build_into(run_cli, cards, out, "--lang", "en")

    log = import_apkg(collection, out / "docker-en.apkg").log

    assert (len(log.updated), len(log.new), len(log.conflicting)) == (1, 0, 0)
    assert len(collection.find_notes('"Id:stop-grace"')) == 2  # the old basic note stays until deleted


def test_a_card_changed_back_to_its_first_kind_finds_its_old_note_again(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": BASIC}), tmp_path / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    review_all(collection)
    old = note_by_id(collection, "stop-grace")
    (cards / "a.yaml").write_text(CLOZE, encoding="utf-8")
    import_apkg(collection, build_lang(run_cli, cards, out))
    (cards / "a.yaml").write_text(BASIC.replace("10 seconds", "10 seconds by default"), encoding="utf-8")
    result = build_into(run_cli, cards, out, "--lang", "en")

    log = import_apkg(collection, out / "docker-en.apkg").log

    assert not log.conflicting and not log.new
    assert "by default" in collection.get_note(old.id)["Back"]
    assert collection.get_note(old.id).cards()[0].reps == 1
    search = _search_after(result.output, "removed from the cards")
    assert [collection.get_note(nid).note_type()["name"] for nid in collection.find_notes(search)] == [
        "dockdeck docker cloze (en)"]
