"""Run the stages for each language: expand, render, stamp, package."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import SETTINGS_FILE, DeckCount
from .problems import Problem, sort_problems

# The stages import genanki, markdown-it, Pygments and PyYAML; a rebuild that
# the cache answers needs none of them, so they are imported when used.
if TYPE_CHECKING:
    from .media import MediaStore
    from .model import Deck
    from .render import RenderedNote


@dataclass(frozen=True)
class LangReport:
    lang: str
    file: str
    notes: int
    cards: int
    decks: list[DeckCount]
    added: list[str]
    changed: list[str]
    removed: list[str]
    search: str = ""  # finds the removed notes in Anki's browser
    keys: list[str] = field(default_factory=list)  # every note written, in deck order


@dataclass
class BuildResult:
    """Everything a build would write, as bytes by path, and what it means."""

    files: dict[Path, bytes] = field(default_factory=dict)
    reports: list[LangReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    langs: tuple[str, ...] = ()
    cache: tuple[Path, bytes] | None = None  # the build cache's record, to save once the files are written


def render_lang(deck: Deck, lang: str, cards_dir: Path) -> tuple[list[RenderedNote], MediaStore, list[Problem]]:
    from .expand import expand
    from .media import MediaStore
    from .render import render_notes

    media = MediaStore(cards_dir)
    rendered, problems = render_notes(expand(deck, lang), media)
    return rendered, media, problems


def check(cards_dir: Path, langs: tuple[str, ...] | None = None) -> tuple[Deck | None, list[Problem]]:
    """Validate and render everything without writing: what ``dockdeck check`` runs."""
    from .sources import load_deck

    deck, chosen, problems = load_deck(cards_dir, langs)
    if deck is None:
        return None, problems
    for lang in chosen:
        problems += render_lang(deck, lang, cards_dir)[2]
    return deck, sort_problems(problems)


def build(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None = None,
          progress: Callable[[int, int], None] | None = None, use_cache: bool = True) -> BuildResult:
    """What a build writes; ``progress(done, total)`` hears of each topic file built and each language packaged.

    With ``use_cache``, an unchanged deck reuses the last build (see cache.py) and ``result.cache``
    is the record to save once the files are written; otherwise each unchanged topic file reuses its
    notes (see filecache.py). ``build --check`` passes False: it reads no cache."""
    if not use_cache:
        return _run(cards_dir, out_dir, langs, progress)
    from .cache import cached, fingerprint, record

    key = fingerprint(cards_dir, out_dir, langs)
    hit = cached(out_dir, key)
    if hit is not None:
        files, reports = hit
        return BuildResult(files=files, langs=tuple(r["lang"] for r in reports), reports=[
            LangReport(**{**r, "decks": [DeckCount(**d) for d in r["decks"]], "added": [], "changed": [],
                          "removed": [], "search": ""}) for r in reports])
    result = _run(cards_dir, out_dir, langs, progress, use_cache=True)
    # A file edited while the build read it would leave a record of the old
    # sources next to output of the new: recorded only if nothing changed.
    if not result.problems and fingerprint(cards_dir, out_dir, langs) == key:
        result.cache = record(out_dir, key, result.files, [_as_record(r) for r in result.reports])
    return result


def _as_record(report: LangReport) -> dict:
    """What a rebuild with nothing changed reports again: not what changed, which it sets to nothing."""
    # Not asdict(report): it deep-copies every note key (15 ms for 20,000 notes) only for JSON to read them.
    fields = {k: v for k, v in vars(report).items() if k not in ("added", "changed", "removed", "search")}
    return {**fields, "decks": [asdict(d) for d in report.decks]}


def _run(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None,
         progress: Callable[[int, int], None] | None, use_cache: bool = False) -> BuildResult:
    # A build allocates a few objects per character of the deck and keeps
    # nearly all of them to the end; the cyclic collector would walk them over
    # and over (a third of the time at 10,000 cards) to find almost no cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(cards_dir, out_dir, langs, progress, use_cache)
    finally:
        if enabled:
            gc.enable()


def _build(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None,
           progress: Callable[[int, int], None] | None, use_cache: bool) -> BuildResult:
    from .browse import removed_search
    from .cache import source_digest
    from .filecache import FileCache
    from .manifest import Manifest, content_hash, manifest_path, next_tick, read_manifest, stamp
    from .notetypes import note_types
    from .package import build_apkg
    from .sources import load_settings, resolve_langs, unlisted_files
    from .topics import topic_builds
    from .validate import check_deck_names, check_id_places
    from .zipwrite import TooLarge

    settings_file = cards_dir / SETTINGS_FILE
    settings_digest = source_digest(settings_file) if use_cache else None
    settings, problems = load_settings(cards_dir)
    if settings is None:
        return BuildResult(problems=sort_problems(problems))
    chosen, more = resolve_langs(settings, langs)
    if more:
        return BuildResult(problems=more)
    result = BuildResult(langs=chosen)
    total = len(settings.files) + len(chosen)
    step = progress or (lambda done, total: None)
    # File entries are keyed on the settings as parsed: if they changed meanwhile, this build uses none.
    cache = None
    if settings_digest is not None and source_digest(settings_file) == settings_digest:
        cache = FileCache(cards_dir, chosen, settings_digest)
    mpath = manifest_path(out_dir, settings.name)
    builds, stores, (manifest, error) = topic_builds(cards_dir, settings, chosen, cache,
                                                     lambda done: step(done, total), lambda: read_manifest(mpath))
    if cache is not None:
        cache.prune()
    for built in builds:
        problems += built.problems
    problems += unlisted_files(cards_dir, settings)
    problems += check_id_places((card_id, built.path, line) for built in builds for card_id, line in built.ids)
    problems += check_deck_names((built.path, built.deck_line, built.deck) for built in builds
                                 if built.deck is not None)
    if not problems:  # a deck that does not validate is not rendered: report what validation found
        problems = [problem for built in builds for problem in built.render_problems]
    if problems:
        result.problems = sort_problems(problems)
        return result
    if error:
        result.problems = [Problem(str(mpath), 1, error)]
        return result
    tick = next_tick(manifest)
    new_manifest = Manifest(clock=manifest.clock, langs=dict(manifest.langs))
    for lang in chosen:
        rendered = [note for built in builds for note in built.notes[lang]]
        types = note_types(settings.name, lang, settings.extra_css)
        hashes = {note.spec.key: digest for built in builds
                  for note, digest in zip(built.notes[lang], built.hashes[lang])}
        for kind, t in types.items():
            hashes[f"notetype:{kind}"] = content_hash(t.name, t.fields, t.qfmt, t.afmt, t.css)
        entries, stamped = stamp(manifest, lang, hashes, tick)
        # What is still needed of the old entries lives on in the new ones: let the rest go before
        # packaging (at 100,000 cards, 50 MB a language).
        manifest.langs.pop(lang, None)
        new_manifest.langs[lang] = entries
        if stamped.added or stamped.changed or stamped.removed:
            new_manifest.clock = tick
        cards = [ords for built in builds for ords in built.cards[lang]]
        try:
            data, counts = build_apkg(rendered, cards, types, stamped.mods, stores[lang].files, settings.name,
                                      lang, settings.description.get(lang, ""))
        except TooLarge as err:
            result.problems = [Problem(settings.path, 1, f"the {lang} deck is too large to package: {err}",
                                       "split it into several decks, each with its own dockdeck.yaml")]
            return result
        file = out_dir / f"{settings.name}-{lang}.apkg"
        result.files[file] = data
        removed = [k for k in stamped.removed if not k.startswith("notetype:")]
        result.reports.append(LangReport(
            lang=lang, file=str(file), notes=len(rendered), cards=sum(c.cards for c in counts), decks=counts,
            added=[k for k in stamped.added if not k.startswith("notetype:")],
            changed=[k for k in stamped.changed if not k.startswith("notetype:")],
            removed=removed, search=removed_search(settings.name, lang, removed),
            keys=[note.spec.key for note in rendered],
        ))
        step(len(settings.files) + len(result.reports), total)
    result.files[mpath] = new_manifest.to_json()
    return result
