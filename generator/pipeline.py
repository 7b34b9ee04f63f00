"""The one pipeline every command shares: load, validate, expand and render once; package for ``build``.

``build_deck`` runs the stages up to rendered notes; ``check`` stops there, ``stats`` and ``preview``
read its result, and ``package_deck`` turns it into the files a build writes. Each stage reports
every problem it finds; a stage that finds any raises ``ProblemsError`` with all of them.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from .output.entries import Entry
from .output.import_gaps import import_gaps
from .output.manifest import (
    Manifest,
    Reset,
    build_time,
    check_tick,
    content_hash,
    legacy_path,
    next_tick,
    read_manifest,
    recorded_time,
    reset_clock,
    state_path,
)
from .output.notes import expand
from .output.notetypes import NoteType, note_types
from .output.package import build_apkg
from .output.removed import notes_search
from .output.render import RenderedNote, render_description, render_notes
from .output.stamping import Stamped, stamp
from .problems import Problem, ProblemsError
from .project import display_path, input_problem
from .report import LangReport, plural
from .sources.deck import Card, Deck
from .sources.deck_warnings import settings_warnings, shared_root_warnings
from .sources.format import KIND_KEYS
from .sources.labels import labels_for
from .sources.media import MediaStore
from .sources.read import read_cards
from .sources.todos import find_unfinished


@dataclass(frozen=True)
class LangBuild:
    """One language's notes, rendered, in teaching order, and the pictures they show."""

    lang: str
    notes: list[RenderedNote]
    media: dict[str, bytes]  # packed name -> bytes
    types: dict[str, NoteType]
    description: str = ""  # the root deck's description, as HTML


@dataclass(frozen=True)
class DeckBuild:
    cards_dir: Path
    deck: Deck
    langs: dict[str, LangBuild]
    inputs: dict[Path, str]  # every file read, pictures included, with the SHA-256 of its bytes
    # The note times beside the cards, as read before expanding: they keep each note's GUID and each
    # blank's card number across builds.
    recorded: Manifest = field(default_factory=Manifest)


def build_deck(cards_dir: Path, langs: tuple[str, ...] | None = None, first_language: bool = False) -> DeckBuild:
    """Load, validate, expand and render the deck in every chosen language (see ``read_cards``);
    raises ``ProblemsError`` with every problem found."""
    deck, problems = read_cards(cards_dir, langs, first_language)
    if problems:
        raise ProblemsError(problems + render_problems(cards_dir, deck))
    recorded = recorded_times(cards_dir)
    built: dict[str, LangBuild] = {}
    inputs = dict(deck.inputs)
    for lang in deck.langs:
        media = MediaStore(cards_dir)
        notes, found = render_notes(expand(deck, lang, recorded.langs.get(lang, {})), media)
        problems += found
        inputs.update(media.inputs)
        settings = deck.settings
        description = render_description(settings.description.get(lang, ""), lang,
                                         (settings.path, settings.description_line), problems)
        built[lang] = LangBuild(lang, notes, media.files, note_types(settings.name, lang, settings.extra_css,
                                                                     settings.typing, labels_for(settings, lang)),
                                description)
    if problems:
        raise ProblemsError(problems)
    return DeckBuild(cards_dir, deck, built, inputs, recorded)


def render_problems(cards_dir: Path, deck: Deck) -> list[Problem]:
    """What rendering finds (a missing picture, a bad link) in the cards that validated, so that it comes
    in the same run as the problems of the others. Rendered with no note times: they only number blanks."""
    problems: list[Problem] = []
    settings = deck.settings
    for lang in (lang for lang in deck.langs if lang in settings.root_deck):
        # A card whose text the loader refused (a YAML tag) has none to render in that place.
        topics = tuple(dataclasses.replace(topic, cards=tuple(card for card in topic.cards if _whole(card, lang)))
                       for topic in deck.topics if lang in topic.deck)
        media = MediaStore(cards_dir)
        problems += render_notes(expand(dataclasses.replace(deck, topics=topics), lang), media)[1]
        render_description(settings.description.get(lang, ""), lang, (settings.path, settings.description_line),
                           problems)
    return problems


def _whole(card: Card, lang: str) -> bool:
    return all(lang in card.texts.get(key, {}) for key in KIND_KEYS[card.kind] if key != "command") and \
        (card.kind != "command" or card.command is not None)


def recorded_times(cards_dir: Path) -> Manifest:
    """The note times beside the cards (none if there is no such file); raises ``ProblemsError`` if damaged."""
    path = state_path(cards_dir)
    if not os.path.lexists(path):
        return Manifest()
    outside = input_problem(path, cards_dir)
    if outside:  # the note times are an input of the deck like any other
        raise ProblemsError([outside])
    manifest, problems = read_manifest(path, display_path(path))
    if problems:
        raise ProblemsError(problems)
    return manifest


@dataclass
class Output:
    """Everything a build writes, as bytes by path, and what it means."""

    files: dict[Path, bytes] = field(default_factory=dict)
    reports: list[LangReport] = field(default_factory=list)
    reset: Reset | None = None  # what --reset-clock did


def note_hash(built: LangBuild, note: RenderedNote, *deck: tuple[str, ...]) -> str:
    """The hash the note times compare to tell a change: everything an import updates of the note.

    The sub-deck is no part of it: an import never moves a card, so a note that only moved (its sub-deck
    renamed or renumbered) is unchanged, Anki keeps what its learner edited, and the move is told from
    the deck each entry records. Given a ``deck``, the hash as builds made it while the deck was part of it."""
    return content_hash(note.spec.guid, built.types[note.spec.notetype].name, note.fields, note.spec.tags, *deck)


def proposed_entries(built: LangBuild) -> dict[str, Entry]:
    """What this build makes of each note and note type, for the note times: the hash the manifest
    compares to tell a change, and what the cards are in Anki."""
    # One name per sub-deck, shared by its notes' entries.
    decks = {note.spec.deck: "::".join(note.spec.deck) for note in built.notes}
    entries = {note.spec.key: Entry(note_hash(built, note), 0, kind=note.spec.notetype, deck=decks[note.spec.deck],
                                    blanks=note.spec.blanks, gone=note.spec.gone, origin=note.spec.origin)
               for note in built.notes}
    for kind, t in built.types.items():
        entries[f"notetype:{kind}"] = Entry(content_hash(t.name, t.fields, t.qfmt, t.afmt, t.css), 0)
    return entries


def upgraded(manifest: Manifest, lang: str, built: LangBuild, proposed: dict[str, Entry]) -> Manifest:
    """``manifest`` with the hash of each note recorded while the deck was part of it put in today's form,
    where the note is otherwise what that build shipped: else the first build after the change would give
    every note a new time, and Anki would overwrite every edit a learner had made."""
    old = manifest.langs.get(lang, {})
    fixed: dict[str, Entry] = {}
    for note in built.notes:
        key = note.spec.key
        before = old.get(key)
        if before is None or before.hash == proposed[key].hash:
            continue
        deck = tuple(before.deck.split("::")) if before.deck else note.spec.deck
        if before.hash == note_hash(built, note, deck):
            fixed[key] = before._replace(hash=proposed[key].hash)
    if not fixed:
        return manifest
    return Manifest(clock=manifest.clock, langs={**manifest.langs, lang: {**old, **fixed}})


def stamp_deck(build: DeckBuild, manifest: Manifest, now: float) -> tuple[Manifest, dict[str, Stamped]]:
    """The note times after this build, and each language's note times and changes against ``manifest``."""
    tick = next_tick(manifest, now)
    new = Manifest(clock=manifest.clock, langs=dict(manifest.langs))
    stamped: dict[str, Stamped] = {}
    for lang, built in build.langs.items():
        proposed = proposed_entries(built)
        entries, stamped[lang] = stamp(upgraded(manifest, lang, built, proposed), lang, proposed, tick)
        new.langs[lang] = entries
        if stamped[lang].added or stamped[lang].changed or stamped[lang].gone:
            new.clock = tick
    return new, stamped


def last_times(build: DeckBuild, out_dir: Path) -> tuple[Path, Path, Manifest]:
    """Where the deck's note times are kept, the file they were read from, and what they are; raises
    ``ProblemsError`` if damaged.

    A deck built before the note times moved beside the cards starts from the manifest that its
    output folder kept, so that no note's time goes back."""
    path = state_path(build.cards_dir)
    legacy = legacy_path(out_dir, build.deck.settings.name)
    if os.path.lexists(path) or not os.path.lexists(legacy):
        return path, path, build.recorded
    manifest, problems = read_manifest(legacy, display_path(legacy))
    if problems:
        raise ProblemsError(problems)
    return path, legacy, manifest


def removed_search(deck_name: str, lang: str, removed: list[str], entries: dict[str, Entry]) -> str:
    """The search for the removed notes: by Id and, where the note times know it, by kind (a card whose
    kind changed left its old note under the same Id as its new one)."""
    return notes_search(deck_name, lang, [(key.split("~", 1)[0], entries[key].kind) for key in removed])


def _todo_line(deck: Deck, lang: str) -> list[str]:
    """How many texts of ``lang`` the deck ships still marked TODO: check lists them, a build counts them."""
    todos = len(find_unfinished(dataclasses.replace(deck, langs=(lang,))))
    one = todos == 1
    return [f"{lang}: {plural(todos, 'text')} still start{'s' if one else ''} with TODO, and the learner sees "
            f"{'it' if one else 'them'} as written (`dockdeck check` lists {'it' if one else 'each'})"] if todos else []


def notes_only(keys: list[str]) -> list[str]:
    return [key for key in keys if not key.startswith("notetype:")]


def package_deck(build: DeckBuild, out_dir: Path, now: float | None = None, reset: bool = False) -> Output:
    """The ``.apkg`` of each language in ``out_dir``, and the note times beside the cards.

    ``now`` (default: ``build_time()``) is the earliest time a changed note may get; unchanged notes
    keep theirs. ``reset`` first takes every recorded time ahead of ``now`` back to it (``reset_clock``)."""
    settings = build.deck.settings
    path, source, manifest = last_times(build, out_dir)
    now = build_time() if now is None else now
    output = Output()
    if reset:
        manifest, output.reset = reset_clock(manifest, now)
    new_manifest, stamped = stamp_deck(build, manifest, now)
    if new_manifest.clock != manifest.clock:
        check_tick(new_manifest.clock, recorded_time(manifest), source, display_path(source))
    for lang, built in build.langs.items():
        changes = stamped[lang]
        data, counts = build_apkg(built.notes, built.types, changes.mods, built.media, settings.name, lang,
                                  built.description)
        file = out_dir / f"{settings.name}-{lang}.apkg"
        output.files[file] = data
        removed = notes_only(changes.removed)
        entries = new_manifest.langs[lang]
        moved, kinds, emptied = import_gaps(settings.name, lang, changes, entries)
        output.reports.append(LangReport(
            lang=lang, file=str(file), notes=len(built.notes), cards=sum(c.cards for c in counts), decks=counts,
            added=notes_only(changes.added), changed=notes_only(changes.changed), removed=removed,
            search=removed_search(settings.name, lang, removed, entries), keys=[note.spec.key for note in built.notes],
            moved=moved, kinds=kinds, emptied=emptied,
            # Two languages that share a root deck are told once, with the last of them.
            warnings=[str(w) for w in settings_warnings(settings, (lang,)) + (
                shared_root_warnings(settings, tuple(build.langs)) if lang == list(build.langs)[-1] else [])]
            + _todo_line(build.deck, lang),
        ))
    output.files[path] = new_manifest.to_json()
    return output

