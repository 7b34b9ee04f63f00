"""A blank keeps its Anki card: the card a learner reviewed for `--oneline` hides `--oneline` after any
edit that keeps that blank, however blanks are added, removed or reordered around it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import build_into, build_lang, cards_of, hidden, import_apkg, visible_text

GIT_LOG = """\
deck: {ko: 깃, en: Git}
cards:
  - id: git-graph
    command: %s
    meaning: {ko: 모든 브랜치를 그래프로 보기, en: Show every branch as a graph}
"""

EXPLICIT = """\
deck: {ko: 깃, en: Git}
cards:
  - id: git-graph
    command: git log --decorate --oneline --graph --all
    blanks: %s
    meaning: {ko: 모든 브랜치를 그래프로 보기, en: Show every branch as a graph}
"""

CLOZE = """\
deck: {ko: 깃, en: Git}
cards:
  - id: three-trees
    cloze: {ko: "%s", en: "%s"}
"""


def review(col: Any, card: Any) -> None:
    card.start_timer()
    col.sched.answerCard(card, 3)


def rebuild(run_cli: Any, cards: Path, file: str, text: str, col: Any) -> Any:
    (cards / file).write_text(text, encoding="utf-8")
    return import_apkg(col, build_lang(run_cli, cards, cards.parent / "dist"))


def test_a_reviewed_default_blank_keeps_its_card_when_a_blank_is_inserted_before_it(run_cli, make_cards, collection):
    cards = make_cards({"git.yaml": GIT_LOG % "git log --oneline --graph --all"})
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    oneline = cards_of(collection, "git-graph/cloze")["--oneline"]
    review(collection, oneline)
    reviewed = collection.get_card(oneline.id)

    log = rebuild(run_cli, cards, "git.yaml", GIT_LOG % "git log --decorate --oneline --graph --all", collection)

    assert not log.log.conflicting
    after = collection.get_card(oneline.id)
    assert hidden(after) == "--oneline"
    assert (after.reps, after.ivl, after.due, after.type) == (reviewed.reps, reviewed.ivl, reviewed.due, reviewed.type)
    assert collection.db.scalar("select count() from revlog where cid = ?", oneline.id) == 1
    assert sorted(cards_of(collection, "git-graph/cloze")) == ["--all", "--decorate", "--graph", "--oneline"]
    assert cards_of(collection, "git-graph/cloze")["--decorate"].type == 0  # the new blank is a new card


def test_explicit_blanks_keep_their_cards_when_reordered(run_cli, make_cards, collection):
    cards = make_cards({"git.yaml": EXPLICIT % '["--oneline", "--graph"]'})
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    before = {text: card.id for text, card in cards_of(collection, "git-graph/cloze").items()}
    review(collection, collection.get_card(before["--graph"]))

    rebuild(run_cli, cards, "git.yaml", EXPLICIT % '["--graph", "--all", "--oneline"]', collection)

    after = cards_of(collection, "git-graph/cloze")
    assert {text: after[text].id for text in before} == before
    assert after["--graph"].reps == 1
    assert "--all" in after


def test_a_removed_blank_is_reported_with_a_search_for_its_now_empty_card(run_cli, make_cards, collection):
    cards = make_cards({"git.yaml": EXPLICIT % '["--decorate", "--oneline", "--graph"]'})
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out))
    gone = cards_of(collection, "git-graph/cloze")["--oneline"].id
    (cards / "git.yaml").write_text(EXPLICIT % '["--decorate", "--graph"]', encoding="utf-8")

    result = build_into(run_cli, cards, out, "--lang", "en")
    import_apkg(collection, out / "docker-en.apkg")

    lines = result.output.splitlines()
    (i,) = [i for i, line in enumerate(lines) if line.strip().startswith("blanks removed")]
    assert "git-graph" in lines[i] and "--oneline" in lines[i]
    assert "Tools → Empty Cards" in lines[i]
    search = lines[i + 1].strip()
    assert collection.find_cards(search) == [gone]
    # What Anki itself calls empty: the same card, and no other.
    empty = collection.get_empty_cards()
    assert [cid for note in empty.notes for cid in note.card_ids] == [gone]
    assert hidden(collection.get_card(cards_of(collection, "git-graph/cloze")["--graph"].id)) == "--graph"


def test_a_blank_that_comes_back_gets_its_own_card_back(run_cli, make_cards, collection):
    cards = make_cards({"git.yaml": EXPLICIT % '["--oneline", "--graph"]'})
    import_apkg(collection, build_lang(run_cli, cards, cards.parent / "dist"))
    oneline = cards_of(collection, "git-graph/cloze")["--oneline"].id
    rebuild(run_cli, cards, "git.yaml", EXPLICIT % '["--graph"]', collection)
    rebuild(run_cli, cards, "git.yaml", EXPLICIT % '["--all", "--graph", "--oneline"]', collection)
    after = cards_of(collection, "git-graph/cloze")
    assert after["--oneline"].id == oneline
    assert len(collection.find_cards('"Id:git-graph/cloze"')) == 3


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_cloze_deletion_keeps_its_card_when_one_is_added_before_it(run_cli, make_cards, collection, lang):
    ko, en = "[[작업 트리]]와 [[스테이징 영역]]", "the [[working tree]] and the [[staging area]]"
    cards = make_cards({"git.yaml": CLOZE % (ko, en)})
    out = cards.parent / "dist"
    import_apkg(collection, build_lang(run_cli, cards, out, lang))
    word = {"ko": "스테이징 영역", "en": "staging area"}[lang]
    staged = cards_of(collection, "three-trees")[word]
    review(collection, staged)

    (cards / "git.yaml").write_text(CLOZE % ("[[HEAD]], " + ko, "[[HEAD]], " + en), encoding="utf-8")
    import_apkg(collection, build_lang(run_cli, cards, out, lang))

    after = cards_of(collection, "three-trees")
    assert after[word].id == staged.id and after[word].reps == 1
    assert set(after) == {"HEAD", word, {"ko": "작업 트리", "en": "working tree"}[lang]}
    assert "HEAD" in visible_text(after[word].question())  # the new deletion shows on the older card


def test_build_reports_nothing_about_blanks_when_only_other_text_changes(run_cli, make_cards):
    cards = make_cards({"git.yaml": GIT_LOG % "git log --oneline --graph --all"})
    out = cards.parent / "dist"
    build_into(run_cli, cards, out)
    (cards / "git.yaml").write_text((GIT_LOG % "git log --oneline --graph --all").replace("as a graph", "as a tree"),
                                    encoding="utf-8")
    assert "blank" not in build_into(run_cli, cards, out).output
