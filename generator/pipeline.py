"""The one pipeline every command shares: load, validate, expand and render once; package for ``build``.

``build_deck`` runs the stages up to rendered notes; ``check`` stops there, ``stats`` and ``preview``
read its result, and ``package_deck`` turns it into the files a build writes. Each stage reports
every problem it finds; a stage that finds any raises ``ProblemsError`` with all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .output.manifest import (
    Manifest,
    Stamped,
    build_time,
    check_tick,
    content_hash,
    legacy_path,
    next_tick,
    read_manifest,
    stamp,
    state_path,
)
from .output.notes import expand
from .output.notetypes import NoteType, note_types
from .output.package import build_apkg
from .output.removed import removed_search
from .output.render import RenderedNote, render_notes
from .problems import Problem, ProblemsError
from .report import LangReport
from .sources.deck import Deck
from .sources.media import MediaStore
from .sources.read import display_path, read_deck


@dataclass(frozen=True)
class LangBuild:
    """One language's notes, rendered, in teaching order, and the pictures they show."""

    lang: str
    notes: list[RenderedNote]
    media: dict[str, bytes]  # packed name -> bytes
    types: dict[str, NoteType]


@dataclass(frozen=True)
class DeckBuild:
    cards_dir: Path
    deck: Deck
    langs: dict[str, LangBuild]
    inputs: dict[Path, str]  # every file read, pictures included, with the SHA-256 of its bytes


def build_deck(cards_dir: Path, langs: tuple[str, ...] | None = None, first_language: bool = False) -> DeckBuild:
    """Load, validate, expand and render the deck in every chosen language (see ``read_deck``);
    raises ``ProblemsError`` with every problem found."""
    deck = read_deck(cards_dir, langs, first_language)
    problems: list[Problem] = []
    built: dict[str, LangBuild] = {}
    inputs = dict(deck.inputs)
    for lang in deck.langs:
        media = MediaStore(cards_dir)
        notes, found = render_notes(expand(deck, lang), media)
        problems += found
        inputs.update(media.inputs)
        built[lang] = LangBuild(lang, notes, media.files, note_types(deck.settings.name, lang, deck.settings.extra_css,
                                                                     deck.settings.typing))
    if problems:
        raise ProblemsError(problems)
    return DeckBuild(cards_dir, deck, built, inputs)


@dataclass
class Output:
    """Everything a build writes, as bytes by path, and what it means."""

    files: dict[Path, bytes] = field(default_factory=dict)
    reports: list[LangReport] = field(default_factory=list)


def note_hashes(built: LangBuild) -> dict[str, str]:
    """What the manifest compares to tell a changed note or note type: everything Anki stores of it."""
    hashes = {note.spec.key: content_hash(note.spec.guid, built.types[note.spec.notetype].name, note.fields,
                                          note.spec.tags, note.spec.deck)
              for note in built.notes}
    for kind, t in built.types.items():
        hashes[f"notetype:{kind}"] = content_hash(t.name, t.fields, t.qfmt, t.afmt, t.css)
    return hashes


def stamp_deck(build: DeckBuild, manifest: Manifest, now: float) -> tuple[Manifest, dict[str, Stamped]]:
    """The note times after this build, and each language's note times and changes against ``manifest``."""
    tick = next_tick(manifest, now)
    new = Manifest(clock=manifest.clock, langs=dict(manifest.langs))
    stamped: dict[str, Stamped] = {}
    for lang, built in build.langs.items():
        entries, stamped[lang] = stamp(manifest, lang, note_hashes(built), tick)
        new.langs[lang] = entries
        if stamped[lang].added or stamped[lang].changed or stamped[lang].gone:
            check_tick(tick)
            new.clock = tick
    return new, stamped


def last_times(build: DeckBuild, out_dir: Path) -> tuple[Path, Path, Manifest]:
    """Where the deck's note times are kept, the file they were read from, and what they are; raises
    ``ProblemsError`` if damaged.

    A deck built before the note times moved beside the cards starts from the manifest that its
    output folder kept, so that no note's time goes back."""
    path = state_path(build.cards_dir)
    legacy = legacy_path(out_dir, build.deck.settings.name)
    source = legacy if not os.path.lexists(path) and os.path.lexists(legacy) else path
    manifest, problems = read_manifest(source, display_path(source))
    if problems:
        raise ProblemsError(problems)
    return path, source, manifest


def notes_only(keys: list[str]) -> list[str]:
    return [key for key in keys if not key.startswith("notetype:")]


def package_deck(build: DeckBuild, out_dir: Path, now: float | None = None) -> Output:
    """The ``.apkg`` of each language in ``out_dir``, and the note times beside the cards.

    ``now`` (default: ``build_time()``) is the earliest time a changed note may get; unchanged notes
    keep theirs."""
    settings = build.deck.settings
    path, _, manifest = last_times(build, out_dir)
    new_manifest, stamped = stamp_deck(build, manifest, build_time() if now is None else now)
    output = Output()
    for lang, built in build.langs.items():
        changes = stamped[lang]
        data, counts = build_apkg(built.notes, built.types, changes.mods, built.media, settings.name, lang,
                                  settings.description.get(lang, ""))
        file = out_dir / f"{settings.name}-{lang}.apkg"
        output.files[file] = data
        removed = notes_only(changes.removed)
        output.reports.append(LangReport(
            lang=lang, file=str(file), notes=len(built.notes), cards=sum(c.cards for c in counts), decks=counts,
            added=notes_only(changes.added), changed=notes_only(changes.changed), removed=removed,
            search=removed_search(settings.name, lang, removed), keys=[note.spec.key for note in built.notes],
        ))
    output.files[path] = new_manifest.to_json()
    return output

