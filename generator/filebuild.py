"""Validate and render one topic file for every chosen language: the unit the file cache keeps.

A topic file's notes depend only on its own bytes, the settings, the chosen
languages, the code and the pictures it refers to, so each file can be built
(or taken from the cache) on its own; what spans files (duplicate ids, deck
names equal up to case, the order of notes) is checked and assembled after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import sha256_hex, source_digest
from .cardrules import card_rules
from .expand import expand_cards
from .manifest import note_hash
from .media import MediaStore
from .model import Settings, Text
from .notetypes import note_types
from .problems import Problem
from .render import RenderedNote, render_notes
from .sources import load_topic


@dataclass
class FileBuild:
    name: str  # as listed in the settings' ``files``
    path: str  # as problems name it
    deck: Text | None = None  # None: the file could not be read as a topic at all
    deck_line: int = 1
    ids: list[tuple[str, int]] = field(default_factory=list)  # every valid card's id and line
    problems: list[Problem] = field(default_factory=list)  # from loading and validating
    render_problems: list[Problem] = field(default_factory=list)
    notes: dict[str, list[RenderedNote]] = field(default_factory=dict)  # per language, in teaching order
    # per language: picture reference -> (packed name, SHA-256 of the file)
    media: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    hashes: dict[str, list[str]] = field(default_factory=dict)  # per language: each note's manifest hash
    cards: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)  # per language: each note's cards
    source: str | None = None  # SHA-256 of the bytes built from; None if they changed while being read

    @property
    def complete(self) -> bool:
        """Validated and rendered without a problem: the only kind worth keeping."""
        return self.deck is not None and not self.problems and not self.render_problems


def build_file(cards_dir: Path, name: str, settings: Settings, langs: tuple[str, ...]) -> FileBuild:
    """Load, validate and, when valid, render one topic file."""
    from .sources import display_path

    before = source_digest(cards_dir / name)
    topic, problems = load_topic(cards_dir, name, settings, langs)
    after = source_digest(cards_dir / name)
    result = FileBuild(name=name, path=display_path(cards_dir / name), problems=problems,
                       source=before if before == after else None)
    if topic is None:
        return result
    result.deck, result.deck_line = topic.deck, topic.deck_line
    result.ids = [(card.id, card.line) for card in topic.cards]
    if problems:
        return result
    for lang in langs:
        # A store per file records exactly the pictures this file refers to.
        media = MediaStore(cards_dir)
        rendered, more = render_notes(expand_cards(settings, topic.cards, lang), media)
        result.notes[lang] = rendered
        types = note_types(settings.name, lang, settings.extra_css)
        result.hashes[lang] = [note_hash(n.spec.guid, types[n.spec.notetype].name, n.fields, n.spec.tags, n.spec.deck)
                               for n in rendered]
        rules = card_rules(types)
        result.cards[lang] = [rules[n.spec.notetype](n.fields) for n in rendered]
        result.render_problems += more
        result.media[lang] = {ref: (name, sha256_hex(media.files[name]))
                              for ref, name in media.refs.items()}
    return result
