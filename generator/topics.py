"""Every topic file of a deck, each taken from the file cache, built by a worker, or built here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .filebuild import FileBuild, build_file
from .filecache import FileCache, entry
from .media import MediaStore
from .model import Settings
from .problems import Problem
from .sources import display_path
from .workers import build_files


def topic_builds(cards_dir: Path, settings: Settings, langs: tuple[str, ...], cache: FileCache | None,
                 step: Callable[[int], None]) -> tuple[list[FileBuild], dict[str, MediaStore]]:
    """Every listed topic file built (or taken from ``cache``), and each language's pictures."""
    stores = {lang: MediaStore(cards_dir) for lang in langs}
    builds: dict[str, FileBuild] = {}
    jobs: list[tuple[str, str | None]] = []
    for name in settings.files:
        key = cache.key(name, display_path(cards_dir / name)) if cache else None
        built = cache.load(name, key, stores) if cache and key else None
        if built is None:
            jobs.append((name, key))
        else:
            builds[name] = built
            step(len(builds))
    for (name, key), made in zip(jobs, build_files(cards_dir, settings, langs, jobs, cache)):
        # A worker's record is read like a cache entry, which also packs its pictures.
        built = entry(made, key or "", stores) if isinstance(made, bytes) else made
        if built is None:  # a picture changed while the worker built: build the file here
            built = build_file(cards_dir, name, settings, langs)
        for lang, refs in built.media.items():
            for ref, (packed, _) in refs.items():
                if stores[lang].resolve(ref)[0] != packed:  # the notes name the picture as it was read
                    built.render_problems.append(Problem(built.path, 1, f"picture {ref!r} changed while the "
                                                         "deck was being built", "build again"))
        builds[name] = built
        step(len(builds))
    return [builds[name] for name in settings.files], stores
