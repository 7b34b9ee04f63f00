"""`dockdeck push` against the real Anki desktop (aqt) with the real AnkiConnect add-on, headless under Xvfb.

One Anki runs for the whole test run (its AnkiConnect wants an API key, as a careful user's does); each test
pushes a deck of its own name, so its note types, notes and decks are its own in the shared collection.
The tests that close Anki or switch its profile get an Anki of their own. Anki is the judge: everything
is read back from the collection through AnkiConnect, never from what push printed. AnkiConnect's
`sync` is never called: in a fresh profile it opens AnkiWeb's login dialog.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anki_desktop
import pytest
from click.testing import CliRunner
from conftest import CONTAINERS, REAL_CARDS, files_in, written
from test_sort_field import sort_field_column, told_apart, type_notes

from generator.ankiconnect import KEY_ENV
from generator.ankiconnect.client import AnkiConnect
from generator.ankiconnect.push import push
from generator.cli import cli
from generator.pipeline import build_deck, package_deck
from generator.problems import ProblemsError

KEY = "dockdeck-test-key"
SHIPPED = Path(__file__).parent / "data" / "shipped"
KINDS = ("basic", "cloze", "type")

MORE = """\
deck: {ko: 이미지, en: Images}
cards:
  - id: image-layers
    front: {ko: 이미지는 무엇으로 이루어지나요?, en: What is an image made of?}
    back: {ko: 읽기 전용 레이어, en: Read-only layers}
"""


@pytest.fixture(scope="session")
def xdisplay() -> Iterator[anki_desktop.Display]:
    problem = anki_desktop.missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    display = anki_desktop.start_display()
    yield display
    anki_desktop.stop_display(display)


@pytest.fixture(scope="session")
def anki(xdisplay) -> Iterator[anki_desktop.Desktop]:
    """The Anki desktop with AnkiConnect, for the whole run, profile "test" open."""
    with anki_desktop.running(xdisplay, api_key=KEY) as desktop:
        yield desktop


@pytest.fixture
def own_anki(xdisplay) -> Iterator[anki_desktop.Desktop]:
    """An Anki of this test's own, with two profiles ("test" open, and "other"), AnkiConnect without a key."""
    with anki_desktop.running(xdisplay, profiles=("test", "other")) as desktop:
        yield desktop


@pytest.fixture(autouse=True)
def api_key(monkeypatch) -> None:
    monkeypatch.setenv(KEY_ENV, KEY)


@pytest.fixture
def name(request) -> str:
    """A deck name of this test's own: its note types, notes and decks are its own in the shared collection."""
    return "t" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]


def settings(name: str, *files: str, typing: bool = False) -> str:
    return (f"name: {name}\nlanguages: [ko, en]\nroot_deck: {{ko: {name} 도커, en: {name} Docker}}\n"
            f"typing: {'true' if typing else 'false'}\nfiles: [{', '.join(files)}]\n")


@pytest.fixture
def cards(make_cards, name) -> Path:
    """A deck of a basic and a command card (with typing) in one topic, and a basic card in another."""
    return make_cards({"a.yaml": CONTAINERS, "b.yaml": MORE}, settings=settings(name, "a.yaml", "b.yaml", typing=True))


def remove_topic_b(cards: Path, name: str) -> None:
    """What removing a card does: its topic file, with its one card, is gone."""
    (cards / "b.yaml").unlink()
    (cards / "dockdeck.yaml").write_text(settings(name, "a.yaml", typing=True), encoding="utf-8")


def move_stop_signal_to_topic_b(cards: Path) -> None:
    """What moving a card to another topic does: stop-signal, out of a.yaml, is now the second card of b.yaml."""
    (cards / "a.yaml").write_text(CONTAINERS.split("  - id: stop-signal")[0] + "  - id: exec-shell"
                                  + CONTAINERS.split("  - id: exec-shell")[1], encoding="utf-8")
    (cards / "b.yaml").write_text(MORE + CONTAINERS.split("cards:\n", 1)[1].split("  - id: exec-shell")[0],
                                  encoding="utf-8")


def sub_deck(cards: Path, key: str, lang: str = "en") -> str:
    """The sub-deck the files say the note ``key`` belongs in."""
    (note,) = [n for n in build_deck(cards).langs[lang].notes if n.spec.key == key]
    return "::".join(note.spec.deck)


def push_cli(run_cli, cards: Path, desktop: anki_desktop.Desktop, *args: str) -> Any:
    return run_cli("push", "--cards", cards, "--url", desktop.url, *args)


def pushed(run_cli, cards: Path, desktop: anki_desktop.Desktop, *args: str) -> str:
    result = push_cli(run_cli, cards, desktop, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def query(name: str, lang: str) -> str:
    return " OR ".join(f'"note:dockdeck {name} {kind} ({lang})"' for kind in KINDS)


def notes(desktop: anki_desktop.Desktop, name: str, lang: str = "en") -> dict[str, list[dict]]:
    """The deck's notes in the collection, by their Id, as AnkiConnect's notesInfo has them."""
    found: dict[str, list[dict]] = {}
    for info in desktop.call("notesInfo", notes=desktop.call("findNotes", query=query(name, lang))):
        found.setdefault(info["fields"]["Id"]["value"], []).append(info)
    return found


def cards_of(desktop: anki_desktop.Desktop, name: str, lang: str = "en") -> list[int]:
    return sorted(desktop.call("findCards", query=query(name, lang)))


def progress(desktop: anki_desktop.Desktop, card_ids: list[int]) -> dict:
    """Each card's scheduling and review history."""
    info = {c["cardId"]: (c["interval"], c["due"], c["reps"], c["type"], c["note"])
            for c in desktop.call("cardsInfo", cards=card_ids)}
    reviews = desktop.call("getReviewsOfCards", cards=card_ids)
    return {cid: (info[cid], reviews[str(cid)]) for cid in card_ids}


def review(desktop: anki_desktop.Desktop, card_ids: list[int]) -> None:
    assert all(desktop.call("answerCards", answers=[{"cardId": cid, "ease": 3} for cid in card_ids]))


def deck_of(desktop: anki_desktop.Desktop, card_ids: list[int]) -> dict[int, str]:
    return {cid: deck for deck, cids in desktop.call("getDecks", cards=card_ids).items() for cid in cids}


def test_push_adds_every_note_of_both_languages_and_reports_it(run_cli, cards, anki, name):
    out = pushed(run_cli, cards, anki)
    assert f"{name}-ko.apkg: 5 notes in Anki: 5 added, 0 updated, 0 unchanged" in out
    assert f"{name}-en.apkg: 5 notes in Anki: 5 added, 0 updated, 0 unchanged" in out
    for lang in ("ko", "en"):
        assert sorted(notes(anki, name, lang)) == ["exec-shell/cloze", "exec-shell/recall", "exec-shell/type",
                                                   "image-layers", "stop-signal"]
    (front,) = anki.call("cardsInfo", cards=[c for n in notes(anki, name)["stop-signal"] for c in n["cards"]])
    assert "Which signal does <code>docker stop</code> send first?" in front["question"]


def test_push_writes_the_same_decks_and_note_times_as_build(run_cli, cards, anki, tmp_path):
    pushed(run_cli, cards, anki)
    via_push = written(cards, cards.parent / "dist")
    (cards / "note-times.json").unlink()
    shutil.rmtree(cards.parent / "dist")
    assert run_cli("build", "--cards", cards).exit_code == 0
    assert written(cards, cards.parent / "dist") == via_push


def test_pushing_the_same_cards_again_reports_every_note_unchanged(run_cli, cards, anki, name):
    pushed(run_cli, cards, anki)
    ids = {key: [n["noteId"] for n in found] for key, found in notes(anki, name).items()}
    out = pushed(run_cli, cards, anki)
    assert f"{name}-en.apkg: 5 notes in Anki: 0 added, 0 updated, 5 unchanged" in out
    assert {key: [n["noteId"] for n in found] for key, found in notes(anki, name).items()} == ids


def test_an_edited_card_pushed_again_is_updated_in_place_and_keeps_its_reviews(run_cli, cards, anki, name):
    pushed(run_cli, cards, anki)
    card_ids = cards_of(anki, name)
    review(anki, card_ids)
    reviewed = progress(anki, card_ids)
    before = notes(anki, name)["stop-signal"]
    (cards / "a.yaml").write_text(CONTAINERS.replace("send first?", "send first to the main process?"), encoding="utf-8")

    out = pushed(run_cli, cards, anki)

    assert f"{name}-en.apkg: 5 notes in Anki: 0 added, 1 updated, 4 unchanged" in out
    assert f"{name}-ko.apkg: 5 notes in Anki: 0 added, 0 updated, 5 unchanged" in out
    (after,) = notes(anki, name)["stop-signal"]  # no duplicate
    assert after["noteId"] == before[0]["noteId"] and after["cards"] == before[0]["cards"]
    assert "send first to the main process?" in after["fields"]["Front"]["value"]
    assert cards_of(anki, name) == card_ids
    assert progress(anki, card_ids) == reviewed
    assert all(len(history) == 1 for _, history in reviewed.values())


def test_a_note_edited_in_anki_after_the_push_is_kept_and_reported(run_cli, cards, anki, name):
    pushed(run_cli, cards, anki)
    (note,) = notes(anki, name)["stop-signal"]
    anki.call("updateNoteFields", note={"id": note["noteId"], "fields": {"Front": "My own question"}})

    out = pushed(run_cli, cards, anki)

    assert f"{name}-en.apkg: 5 notes in Anki: 0 added, 0 updated, 4 unchanged, 1 kept as Anki has them" in out
    assert "Anki kept its own copy of 1 note, because it is newer than the deck's (edited in Anki after the " \
           "deck's version was built): stop-signal" in out
    assert notes(anki, name)["stop-signal"][0]["fields"]["Front"]["value"] == "My own question"


def test_a_removed_card_is_listed_with_the_browser_search_and_stays_in_anki(run_cli, cards, anki, name):
    pushed(run_cli, cards, anki)
    remove_topic_b(cards, name)

    out = pushed(run_cli, cards, anki)

    (search,) = [r.search for r in package_deck(build_deck(cards), cards.parent / "dist").reports if r.lang == "en"]
    assert f"    {search}\n" in out
    assert "  1 note of removed cards is still in Anki: image-layers" in out
    assert "`dockdeck push --delete-removed` deletes them" in out
    # The search finds exactly that note in Anki, and it is still there.
    assert anki.call("findNotes", query=search) == [n["noteId"] for n in notes(anki, name)["image-layers"]]
    # What build lists for the same cards, push listed too.
    built = run_cli("build", "--cards", cards).stdout
    removed_lines = [line for line in built.splitlines() if "removed" in line or line.startswith("    (")]
    assert removed_lines and all(line in out.splitlines() for line in removed_lines)


def test_delete_removed_deletes_the_removed_cards_notes_and_nothing_else(run_cli, make_cards, cards, anki, name):
    # The same card id in another deck, and in the other language of this deck: neither may go.
    neighbour = make_cards({"b.yaml": MORE}, settings=settings(name + "n", "b.yaml"), folder="neighbour")
    pushed(run_cli, neighbour, anki)
    pushed(run_cli, cards, anki)
    kept = {lang: {key for key in notes(anki, name, lang)} for lang in ("ko", "en")}
    review(anki, cards_of(anki, name))
    remove_topic_b(cards, name)

    out = pushed(run_cli, cards, anki, "--lang", "en", "--delete-removed")

    assert "  deleting 1 note of removed cards (1 card, and their review history): image-layers" in out
    assert "  deleted 1 note" in out
    assert set(notes(anki, name, "en")) == kept["en"] - {"image-layers"}
    assert set(notes(anki, name, "ko")) == kept["ko"]
    assert set(notes(anki, name + "n", "en")) == {"image-layers"}
    assert set(notes(anki, name + "n", "ko")) == {"image-layers"}
    # Pushed again, there is nothing left to delete, and nothing else goes.
    out = pushed(run_cli, cards, anki, "--lang", "en", "--delete-removed")
    assert "deleting" not in out
    assert set(notes(anki, name, "en")) == kept["en"] - {"image-layers"}


# stop-signal, a basic card, rewritten as a cloze card under the same id.
AS_CLOZE = CONTAINERS.split("    front:", 1)[0] + '''\
    cloze: {ko: "`docker stop`은 먼저 [[SIGTERM]]을 보낸다.", en: "`docker stop` sends [[SIGTERM]] first."}
''' + "  - id: exec-shell" + CONTAINERS.split("  - id: exec-shell", 1)[1]


def test_a_card_whose_kind_changed_is_pushed_as_a_new_note_and_its_old_note_is_a_removed_one(
        run_cli, cards, anki, name):
    pushed(run_cli, cards, anki, "--lang", "en")
    (old,) = notes(anki, name)["stop-signal"]
    (cards / "a.yaml").write_text(AS_CLOZE, encoding="utf-8")

    out = pushed(run_cli, cards, anki, "--lang", "en")

    assert f"{name}-en.apkg: 5 notes in Anki: 1 added, 0 updated, 4 unchanged\n" in out
    assert "  1 note of removed cards is still in Anki: stop-signal" in out
    out = pushed(run_cli, cards, anki, "--lang", "en", "--delete-removed")
    assert "  deleting 1 note of removed cards (1 card, and their review history): stop-signal" in out
    (new,) = notes(anki, name)["stop-signal"]
    assert new["noteId"] != old["noteId"] and new["modelName"] == f"dockdeck {name} cloze (en)"


def test_a_card_moved_to_another_topic_is_moved_to_that_sub_deck_with_its_reviews(run_cli, make_cards, anki, name):
    cards = make_cards({"a.yaml": CONTAINERS, "b.yaml": MORE}, settings=settings(name, "a.yaml", "b.yaml"))
    pushed(run_cli, cards, anki, "--lang", "en")
    (card,) = [c for n in notes(anki, name)["stop-signal"] for c in n["cards"]]
    review(anki, [card])
    reviewed = progress(anki, [card])
    containers = sub_deck(cards, "stop-signal")
    move_stop_signal_to_topic_b(cards)
    images = sub_deck(cards, "stop-signal")
    assert deck_of(anki, [card]) == {card: containers} and images != containers

    out = pushed(run_cli, cards, anki, "--lang", "en")

    assert "  moved 1 card to the sub-deck the cards say:" in out
    assert f"    stop-signal: {containers} → {images}" in out
    assert deck_of(anki, [card]) == {card: images}
    assert progress(anki, [card]) == reviewed
    assert "  moved " not in pushed(run_cli, cards, anki, "--lang", "en")


def test_a_card_moved_in_anki_by_hand_goes_back_to_the_sub_deck_the_files_say(run_cli, cards, anki, name):
    pushed(run_cli, cards, anki, "--lang", "en")
    (card,) = [c for n in notes(anki, name)["image-layers"] for c in n["cards"]]
    anki.call("changeDeck", cards=[card], deck=f"{name} elsewhere")

    out = pushed(run_cli, cards, anki, "--lang", "en")

    assert f"    image-layers: {name} elsewhere → {sub_deck(cards, 'image-layers')}" in out
    assert deck_of(anki, [card]) == {card: sub_deck(cards, "image-layers")}


def test_a_card_in_a_custom_study_session_stays_there(run_cli, cards, own_anki, xdisplay, monkeypatch, name):
    from anki.collection import Collection

    monkeypatch.delenv(KEY_ENV)
    pushed(run_cli, cards, own_anki, "--lang", "en")
    anki_desktop.stop_anki(own_anki)
    # A filtered deck, as Tools → Create Filtered Deck makes it, of the deck's Images cards.
    col: Any = Collection(str(own_anki.base / anki_desktop.PROFILE / "collection.anki2"))
    try:
        session = col.sched.get_or_create_filtered_deck(deck_id=0)
        session.name = "Cram"
        session.config.search_terms[0].search = f'"deck:{sub_deck(cards, "image-layers")}"'
        col.sched.add_or_update_filtered_deck(session)
    finally:
        col.close()
    anki_desktop.start_anki(own_anki, xdisplay)
    (card,) = [c for n in notes(own_anki, name)["image-layers"] for c in n["cards"]]
    assert deck_of(own_anki, [card]) == {card: "Cram"}

    out = pushed(run_cli, cards, own_anki, "--lang", "en")

    assert "  moved " not in out
    assert deck_of(own_anki, [card]) == {card: "Cram"}


def test_a_changed_style_reaches_anki_through_a_later_push(run_cli, make_cards, anki, name):
    # After the first push, AnkiConnect's import (which merges note types) stamps them with the time of the
    # push, so a style built at an earlier time (here: the tests' fixed build clock) is not newer.
    cards = make_cards({"a.yaml": CONTAINERS, "style.css": ".dd { color: teal; }\n"},
                       settings=settings(name, "a.yaml") + "css: style.css\n")
    pushed(run_cli, cards, anki, "--lang", "en")
    pushed(run_cli, cards, anki, "--lang", "en")
    (cards / "style.css").write_text(".dd { color: olive; }\n", encoding="utf-8")

    out = pushed(run_cli, cards, anki, "--lang", "en")

    for kind in ("basic", "cloze"):
        assert f"  set the templates and style of note type 'dockdeck {name} {kind} (en)' to the deck's" in out
        css = anki.call("modelStyling", modelName=f"dockdeck {name} {kind} (en)")["css"]
        assert "color: olive" in css and "color: teal" not in css
    assert "set the templates" not in pushed(run_cli, cards, anki, "--lang", "en")


@pytest.fixture(scope="module")
def docker_over_shipped(xdisplay, tmp_path_factory) -> Iterator[dict]:
    """The shipped Docker decks (both languages) imported into an Anki of their own and every card reviewed;
    then the current Docker deck pushed over them. What Anki held before and after, read through AnkiConnect,
    and, once Anki was closed, from its collection file."""
    from anki.collection import Collection

    with anki_desktop.running(xdisplay) as desktop:
        for lang in ("ko", "en"):
            assert desktop.call("importPackage", path=str(SHIPPED / f"docker-{lang}.apkg")) is True
        card_ids = {lang: cards_of(desktop, "docker", lang) for lang in ("ko", "en")}
        for lang in ("ko", "en"):
            review(desktop, card_ids[lang])
        before = {lang: (notes(desktop, "docker", lang), progress(desktop, card_ids[lang])) for lang in ("ko", "en")}
        cards = tmp_path_factory.mktemp("docker") / "cards"
        shutil.copytree(REAL_CARDS, cards)
        result = CliRunner().invoke(cli, ["push", "--cards", str(cards), "--url", desktop.url], env={KEY_ENV: None})
        assert result.exit_code == 0, result.output
        after = {lang: (notes(desktop, "docker", lang), progress(desktop, card_ids[lang])) for lang in ("ko", "en")}
        built = build_deck(cards)
        want = {lang: {cid: "::".join(note.spec.deck) for note in built.langs[lang].notes
                       for found in after[lang][0].get(note.spec.key, []) for cid in found["cards"]}
                for lang in ("ko", "en")}
        decks = {lang: deck_of(desktop, sorted(want[lang])) for lang in ("ko", "en")}
        anki_desktop.stop_anki(desktop)
        col: Any = Collection(str(desktop.base / anki_desktop.PROFILE / "collection.anki2"))
        try:
            sort = {lang: sort_field_column(col, col.find_cards(type_notes(lang))) for lang in ("ko", "en")}
        finally:
            col.close()
        yield {"out": result.stdout, "before": before, "after": after, "sort": sort, "built": built, "want": want,
               "decks": decks}


def test_the_docker_deck_pushed_over_the_shipped_decks_updates_every_note_in_place(docker_over_shipped):
    out, built = docker_over_shipped["out"], docker_over_shipped["built"]
    for lang in ("ko", "en"):
        summary = next(line for line in out.splitlines() if line.startswith(f"docker-{lang}.apkg: "))
        assert summary.startswith(f"docker-{lang}.apkg: {len(built.langs[lang].notes)} notes in Anki: ")
        assert "kept" not in summary
        (shipped, _), (now, _) = docker_over_shipped["before"][lang], docker_over_shipped["after"][lang]
        assert all(len(found) == 1 for found in now.values())  # no note twice
        assert {key: [n["noteId"] for n in found] for key, found in now.items() if key in shipped} == \
               {key: [n["noteId"] for n in found] for key, found in shipped.items() if key in now}
    assert "set the templates" not in out


def test_the_docker_deck_pushed_over_the_shipped_decks_puts_every_card_in_the_sub_deck_the_files_say(
        docker_over_shipped):
    assert docker_over_shipped["decks"]["ko"] == docker_over_shipped["want"]["ko"]
    assert docker_over_shipped["decks"]["en"] == docker_over_shipped["want"]["en"]


def test_a_whole_renamed_sub_deck_is_reported_by_deck_not_card_by_card_and_not_as_a_chore(docker_over_shipped):
    out = docker_over_shipped["out"]
    assert any(line.startswith("    Docker::Basics → Docker::01 Basics: ") for line in out.splitlines()), out
    assert not any(line.startswith("    client-sends-to-daemon: ") for line in out.splitlines())
    assert "Change Deck" not in out  # push moved the cards itself


def test_the_docker_deck_pushed_over_the_shipped_decks_keeps_every_review(docker_over_shipped):
    for lang in ("ko", "en"):
        (_, reviewed), (_, now) = docker_over_shipped["before"][lang], docker_over_shipped["after"][lang]
        assert now == reviewed
        assert len(reviewed) > 400 and all(len(history) == 1 for _, history in reviewed.values())


def test_the_docker_deck_pushed_over_the_shipped_decks_tells_the_typing_notes_apart(docker_over_shipped):
    for lang in ("ko", "en"):
        shown = docker_over_shipped["sort"][lang]
        assert len(shown) == sum(card.kind == "command" for card in docker_over_shipped["built"].deck.cards)
        assert told_apart(shown)


def test_push_with_anki_stopped_fails_clearly_after_writing_the_decks(run_cli, cards, name):
    result = run_cli("push", "--cards", cards, "--url", f"http://127.0.0.1:{anki_desktop.free_port()}")

    assert result.exit_code == 1
    assert "nothing answers there" in result.stderr
    assert "is Anki running, with the AnkiConnect add-on?" in result.stderr
    assert "Tools → Add-ons → Get Add-ons…, code 2055492159" in result.stderr
    dist = cards.parent / "dist"
    assert result.stderr.splitlines()[-1].endswith(f"; wrote {dist / name}-ko.apkg and {dist / name}-en.apkg.")
    assert sorted(files_in(cards.parent / "dist")) == [f"{name}-en.apkg", f"{name}-ko.apkg"]
    assert "Traceback" not in result.output


def test_push_without_the_api_key_anki_asks_for_is_refused_clearly(run_cli, cards, anki, monkeypatch, name):
    monkeypatch.delenv(KEY_ENV)
    result = push_cli(run_cli, cards, anki)
    assert result.exit_code == 1
    assert "AnkiConnect wants an API key (pass the apiKey of AnkiConnect's config with --api-key or in " \
           "DOCKDECK_ANKICONNECT_KEY)" in result.stderr
    assert notes(anki, name) == {}


def test_push_with_a_wrong_api_key_is_refused_clearly(run_cli, cards, anki, name):
    result = push_cli(run_cli, cards, anki, "--api-key", "not-the-key")
    assert result.exit_code == 1
    assert "AnkiConnect refused the API key given" in result.stderr
    assert notes(anki, name) == {}


def test_a_url_that_is_not_http_is_a_usage_error(run_cli, cards):
    result = run_cli("push", "--cards", cards, "--url", "file:///etc/passwd")
    assert result.exit_code == 2
    assert "'file:///etc/passwd' is not an http:// or https:// URL" in result.stderr
    assert not (cards.parent / "dist").exists()


class _Server:
    """A real HTTP server on loopback that is not AnkiConnect; it answers every POST with ``reply``."""

    def __init__(self, reply: tuple[int, dict[str, str], bytes]) -> None:
        self.requests: list[bytes] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                server.requests.append(self.rfile.read(int(self.headers["Content-Length"])))
                status, headers, body = reply
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Any]:
    started: list[_Server] = []

    def start(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> _Server:
        started.append(_Server((status, headers or {}, body)))
        return started[-1]

    yield start
    for s in started:
        s.close()


def test_a_port_where_something_else_answers_is_reported_as_not_ankiconnect(run_cli, cards, server):
    web = server(200, b"<html>a web page</html>", {"Content-Type": "text/html"})
    result = run_cli("push", "--cards", cards, "--url", web.url)
    assert result.exit_code == 1
    assert f"{web.url}: something answers there, but not AnkiConnect (not JSON: b'<html>a web page</html>'): " \
           "a wrong port?" in result.stderr
    assert "webBindPort" in result.stderr


@pytest.mark.parametrize("reply", [{"result": 5, "error": None}, 4])
def test_an_ankiconnect_older_than_version_6_is_refused_with_the_version_needed(run_cli, cards, server, reply):
    # The one stand-in of these tests: no old AnkiConnect is to be had here, so a loopback server answers
    # `version` as one would (before version 5, with the bare number).
    old = server(200, json.dumps(reply).encode())
    result = run_cli("push", "--cards", cards, "--url", old.url)
    assert result.exit_code == 1
    version = reply["result"] if isinstance(reply, dict) else reply
    assert f"AnkiConnect answers with API version {version}; dockdeck push needs version 6 or later (update it in " \
           "Anki: Tools → Add-ons, select AnkiConnect, Check for Updates, then restart Anki)" in result.stderr
    assert [json.loads(r)["action"] for r in old.requests] == ["version"]


def test_a_redirect_is_not_followed(run_cli, cards, server):
    elsewhere = server(200, json.dumps({"result": 6, "error": None}).encode())
    redirecting = server(307, b"", {"Location": elsewhere.url})
    result = run_cli("push", "--cards", cards, "--url", redirecting.url)
    assert result.exit_code == 1
    assert f"the address redirects (307 to {elsewhere.url}); dockdeck push talks only to the URL you give" in result.stderr
    assert elsewhere.requests == []


def test_a_proxy_in_the_environment_sees_nothing(run_cli, cards, anki, server, monkeypatch, name):
    proxy = server(502, b"")
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(variable, proxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    pushed(run_cli, cards, anki, "--lang", "en")
    assert proxy.requests == []
    assert "stop-signal" in notes(anki, name)


def _build_and_write(cards: Path) -> Any:
    """The deck built and written by `dockdeck build`, and what a push of it is given."""
    result = CliRunner().invoke(cli, ["build", "--cards", str(cards)])
    assert result.exit_code == 0, result.output
    deck = build_deck(cards)
    return deck, package_deck(deck, cards.parent / "dist").reports


def test_anki_closed_mid_push_leaves_the_deck_files_and_the_next_push_finishes(cards, own_anki, xdisplay, name):
    deck, reports = _build_and_write(cards)

    def close_anki_after_the_first_language(line: str) -> None:
        if line.startswith(f"{name}-ko.apkg: "):
            anki_desktop.stop_anki(own_anki)

    with pytest.raises(ProblemsError) as stopped:
        push(deck, reports, AnkiConnect(own_anki.url), say=close_anki_after_the_first_language)

    (problem,) = stopped.value.problems
    assert problem.message.startswith("Anki stopped answering while ")
    assert "run `dockdeck push` again, which finishes the job" in problem.hint
    dist = cards.parent / "dist"
    assert stopped.value.written == f"wrote {dist / name}-ko.apkg and {dist / name}-en.apkg"
    assert sorted(files_in(cards.parent / "dist")) == [f"{name}-en.apkg", f"{name}-ko.apkg"]

    anki_desktop.start_anki(own_anki, xdisplay)
    assert len(notes(own_anki, name, "ko")) == 5 and notes(own_anki, name, "en") == {}
    lines: list[str] = []
    push(deck, reports, AnkiConnect(own_anki.url), say=lines.append)
    assert f"{name}-ko.apkg: 5 notes in Anki: 0 added, 0 updated, 5 unchanged" in lines
    assert f"{name}-en.apkg: 5 notes in Anki: 5 added, 0 updated, 0 unchanged" in lines


def test_a_profile_switched_during_the_push_stops_it(cards, own_anki, name):
    deck, reports = _build_and_write(cards)

    def switch_profile_after_the_first_language(line: str) -> None:
        if line.startswith(f"{name}-ko.apkg: "):
            assert own_anki.call("loadProfile", name="other") is True

    with pytest.raises(ProblemsError) as switched:
        push(deck, reports, AnkiConnect(own_anki.url), say=switch_profile_after_the_first_language)

    (problem,) = switched.value.problems
    assert problem.message.startswith("Anki switched from profile 'test' to 'other' during the push, while ")
    assert problem.hint.startswith("open 'test' again and run `dockdeck push` again")
    # Nothing of the deck reached the other profile.
    assert own_anki.call("findNotes", query=f"{query(name, 'ko')} OR {query(name, 'en')}") == []
    assert own_anki.call("loadProfile", name="test") is True
    assert len(notes(own_anki, name, "ko")) == 5 and notes(own_anki, name, "en") == {}


# -- a renamed sub-deck (newcomer trial 1 and 18) --------------------------------------------------------

def test_a_renamed_sub_deck_keeps_an_edit_made_in_anki_and_its_cards_move(run_cli, make_cards, anki, name,
                                                                         monkeypatch):
    cards = make_cards({"a.yaml": CONTAINERS}, settings=settings(name, "a.yaml"))
    pushed(run_cli, cards, anki, "--lang", "en")
    (note,) = notes(anki, name)["stop-signal"]
    anki.call("updateNoteFields", note={"id": note["noteId"], "fields": {"Extra": "my own note"}})
    old = sub_deck(cards, "stop-signal")
    (cards / "a.yaml").write_text(CONTAINERS.replace("en: Containers", "en: Running containers"), encoding="utf-8")
    new = sub_deck(cards, "stop-signal")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))  # the rebuild comes after the edit

    out = pushed(run_cli, cards, anki, "--lang", "en")

    assert "0 updated" in out and "1 kept as Anki has them" in out, out
    assert notes(anki, name)["stop-signal"][0]["fields"]["Extra"]["value"] == "my own note"
    assert set(deck_of(anki, cards_of(anki, name)).values()) == {new}
    assert f"  {old} has no cards left: delete it in Anki's deck list (the gear beside it → Delete)" in out, out


def test_a_sub_deck_that_still_holds_cards_is_not_called_empty(run_cli, make_cards, anki, name):
    cards = make_cards({"a.yaml": CONTAINERS, "b.yaml": MORE}, settings=settings(name, "a.yaml", "b.yaml"))
    pushed(run_cli, cards, anki, "--lang", "en")
    move_stop_signal_to_topic_b(cards)
    out = pushed(run_cli, cards, anki, "--lang", "en")
    assert "  moved 1 card" in out and "has no cards left" not in out, out
