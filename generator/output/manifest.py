"""The note times: a content hash and modification time per note, kept beside dockdeck.yaml.

Anki's importer only updates a note whose incoming modification time is newer
than its own. The file (``note-times.json``, committed with the cards like a
lock file) keeps each note's time: a build gives the notes and note types that
changed one new time, past every recorded time and never before the build's own
second, and everything unchanged keeps the time it had. So two builds of one
commit are byte-identical, in any output folder, and an edit is always newer
than what was shipped before, even when the file was lost. Each note's line also
keeps what Anki cannot be told again by an import (``entries``): its deck, its
kind and its blanks' card numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProblemsError
from ..safe_read import Unreadable, read_limited
from .entries import Entry, entry_json, entry_of

# 2026-01-01T00:00:00Z: a plausible time for notes, far above any real
# collection's note ids being confused with it, and below every real "now" a
# user editing their own copy produces, so their local edits stay newer.
BASE_TIME = 1_767_225_600
# Anki keeps times in seconds as 64-bit numbers, but some of its clients treat them as 32-bit.
MAX_TIME = 2**31
# Format 2 added what each note's cards are in Anki (deck, kind, blank numbers); format 1 is read and migrated.
FORMAT = 2
READ_FORMATS = (1, 2)
STATE_FILE = "note-times.json"
# One line per note: 100 bytes or so, for decks far larger than any written by hand.
MAX_STATE_BYTES = 256 * 1024 * 1024


@dataclass
class Manifest:
    clock: int = BASE_TIME
    # language -> note key -> entry; note types under the key "notetype:<kind>"
    langs: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """The manifest file's bytes: JSON, UTF-8, one note per line so the committed file's diffs read well."""
        def dump(text: str) -> str:
            return json.dumps(text, ensure_ascii=False)

        langs = ",\n".join(
            f"  {dump(lang)}: {{\n" + ",\n".join(f"   {dump(key)}: {entry_json(e)}"
                                                for key, e in sorted(entries.items())) + "\n  }"
            for lang, entries in sorted(self.langs.items()))
        return f'{{\n "format": {FORMAT},\n "clock": {self.clock},\n "langs": {{\n{langs}\n }}\n}}\n'.encode()


def state_path(cards_dir: Path) -> Path:
    """The note times belong to the deck's sources, whatever folder the decks are written to."""
    return cards_dir / STATE_FILE


def legacy_path(out_dir: Path, name: str) -> Path:
    """Where builds before the note times moved beside the cards kept them."""
    return out_dir / f"{name}.manifest.json"


def read_manifest(path: Path, shown: str | None = None) -> tuple[Manifest, list[Problem]]:
    """The note times in ``path`` (``shown`` is how problems name it); a missing file holds none.

    Damage is reported at its line, with a fix that loses no update: restore the file, or delete it
    (the next build then gives every note the build's time, newer than any it had)."""
    where = shown or str(path)
    if not os.path.lexists(path):
        return Manifest(), []
    try:  # a FIFO or a device in its place is never read
        text = read_limited(path, MAX_STATE_BYTES).decode("utf-8")
    except (Unreadable, UnicodeDecodeError) as err:
        return Manifest(), [_damaged(where, 1, f"cannot be read: {err}")]
    try:
        data = json.loads(text)
    except ValueError as err:
        return Manifest(), [_damaged(where, getattr(err, "lineno", 1), "is not valid JSON")]
    except RecursionError:  # JSON's parser recurses into every list and object
        return Manifest(), [_damaged(where, 1, "is nested too deep (note times nest three levels)")]
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return Manifest(), [_damaged(where, 1, "must be a JSON object with format, clock and langs")]
    if data.get("format") not in READ_FORMATS:
        problems.append(_damaged(where, _line(text, '"format"'), f"has format {data.get('format')!r}, "
                                 f"which this dockdeck does not know (it writes format {FORMAT})"))
    clock = data.get("clock")
    if not _is_time(clock):
        problems.append(_damaged(where, _line(text, '"clock"'), f"has clock {clock!r}, not a time in seconds"))
    langs: dict[str, dict[str, Entry]] = {}
    raw_langs = data.get("langs")
    if not isinstance(raw_langs, dict):
        problems.append(_damaged(where, _line(text, '"langs"'), "has no 'langs' object"))
        raw_langs = {}
    for lang, entries in raw_langs.items():
        if not isinstance(entries, dict):
            problems.append(_damaged(where, _line(text, json.dumps(lang)), f"language {lang!r} is not an object"))
            continue
        # Each raw entry is let go once read: a big deck's file holds hundreds of thousands.
        for key in list(entries):
            entry = entry_of(entries.pop(key))
            if entry is None or not _is_time(entry.mod):
                block = text.find(json.dumps(lang) + ":")  # keys repeat in every language: look in this one's
                problems.append(_damaged(where, _line(text, json.dumps(key, ensure_ascii=False), max(block, 0)),
                                         f"note {key!r} ({lang}) is not {{\"hash\": content hash, \"mod\": time "
                                         "in seconds, ...}"))
                continue
            langs.setdefault(lang, {})[key] = entry
    if problems:
        return Manifest(), problems
    return Manifest(clock=int(clock), langs=langs), []  # type: ignore[arg-type]


def _is_time(value: object) -> bool:
    """A whole number of seconds that Anki can store and that is not before the first dockdeck time."""
    return type(value) is int and BASE_TIME <= value < MAX_TIME


def _line(text: str, needle: str, start: int = 0) -> int:
    pos = text.find(needle, start)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 1


def _damaged(where: str, line: int, what: str) -> Problem:
    return Problem(where, line, f"the note-times file {what}",
                   "restore it from version control (git checkout -- FILE); or delete it: the next build then "
                   "gives every note the build's time, so every change reaches Anki, but a note edited inside "
                   "Anki gets the deck's text back")


def content_hash(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:20]


# How far SOURCE_DATE_EPOCH may be ahead of this machine's clock: another machine's (the one that
# made the last commit) may run ahead a little.
MAX_AHEAD = 86_400


def _date(seconds: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def build_time() -> float:
    """The build's clock: ``SOURCE_DATE_EPOCH`` where it is set (the reproducible-builds convention), else now.

    It only sets the earliest time a changed note may get; ``next_tick`` still puts every new time
    past all recorded ones. An epoch from before dockdeck's first time (tools set 1980 to mean "no
    date") would take away the floor that keeps an edit newer after the note times are lost. An epoch
    ahead of the real time would be recorded, and every later build must go past it: one second at a
    time until the real time catches up, so near Anki's largest time no build could record a change
    (and meanwhile every edit made in Anki is older than the deck's notes). By the convention it is
    the time of the last commit, which is never ahead of the clock."""
    now = time.time()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return now
    if not (epoch.isascii() and epoch.isdigit()) or not BASE_TIME <= int(epoch) < MAX_TIME:
        raise ProblemsError([Problem("SOURCE_DATE_EPOCH", 0, f"is {epoch!r}, not a time in seconds between "
                                     f"{BASE_TIME} (2026) and {MAX_TIME - 1}", "unset it to build with the clock")])
    if int(epoch) > now + MAX_AHEAD:
        raise ProblemsError([Problem("SOURCE_DATE_EPOCH", 0, f"is {epoch} ({_date(int(epoch))}), ahead of this "
                                     f"machine's clock ({_date(int(now))}) by more than a day: the notes it changes "
                                     "would get that time, and every later build must go past it",
                                     "it is the time of the last commit, never a future one: unset it, or fix "
                                     "the clock of the machine that set it")])
    return float(epoch)


def recorded_time(manifest: Manifest) -> int:
    """The latest time the note times record: the clock, or a note's time if one is later."""
    return max([manifest.clock, *(e.mod for entries in manifest.langs.values() for e in entries.values())])


def next_tick(manifest: Manifest, now: float) -> int:
    """The time for the notes a build changes: past every time recorded, and never before the
    build's own second, so even with the note times lost no change can be older than one shipped."""
    return max(recorded_time(manifest) + 1, int(now))


def check_tick(tick: int, recorded: int, path: Path, shown: str) -> None:
    """A time the notes that changed may get: one that Anki's clients can read. ``recorded`` is the
    latest time in the note times read from ``path``, which ``shown`` names."""
    if tick < MAX_TIME:
        return
    if recorded + 1 >= MAX_TIME:
        try:
            line = _line(read_limited(path, MAX_STATE_BYTES).decode("utf-8"), str(recorded))
        except (Unreadable, UnicodeDecodeError):
            line = 1
        raise ProblemsError([Problem(shown, line, f"records the time {recorded} ({_date(recorded)}), the largest that "
                                     "Anki's clients read, so no note this build changes can get a newer one",
                                     "run `dockdeck build --reset-clock`; README, Note times, says what it keeps")])
    raise ProblemsError([Problem("note times", 0, f"the next note time would be {tick} ({_date(tick)}), past the "
                                 f"largest time Anki's clients read ({MAX_TIME - 1})",
                                 "check the machine's clock")])


@dataclass(frozen=True)
class Reset:
    """What ``reset_clock`` did: how many note times were ahead of the build's, and the latest."""

    notes: int
    latest: int


def reset_clock(manifest: Manifest, now: float) -> tuple[Manifest, Reset]:
    """The note times with every time ahead of ``now`` taken back to it, the notes they belong to
    marked as changed (so this build gives them its time), and every other time kept as it was.

    A collection that imported a note with a time ahead keeps that time: no build can make a
    later version newer than it, so Anki's default import skips it (README: Note times)."""
    floor = int(now)
    ahead = [e.mod for entries in manifest.langs.values() for e in entries.values() if e.mod > floor]
    if not ahead and manifest.clock <= floor:
        return manifest, Reset(0, 0)
    # An empty hash matches no note: stamping gives each of them this build's time.
    langs = {lang: {key: (e._replace(hash="", mod=floor) if e.mod > floor else e) for key, e in entries.items()}
             for lang, entries in manifest.langs.items()}
    return Manifest(clock=min(manifest.clock, floor), langs=langs), Reset(len(ahead), max(ahead or [manifest.clock]))
