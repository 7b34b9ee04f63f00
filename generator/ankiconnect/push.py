"""``dockdeck push``: the decks a build wrote, imported into the running Anki, and what Anki did, read back.

Anki's own import does the work: AnkiConnect's ``importPackage`` is *File → Import* with note types
merged, so notes are matched by GUID, a note is updated in place when the deck's copy is newer than
Anki's, and review history stays. What the push reports is read from the collection, never assumed:
the notes of the deck's note types before and after the import, compared field by field with what
the files say.

Three things an import does not do, the push finishes through AnkiConnect:

- it never moves an existing card to another deck: each card not in the sub-deck the files say is
  moved there;
- with note types merged, Anki stamps the deck's note types with the time of the import, so the
  templates and style of a deck built before that are not newer and would stay out: the push sets
  them to the deck's;
- it never deletes a note: with ``delete_removed``, the notes of the cards that left the sources are
  deleted (by note type and Id, this deck and language only), after they are listed.

Which profile is open is read with every request (AnkiConnect names its media folder), so a profile
switched during the push stops it at its next request.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output.notetypes import NoteType, note_types
from ..output.removed import deck_search
from ..pipeline import DeckBuild, LangBuild
from ..problems import Problem, ProblemsError
from ..report import LangReport, plural
from . import DEFAULT_URL, KEY_ENV
from .client import API_VERSION, IMPORT_TIMEOUT, TIMEOUT, AnkiConnect, AnkiConnectError, Failure

INSTALL = "install it in Anki: Tools → Add-ons → Get Add-ons…, code 2055492159, then restart Anki"
UPDATE = "update it in Anki: Tools → Add-ons, select AnkiConnect, Check for Updates, then restart Anki"
AGAIN = "the deck files are written: start Anki and run `dockdeck push` again, which finishes the job"
WRONG_PORT = f"pass AnkiConnect's address with --url: webBindAddress and webBindPort of its config, {DEFAULT_URL} by default"


@dataclass(frozen=True)
class AnkiNote:
    """A note as the collection holds it: what ``notesInfo`` says of it."""

    id: int
    key: str  # the Id field
    fields: dict[str, str]
    tags: frozenset[str]
    cards: tuple[int, ...]


@dataclass(frozen=True)
class Move:
    key: str
    cards: int
    source: str
    target: str


class _Anki:
    """The running Anki, through AnkiConnect, in the profile that was open when the push began."""

    def __init__(self, client: AnkiConnect) -> None:
        self.client = client
        self.profile = ""  # the profile's media folder
        self.step = "connecting"

    def start(self) -> None:
        version = self.client.version()
        if version < API_VERSION:
            raise ProblemsError([Problem(self.client.url, 0, f"AnkiConnect answers with API version {version}; "
                                         f"dockdeck push needs version {API_VERSION} or later", UPDATE)])
        self.profile = self.client.call("getMediaDirPath")

    def read(self, action: str, **params: Any) -> Any:
        return self.batch([(action, params)])[0]

    def batch(self, calls: list[tuple[str, dict[str, Any]]], timeout: float = TIMEOUT) -> list[Any]:
        """The results of ``calls``, run by Anki one after the other right after it names the open profile."""
        folder, *results = self.client.multi([("getMediaDirPath", {}), *calls], timeout)
        if folder != self.profile:
            raise ProblemsError([Problem(self.client.url, 0, f"Anki switched from profile {_name(self.profile)} to "
                                         f"{_name(folder)} during the push, while {self.step}",
                                         f"open {_name(self.profile)} again and run `dockdeck push` again; "
                                         "the deck files are written")])
        return results


def _name(media_folder: str) -> str:
    return repr(Path(media_folder).parent.name)


def push(build: DeckBuild, reports: list[LangReport], client: AnkiConnect, delete_removed: bool = False,
         sync: bool = False, say: Callable[[str], None] = lambda line: None) -> None:
    """Import each language's ``.apkg`` (already written, as ``reports`` say) into the running Anki, and
    finish what the import cannot do; ``say`` hears each line of the report as it happens. Raises
    ``ProblemsError`` when Anki cannot be reached or a step fails: what was done stays done."""
    anki = _Anki(client)
    written = "wrote " + " and ".join(report.file for report in reports)
    try:
        anki.start()
        say(f"pushing into Anki at {client.url}, profile {_name(anki.profile)}")
        lost = {report.file: _push_lang(anki, build.langs[report.lang], report, build.deck.settings.name,
                                        delete_removed, say) for report in reports}
        missing = [Problem(file, 0, f"{plural(len(keys), 'note')} of the file did not reach Anki: "
                           + ", ".join(keys), "run `dockdeck push` again; if they stay out, import the "
                           "file with File → Import and see what Anki says")
                   for file, keys in lost.items() if keys]
        if missing:
            raise ProblemsError(missing)
        if sync:
            anki.step = "asking Anki to sync"
            anki.read("sync")
            say("asked Anki to sync with AnkiWeb: it syncs in the background (see Anki's window)")
    except AnkiConnectError as err:
        raise ProblemsError([_problem(err, anki)], written=written) from None
    except ProblemsError as err:
        raise ProblemsError(err.problems, written=written) from None


def _problem(err: AnkiConnectError, anki: _Anki) -> Problem:
    """What went wrong, and what to do about it."""
    url = anki.client.url
    started = bool(anki.profile)
    if err.failure in (Failure.UNREACHABLE, Failure.CLOSED) and started:
        return Problem(url, 0, f"Anki stopped answering while {anki.step} ({err.detail})", AGAIN)
    if err.failure is Failure.UNREACHABLE:
        return Problem(url, 0, f"nothing answers there ({err.detail}): is Anki running, with the AnkiConnect add-on?",
                       f"start Anki; without AnkiConnect, {INSTALL}. If AnkiConnect listens on another port "
                       "(webBindPort in its config: Tools → Add-ons → AnkiConnect → Config), pass it with --url")
    if err.failure is Failure.CLOSED:
        return Problem(url, 0, f"the connection closed without an answer ({err.detail}): this is not AnkiConnect",
                       WRONG_PORT)
    if err.failure is Failure.TIMEOUT:
        return Problem(url, 0, f"Anki did not answer while {anki.step} ({err.detail})",
                       "is a dialog open in Anki, or is it syncing? Close it and run `dockdeck push` again; "
                       "the deck files are written")
    if err.failure is Failure.NOT_ANKICONNECT:
        return Problem(url, 0, f"something answers there, but not AnkiConnect ({err.detail}): a wrong port?",
                       WRONG_PORT)
    if err.failure is Failure.REDIRECT:
        return Problem(url, 0, f"the address redirects ({err.detail}); dockdeck push talks only to the URL you give",
                       "pass AnkiConnect's own address with --url")
    if err.detail == "valid api key must be provided":
        given = anki.client.key is not None
        return Problem(url, 0, "AnkiConnect refused the API key given" if given else "AnkiConnect wants an API key",
                       f"pass the apiKey of AnkiConnect's config with --api-key or in {KEY_ENV}"
                       + ("; if its config sets none, give none" if given else ""))
    if err.detail == "unsupported action":
        return Problem(url, 0, f"AnkiConnect does not know the action {err.action}: it is older than dockdeck push needs",
                       UPDATE)
    if err.detail == "collection is not available":
        return Problem(url, 0, f"Anki has no profile open while {anki.step}",
                       "open your profile in Anki and run `dockdeck push` again; the deck files are written")
    return Problem(url, 0, f"AnkiConnect's {err.action} failed while {anki.step}: {err.detail}")


def _notes(anki: _Anki, types: dict[str, NoteType]) -> dict[tuple[str, str], list[AnkiNote]]:
    """The notes of these note types, by their Id field and the kind of their note type: a card whose kind
    changed has a note of each kind under one Id (``output/notes.py``)."""
    kinds = list(types)
    found_ids = anki.batch([("findNotes", {"query": f"mid:{types[kind].id}"}) for kind in kinds])
    kind_of = {nid: kind for kind, ids in zip(kinds, found_ids, strict=True) for nid in ids}
    found: dict[tuple[str, str], list[AnkiNote]] = {}
    for info in anki.read("notesInfo", notes=list(kind_of)):
        fields = {name: value["value"] for name, value in info.get("fields", {}).items()}
        if "Id" in fields:
            found.setdefault((fields["Id"], kind_of[int(info["noteId"])]), []).append(AnkiNote(
                int(info["noteId"]), fields["Id"], fields, frozenset(tag.casefold() for tag in info["tags"]),
                tuple(info["cards"])))
    return found


def _removed_notes(notes: dict[tuple[str, str], list[AnkiNote]], keys: list[str], kinds: list[str]) -> list[AnkiNote]:
    """The notes of the removed notes' ``keys``: a card's old note after its kind changed ("id~basic") is the
    note of that kind with the card's Id; any other is every note with its Id."""
    gone: dict[int, AnkiNote] = {}
    for key in keys:
        card, _, kind = key.partition("~")
        for k in [kind] if kind else kinds:
            gone.update((note.id, note) for note in notes.get((card, k), []))
    return list(gone.values())


def _push_lang(anki: _Anki, built: LangBuild, report: LangReport, deck_name: str, delete_removed: bool,
               say: Callable[[str], None]) -> list[str]:
    """Push one language's deck, saying what Anki did, read back from the collection; the notes of the file
    that are not in the collection after the import."""
    name = Path(report.file).name
    # Every note type the deck and language ever had, typing included: removed notes may be typing notes.
    types = note_types(deck_name, built.lang, typing=True)

    anki.step = f"reading the notes of {name} in the collection"
    before = _notes(anki, types)
    anki.step = f"importing {name}"
    (imported,) = anki.batch([("importPackage", {"path": str(Path(report.file).resolve())})], timeout=IMPORT_TIMEOUT)
    if imported is not True:
        raise ProblemsError([Problem(report.file, 0, "Anki did not import it (it has no collection open)",
                                     "open your profile in Anki and run `dockdeck push` again")])
    anki.step = f"reading the notes of {name} back"
    after = _notes(anki, types)

    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []  # Anki kept its own, newer copy
    missing: list[str] = []  # not in the collection after the import
    for note in built.notes:
        key, mine = note.spec.key, (note.spec.key, note.spec.notetype)
        want = _expected(note.fields, built.types[note.spec.notetype], note.spec.tags)
        now = after.get(mine, [])
        if not now:
            missing.append(key)
        elif not all(_holds(n, want) for n in now):
            kept.append(key)
        elif mine not in before:
            added.append(key)
        elif all(_holds(n, want) for n in before[mine]):
            unchanged.append(key)
        else:
            updated.append(key)
    say(f"{name}: {plural(len(built.notes), 'note')} in Anki: {len(added)} added, {len(updated)} updated, "
        f"{len(unchanged)} unchanged" + (f", {len(kept)} kept as Anki has them" if kept else ""))
    if kept:
        say(f"  Anki kept its own copy of {plural(len(kept), 'note')}, because it is newer than the deck's "
            "(edited in Anki after the deck's version was built): " + ", ".join(kept))
        say("    to replace Anki's copy with the deck's, change the card in the cards folder and push again")

    anki.step = f"setting the note types of {name}"
    used = {note.spec.notetype for note in built.notes}  # the file holds only these
    restyled = _set_note_types(anki, [t for kind, t in built.types.items() if kind in used])
    for notetype in restyled:
        say(f"  set the templates and style of note type {notetype!r} to the deck's (the import kept Anki's copy)")

    anki.step = f"moving the cards of {name} to their sub-decks"
    moved = _move_cards(anki, built, after)
    if moved:
        say(f"  moved {plural(sum(m.cards for m in moved), 'card')} to the sub-deck the cards say:")
        for line in _move_lines(moved):
            say(line)
        for deck in _left_empty(anki, moved):
            say(f"  {deck} has no cards left: delete it in Anki's deck list (the gear beside it → Delete) "
                "if you do not keep cards of your own there")

    gone = _removed_notes(after, report.removed, list(types))
    removed = sorted({note.key for note in gone})
    if gone and delete_removed:
        cards = sum(len(note.cards) for note in gone)
        say(f"  deleting {plural(len(gone), 'note')} of removed cards ({plural(cards, 'card')}, and their review "
            "history): " + ", ".join(removed))
        anki.step = f"deleting the notes of cards removed from {name}"
        ids = [note.id for note in gone]
        anki.batch([("deleteNotes", {"notes": ids})])
        left = anki.read("findNotes", query="nid:" + ",".join(map(str, ids)))
        say(f"  deleted {plural(len(gone) - len(left), 'note')}")
    elif gone:
        say(f"  {plural(len(gone), 'note')} of removed cards {'is' if len(gone) == 1 else 'are'} still in Anki: "
            + ", ".join(removed))
        say("    `dockdeck push --delete-removed` deletes them, with their review history")
    return missing


def _expected(fields: tuple[str, ...], notetype: NoteType, tags: tuple[str, ...]) -> tuple[dict[str, str], frozenset[str]]:
    # Anki stores text in Unicode's composed form (NFC), and a tag with the case of one it already has.
    return ({name: unicodedata.normalize("NFC", value) for name, value in zip(notetype.fields, fields, strict=True)},
            frozenset(tag.casefold() for tag in tags))


def _holds(note: AnkiNote, want: tuple[dict[str, str], frozenset[str]]) -> bool:
    """Whether the collection's note has the deck's fields and tags (fields the person added in Anki aside)."""
    fields, tags = want
    return all(note.fields.get(name) == value for name, value in fields.items()) and note.tags == tags


def _set_note_types(anki: _Anki, types: list[NoteType]) -> list[str]:
    """Give the deck's note types in the collection the deck's templates and style where the import did not;
    the names of those it set."""
    names = {mid: name for name, mid in anki.read("modelNamesAndIds").items()}
    set_ = []
    for t in types:
        name = names.get(t.id)
        if name is None:
            raise ProblemsError([Problem(anki.client.url, 0, f"note type {t.name!r} is not in the collection after "
                                         "the import", "run `dockdeck push` again")])
        want = {"Front": t.qfmt, "Back": t.afmt}
        templates, styling = anki.batch([("modelTemplates", {"modelName": name}), ("modelStyling", {"modelName": name})])
        if templates.get(t.template) == want and styling.get("css") == t.css:
            continue
        anki.batch([("updateModelTemplates", {"model": {"name": name, "templates": {t.template: want}}}),
                    ("updateModelStyling", {"model": {"name": name, "css": t.css}})])
        templates, styling = anki.batch([("modelTemplates", {"modelName": name}), ("modelStyling", {"modelName": name})])
        if templates.get(t.template) != want or styling.get("css") != t.css:
            raise ProblemsError([Problem(anki.client.url, 0, f"note type {name!r} kept other templates or style "
                                         "after AnkiConnect set them", "run `dockdeck push` again")])
        set_.append(name)
    return set_


def _move_cards(anki: _Anki, built: LangBuild, after: dict[tuple[str, str], list[AnkiNote]]) -> list[Move]:
    """Move every card of the deck that is not in the sub-deck the files say; the moves, read back."""
    target: dict[int, str] = {}
    key_of: dict[int, str] = {}
    for note in built.notes:
        for anki_note in after.get((note.spec.key, note.spec.notetype), []):
            for cid in anki_note.cards:
                target[cid] = "::".join(note.spec.deck)
                key_of[cid] = note.spec.key
    if not target:
        return []
    where = {cid: deck for deck, cids in anki.read("getDecks", cards=sorted(target)).items() for cid in cids}
    wrong = {cid for cid, deck in target.items() if where.get(cid) != deck}
    if not wrong:
        return []
    # A card in a filtered deck (a custom study session) shows as in that deck; where it belongs is its home
    # deck, which a did: search finds too. One at home stays in the session; moving it would end that.
    studied = wrong & set(anki.read("findCards", query="deck:filtered"))
    if studied:
        ids = anki.read("deckNamesAndIds")
        for deck in {target[cid] for cid in studied if target[cid] in ids}:
            wrong -= studied & set(anki.read("findCards", query=f"did:{ids[deck]}"))
    to_move = sorted(wrong)
    if not to_move:
        return []
    by_target: dict[str, list[int]] = {}
    for cid in to_move:
        by_target.setdefault(target[cid], []).append(cid)
    anki.batch([("changeDeck", {"cards": cids, "deck": deck}) for deck, cids in sorted(by_target.items())])
    now = {cid: deck for deck, cids in anki.read("getDecks", cards=to_move).items() for cid in cids}
    stuck = [key_of[cid] for cid in to_move if now.get(cid) != target[cid]]
    if stuck:
        raise ProblemsError([Problem(anki.client.url, 0, f"{plural(len(stuck), 'card')} stayed out of their sub-deck "
                                     "after AnkiConnect moved them: " + ", ".join(sorted(set(stuck))),
                                     "run `dockdeck push` again")])
    moves: dict[tuple[str, str, str], int] = {}
    for cid in to_move:
        move = (key_of[cid], where.get(cid, "?"), target[cid])
        moves[move] = moves.get(move, 0) + 1
    return [Move(key, count, source, dest) for (key, source, dest), count in sorted(moves.items())]


# Up to this many moved notes are named one a line; more (a renamed sub-deck) are counted by deck.
_NAMED_MOVES = 10


def _left_empty(anki: _Anki, moved: list[Move]) -> list[str]:
    """The decks the cards were moved out of that hold no card now (as a renamed sub-deck's old name):
    Anki keeps an empty deck, and push deletes no deck, which could hold the learner's own cards later."""
    return [deck for deck in sorted({move.source for move in moved if move.source != "?"})
            if not anki.read("findCards", query=deck_search(deck))]


def _move_lines(moved: list[Move]) -> list[str]:
    if len(moved) <= _NAMED_MOVES:
        return [f"    {move.key}: {move.source} → {move.target}" for move in moved]
    by_decks: dict[tuple[str, str], list[Move]] = {}
    for move in moved:
        by_decks.setdefault((move.source, move.target), []).append(move)
    return [f"    {source} → {target}: {plural(len(notes), 'note')} ({plural(sum(m.cards for m in notes), 'card')})"
            for (source, target), notes in by_decks.items()]
