"""Every topic file of a deck, each taken from the file cache, built by a worker, or built here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .filebuild import FileBuild, build_file
from .filecache import FileCache, entry
from .media import MediaStore
from .model import Settings
from .problems import Problem
from .sources import display_path
from .workers import built_files


T = TypeVar("T")


def topic_builds(cards_dir: Path, settings: Settings, langs: tuple[str, ...], cache: FileCache | None,
                 step: Callable[[int], None], meanwhile: Callable[[], T]) -> tuple[list[FileBuild],
                                                                                 dict[str, MediaStore], T]:
    """Every listed topic file built (or taken from ``cache``), each language's pictures, and what
    ``meanwhile`` returned: it runs here while workers build, if there are any."""
    stores = {lang: MediaStore(cards_dir) for lang in langs}
    builds: dict[str, FileBuild] = {}
    kept: dict[str, str] = {}  # file name -> key, for files whose entry says it has their key
    alongside = 0  # bytes of those entries, to read while workers build
    jobs: list[tuple[str, str | None]] = []
    for name in settings.files:
        key = cache.key(name, display_path(cards_dir / name)) if cache else None
        size = cache.holds(name, key) if cache and key else None
        if size is None:
            jobs.append((name, key))
        else:
            kept[name] = key or ""
            alongside += size
    late: list[tuple[str, str | None]] = []  # kept entries found damaged, or with a picture changed since
    with built_files(cards_dir, settings, langs, jobs, cache, alongside) as made:
        # Workers, if any, build the jobs while this process does the rest.
        extra = meanwhile()
        for name, key in kept.items():
            built = cache.load(name, key, stores) if cache else None
            if built is None:
                late.append((name, key))
            else:
                builds[name] = built
                step(len(builds))
        for (name, key), result in zip(jobs, made):
            builds[name] = _packed(result, name, key or "", cards_dir, settings, langs, stores)
            step(len(builds))
    if late:  # seldom: only a damaged entry, or a picture changed since
        with built_files(cards_dir, settings, langs, late, cache) as made:
            for (name, key), result in zip(late, made):
                builds[name] = _packed(result, name, key or "", cards_dir, settings, langs, stores)
                step(len(builds))
    return [builds[name] for name in settings.files], stores, extra


def _packed(made: FileBuild | bytes, name: str, key: str, cards_dir: Path, settings: Settings, langs: tuple[str, ...],
            stores: dict[str, MediaStore]) -> FileBuild:
    """A build, its pictures added to ``stores``; ``made`` may be a worker's record of it."""
    # A worker's record is read like a cache entry, which also packs its pictures.
    built = entry(made, key, stores) if isinstance(made, bytes) else made
    if built is None:  # a picture changed while the worker built: build the file here
        built = build_file(cards_dir, name, settings, langs)
    for lang, refs in built.media.items():
        for ref, (packed, _) in refs.items():
            if stores[lang].resolve(ref)[0] != packed:  # the notes name the picture as it was read
                built.render_problems.append(Problem(built.path, 1, f"picture {ref!r} changed while the "
                                                     "deck was being built", "build again"))
    return built
