"""`add` into a topic that `new` started: the "none yet" note on `cards:` goes with the first card."""

from __future__ import annotations


def test_add_takes_the_none_yet_note_off_the_cards_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: []\n"})
    assert run_cli("new", "--cards", cards, "networks").exit_code == 0
    before = (cards / "networks.yaml").read_text(encoding="utf-8")
    assert "cards:   # none yet\n" in before
    result = run_cli("add", "--cards", cards, "networks", "--command", "docker network ls",
                     "--meaning-en", "List networks", "--meaning-ko", "네트워크 목록 보기")
    assert result.exit_code == 0, result.output
    after = (cards / "networks.yaml").read_text(encoding="utf-8")
    assert "none yet" not in after
    assert after.startswith(before.split("cards:   # none yet\n")[0] + "cards:\n")
    assert run_cli("check", "--cards", cards).exit_code == 0


def test_add_leaves_a_comment_of_the_author_s_own_on_the_cards_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:   # none yet, more soon\n"})
    result = run_cli("add", "--cards", cards, "a", "--command", "docker network ls",
                     "--meaning-en", "List networks", "--meaning-ko", "네트워크 목록 보기")
    assert result.exit_code == 0, result.output
    assert "cards:   # none yet, more soon\n" in (cards / "a.yaml").read_text(encoding="utf-8")
