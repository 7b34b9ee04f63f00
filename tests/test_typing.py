"""Typing cards (``typing: true`` in dockdeck.yaml): the learner types the whole command, and Anki judges it.

Anki is the judge throughout: decks are imported into real collections, the expected answer is
what Anki's reviewer works out for the box (``type_box``), and ``col.compare_answer`` marks it.
"""

from __future__ import annotations

import re

import pytest
from conftest import CONTAINERS, SETTINGS, build_lang, import_apkg, visible_text

from generator.preview.typebox import TYPE_MARKER, as_typed, slip, type_box

CARDS = CONTAINERS + """\
  - id: grace
    cloze: {ko: "기본 [[10]]초", en: "By default [[10]] seconds"}
  - id: ps-format
    command: "docker ps --format 'table {{.Names}}\\\\t{{.Image}}'"
    meaning: {ko: 이름과 이미지만 표로, en: List names and images as a table}
"""

TYPING_ON = SETTINGS % "a.yaml" + "typing: true\n"


def _typing_cards(col) -> list:
    return [col.get_card(cid) for cid in sorted(col.find_cards('"note:dockdeck docker type (en)"'))]


def _answer_all(col) -> None:
    """Review every card due today as a learner would: 'Good'."""
    for cid in col.find_cards("is:new OR is:due"):
        card = col.get_card(cid)
        card.start_timer()
        col.sched.answerCard(card, 3)


def _progress(col) -> dict[int, tuple]:
    """What reviewing left on each card: interval, due, queue, type, reviews, lapses."""
    return {cid: (c.ivl, c.due, c.queue, c.type, c.reps, c.lapses)
            for cid, c in ((cid, col.get_card(cid)) for cid in col.find_cards(""))}


def _note_types(col) -> dict[str, tuple]:
    """What Anki compares to call a note type's notes conflicting: its fields and templates."""
    return {m["name"]: (tuple(f["name"] for f in m["flds"]), tuple((t["qfmt"], t["afmt"]) for t in m["tmpls"]),
                        m["css"]) for m in col.models.all()}


def test_a_deck_without_the_option_has_no_typing_cards(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS})
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    assert not _typing_cards(collection)
    assert not [m for m in collection.models.all() if " type " in m["name"]]


def test_each_command_card_gets_one_typing_card_and_other_cards_none(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS}, settings=TYPING_ON)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    typing = _typing_cards(collection)
    assert sorted(card.note()["Id"] for card in typing) == ["exec-shell/type", "ps-format/type"]
    meanings = {"exec-shell/type": "Open a shell in a running container",
                "ps-format/type": "List names and images as a table"}
    for card in typing:
        assert TYPE_MARKER.search(card.question()), "no answer box on the front"
        assert meanings[card.note()["Id"]] in visible_text(card.question())


def test_a_typing_card_is_new_after_the_other_cards_of_its_command(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS}, settings=TYPING_ON)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    by_due = sorted((collection.get_card(cid) for cid in collection.find_cards("is:new")), key=lambda c: c.due)
    ids = [c.note()["Id"] for c in by_due]
    assert ids.index("exec-shell/type") > max(i for i, key in enumerate(ids) if key.startswith("exec-shell/cloze"))
    assert ids.index("exec-shell/type") > ids.index("exec-shell/recall")
    assert ids.index("exec-shell/type") < ids.index("grace")


def test_the_front_names_the_placeholders_to_write(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS}, settings=TYPING_ON)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    (card,) = [c for c in _typing_cards(collection) if c.note()["Id"] == "exec-shell/type"]
    front = visible_text(card.question())
    assert "Type the command" in front and "Placeholders: <container>" in " ".join(front.split())
    assert "docker exec" not in front, "the front gives the answer away"


def test_turning_typing_on_and_off_again_loses_no_note_and_no_review(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS})
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    _answer_all(collection)
    reviewed, reviews = _progress(collection), collection.db.scalar("select count() from revlog")
    types_before = _note_types(collection)

    # On: the typing cards arrive as notes of a note type of their own; nothing else moves.
    (cards / "dockdeck.yaml").write_text(TYPING_ON, encoding="utf-8")
    log = import_apkg(collection, build_lang(run_cli, cards, out)).log
    assert not log.conflicting and not log.missing_notetype and not log.first_field_match
    assert sorted(n.fields[-1] for n in log.new) == ["exec-shell/type", "ps-format/type"]
    assert len(_typing_cards(collection)) == 2
    assert {cid: p for cid, p in _progress(collection).items() if cid in reviewed} == reviewed
    assert collection.db.scalar("select count() from revlog") == reviews
    assert {name: t for name, t in _note_types(collection).items() if name in types_before} == types_before

    _answer_all(collection)  # the typing cards get reviewed too
    reviewed, reviews = _progress(collection), collection.db.scalar("select count() from revlog")
    notes = collection.note_count()

    # Off again: Anki keeps the typing notes and their history; the build names them as removed.
    (cards / "dockdeck.yaml").write_text(SETTINGS % "a.yaml", encoding="utf-8")
    result = run_cli("build", "--cards", cards, "--out", out, "--lang", "en")
    log = import_apkg(collection, out / "docker-en.apkg").log
    assert not log.conflicting and not log.missing_notetype and not log.new
    assert collection.note_count() == notes
    assert _progress(collection) == reviewed
    assert collection.db.scalar("select count() from revlog") == reviews
    search = result.output.splitlines()[-1].strip()
    assert {collection.get_note(nid)["Id"] for nid in collection.find_notes(search)} == {
        "exec-shell/type", "ps-format/type"}

    # And on once more: the same notes come back to life, with their history, as no new notes.
    (cards / "dockdeck.yaml").write_text(TYPING_ON, encoding="utf-8")
    log = import_apkg(collection, build_lang(run_cli, cards, out)).log
    assert not log.conflicting and not log.new
    assert _progress(collection) == reviewed


def test_the_basic_and_cloze_note_types_are_the_same_with_typing_on_or_off(run_cli, make_cards, tmp_path):
    from anki.collection import Collection

    found = {}
    for name, settings in (("off", SETTINGS % "a.yaml"), ("on", TYPING_ON)):
        cards = make_cards({"a.yaml": CARDS}, settings=settings, folder=name)
        col = Collection(str(tmp_path / f"{name}.anki2"))
        import_apkg(col, build_lang(run_cli, cards, tmp_path / f"dist-{name}"))
        found[name] = {m["id"]: (m["name"], _note_types(col)[m["name"]]) for m in col.models.all()
                       if m["name"].startswith("dockdeck")}
        col.close()
    assert all(found["on"][mid] == kept for mid, kept in found["off"].items())
    assert len(found["on"]) == len(found["off"]) + 1


# The expected answer of every typing card of both Docker decks, as Anki's reviewer works it out.
@pytest.fixture(scope="module")
def real_typing_cards(real_collection, real_build) -> list[tuple]:
    commands = {note.spec.key: note.spec.fields[1].text for built in real_build.langs.values()
                for note in built.notes if note.spec.notetype == "type"}
    found = []
    for cid in sorted(real_collection.find_cards('"note:dockdeck docker type (ko)" OR "note:dockdeck docker type (en)"')):
        card = real_collection.get_card(cid)
        box = type_box(real_collection, card)
        assert box is not None, f"{card.note()['Id']}: no answer box"
        found.append((card.note()["Id"], box.expected, commands[card.note()["Id"]]))
    return found


def test_both_docker_decks_have_a_typing_card_for_every_command_card(real_typing_cards, real_build):
    commands = sum(card.kind == "command" for card in real_build.deck.cards)
    assert commands > 40
    assert len(real_typing_cards) == 2 * commands


def test_every_expected_answer_is_the_command_as_written_in_plain_text(real_typing_cards):
    for key, expected, command in real_typing_cards:
        assert not re.search(r"<[a-zA-Z/!]", expected), f"{key}: HTML in the expected answer: {expected!r}"
        assert "\n" not in expected and "\r" not in expected, key
        assert as_typed(expected) == command, key
        assert all(" " <= ch <= "~" for ch in command), f"{key}: a character a phone keyboard may lack"


def test_every_command_typed_exactly_is_marked_all_correct(real_typing_cards, real_collection):
    for key, expected, _ in real_typing_cards:
        marked = real_collection.compare_answer(expected, as_typed(expected))
        assert "typeGood" in marked and "typeBad" not in marked and "typeMissed" not in marked, (key, marked)


def test_a_one_character_slip_is_marked_wrong_on_every_typing_card(real_typing_cards, real_collection):
    for key, expected, _ in real_typing_cards:
        marked = real_collection.compare_answer(expected, slip(as_typed(expected)))
        assert "typeBad" in marked, (key, marked)


def test_a_go_template_and_quotes_in_a_command_are_typed_as_written(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": CARDS}, settings=TYPING_ON)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    (card,) = [c for c in _typing_cards(collection) if c.note()["Id"] == "ps-format/type"]
    box = type_box(collection, card)
    assert box is not None
    typed = "docker ps --format 'table {{.Names}}\\t{{.Image}}'"
    assert as_typed(box.expected) == typed
    marked = collection.compare_answer(box.expected, typed)
    assert "typeBad" not in marked and "typeMissed" not in marked
    # What an iPhone's Smart Punctuation makes of the quotes is wrong to Anki: the card's script undoes it.
    assert "typeBad" in collection.compare_answer(box.expected, typed.replace("'", "\u2019"))


def test_check_refuses_a_typing_option_that_is_not_true_or_false(run_cli, make_cards):
    result = run_cli("check", "--cards", make_cards({"a.yaml": CARDS}, settings=SETTINGS % "a.yaml" + "typing: yes\n"))
    assert result.exit_code == 1
    assert "dockdeck.yaml:5: typing must be true or false" in result.output


@pytest.mark.parametrize("command,what", [
    ("docker run --name\u00a0web nginx", "U+00A0"),
    ("docker ps --format \u2018{{.ID}}\u2019", "U+2018"),
    ("docker run  nginx", "two spaces"),
    ("docker run\tnginx", "a tab"),
], ids=["no-break space", "curly quote", "two spaces", "tab"])
def test_check_refuses_a_command_nobody_can_type_when_typing_is_on(run_cli, make_cards, command, what):
    topic = f'deck: D\ncards:\n  - id: c\n    command: "{command}"\n    blanks: [docker]\n    meaning: m\n'
    result = run_cli("check", "--cards", make_cards({"a.yaml": topic}, settings=TYPING_ON))
    assert result.exit_code == 1
    assert "a.yaml:4: command has" in result.output and what in result.output


def test_a_command_in_hangul_can_be_typed(run_cli, make_cards):
    topic = 'deck: D\ncards:\n  - id: c\n    command: "echo 안녕"\n    blanks: [echo]\n    meaning: m\n'
    assert run_cli("check", "--cards", make_cards({"a.yaml": topic}, settings=TYPING_ON)).exit_code == 0


def test_the_same_untypable_command_is_fine_when_typing_is_off(run_cli, make_cards):
    topic = 'deck: D\ncards:\n  - id: c\n    command: "docker run  nginx"\n    blanks: [docker]\n    meaning: m\n'
    assert run_cli("check", "--cards", make_cards({"a.yaml": topic})).exit_code == 0


# Which of two equally right forms a typing card asks for: the deck says it once, a card may say otherwise.
HINTED = CONTAINERS + """\
  - id: logs-tail
    command: docker logs --tail 20 <container>
    meaning: {ko: 마지막 20줄만 보기, en: Show only the last 20 lines}
    typing_hint: {ko: "옵션은 긴 형태로", en: "The option in its long form"}
"""
DECK_HINT = TYPING_ON + 'typing_hint: {ko: "가장 짧은 형태로", en: "The shortest form of the command and options"}\n'


def _typing_fronts(run_cli, make_cards, collection, settings: str) -> dict[str, list[str]]:
    cards = make_cards({"a.yaml": HINTED}, settings=settings)
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    return {card.note()["Id"]: [" ".join(line.split()) for line in
                                visible_text(TYPE_MARKER.sub("", card.question())).splitlines() if line.strip()]
            for card in _typing_cards(collection)}


def test_the_decks_typing_hint_is_on_the_front_of_every_typing_card(run_cli, make_cards, collection):
    fronts = _typing_fronts(run_cli, make_cards, collection, DECK_HINT)
    assert fronts["exec-shell/type"] == ["Type the command", "Open a shell in a running container",
                                         "The shortest form of the command and options", "Placeholders: <container>"]


def test_a_cards_own_typing_hint_replaces_the_decks(run_cli, make_cards, collection):
    fronts = _typing_fronts(run_cli, make_cards, collection, DECK_HINT)
    assert fronts["logs-tail/type"] == ["Type the command", "Show only the last 20 lines",
                                        "The option in its long form", "Placeholders: <container>"]


def test_without_a_hint_the_front_has_none(run_cli, make_cards, collection):
    fronts = _typing_fronts(run_cli, make_cards, collection, TYPING_ON)
    assert fronts["exec-shell/type"] == ["Type the command", "Open a shell in a running container",
                                         "Placeholders: <container>"]


def test_a_typing_hint_on_a_card_that_is_not_a_command_is_a_problem(run_cli, make_cards):
    cards = make_cards({"a.yaml": CONTAINERS.replace(
        '    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}\n',
        '    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}\n    typing_hint: "short form"\n')}, settings=TYPING_ON)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "a.yaml:6: 'typing_hint' does not belong on a basic card (it is for command cards)" in result.output


def test_every_typing_card_of_the_docker_deck_says_which_form_it_asks_for(real_collection):
    """Anki compares character by character: `docker image rm` typed for `docker rmi` would be marked wrong."""
    for cid in real_collection.find_cards('"note:dockdeck docker type (en)"'):
        card = real_collection.get_card(cid)
        front = " ".join(visible_text(card.question()).split())
        assert "shortest form" in front or "long form" in front, (card.note()["Id"], front)
