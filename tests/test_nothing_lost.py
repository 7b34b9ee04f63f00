"""No build, however it ends, and no import, however old, costs a user their deck or their progress."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_into, import_apkg

V1 = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}
  - id: my_card
    front: {ko: 밑줄, en: underscore}
    back: {ko: 밑줄, en: underscore}
  - id: my-card
    front: {ko: 하이픈, en: hyphen}
    back: {ko: 하이픈, en: hyphen}
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 실행 중인 컨테이너 안에서 셸 열기, en: Open a shell in a running container}
"""

# Every note of both languages changes, so every output file differs between builds.
V2 = V1.replace("`SIGTERM`\"}", "`SIGTERM` (or `STOPSIGNAL`)\"}").replace("셸 열기", "셸 하나 열기").replace(
    "Open a shell", "Open one shell")

# V2 without my_card and the command card: what a user removing cards does.
V2_REMOVED = V2.split("  - id: my_card")[0] + "  - id: my-card" + V2.split("  - id: my-card")[1].split(
    "  - id: exec-shell")[0]


TIMES = "note-times.json"


def _snapshot(cards: Path, out: Path) -> dict[str, bytes]:
    """The decks and the note times; hidden temporary files of a killed build are not among them."""
    return {p.name: p.read_bytes() for p in [*sorted(out.iterdir()), cards / TIMES]
            if p.is_file() and not p.name.startswith(".")}


def _restore(cards: Path, out: Path, snapshot: dict[str, bytes]) -> None:
    out.mkdir(exist_ok=True)
    for name, data in snapshot.items():
        (cards / name if name == TIMES else out / name).write_bytes(data)


@pytest.fixture
def two_builds(run_cli, make_cards, tmp_path):
    """(cards folder holding V2, snapshot of a V1 build, snapshot of V2 built over it)."""
    cards = make_cards({"a.yaml": V1})
    out = tmp_path / "first"
    build_into(run_cli, cards, out)
    before = _snapshot(cards, out)
    (cards / "a.yaml").write_text(V2, encoding="utf-8")
    build_into(run_cli, cards, out)
    after = _snapshot(cards, out)
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)
    return cards, before, after


# Runs the real CLI in a child process that SIGKILLs itself at one point of
# writing the output: the nth write of a temporary file (half written), the
# nth fsync, or just before the nth rename.
_KILLER = """
import os, signal, sys
where, n = sys.argv[1], int(sys.argv[2])
calls = {"write": 0, "fsync": 0, "replace": 0}
def die(kind):
    calls[kind] += 1
    if kind == where and calls[kind] == n:
        os.kill(os.getpid(), signal.SIGKILL)
real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace
class HalfWriter:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): return self.handle.__exit__(*exc)
    def write(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush()
        die("write")
        return self.handle.write(data[len(data) // 2:])
    def __getattr__(self, name): return getattr(self.handle, name)
os.fdopen = lambda *a, **k: HalfWriter(real_fdopen(*a, **k))
os.fsync = lambda fd: (die("fsync"), real_fsync(fd))[1]
os.replace = lambda *a, **k: (die("replace"), real_replace(*a, **k))[1]
from generator.cli import cli
cli(sys.argv[3:])
"""

KILL_POINTS = [("write", 1), ("write", 3), ("fsync", 2), ("replace", 1), ("replace", 2), ("replace", 3)]


@pytest.mark.parametrize("where,n", KILL_POINTS, ids=[f"{w}-{n}" for w, n in KILL_POINTS])
def test_a_build_killed_mid_write_leaves_only_whole_files_and_the_next_build_finishes_it(
        where, n, two_builds, tmp_path):
    cards, before, after = two_builds
    out = tmp_path / "killed"
    _restore(cards, out, before)
    proc = subprocess.run([sys.executable, "-c", _KILLER, where, str(n), "build", "--cards", str(cards),
                           "--out", str(out)], cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()

    now = _snapshot(cards, out)
    assert now.keys() == before.keys()
    for name, data in now.items():
        assert data in (before[name], after[name]), f"{name} is torn: neither the old nor the new build"
    if where != "replace":
        assert now == before, "a build killed before renaming anything changed the output"

    # The next, uninterrupted build writes exactly what an uninterrupted build would have.
    result = subprocess.run([sys.executable, "-c", "from generator.cli import cli; cli()", "build", "--cards",
                             str(cards), "--out", str(out)], cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert _snapshot(cards, out) == after
    assert sorted(p.name for p in out.iterdir()) == sorted(set(after) - {TIMES}), "temporary files were left behind"
    assert not [p for p in cards.iterdir() if p.name.startswith(".")], "temporary files were left behind"


def test_a_deck_path_that_cannot_be_written_changes_nothing(two_builds, run_cli, tmp_path):
    cards, before, _ = two_builds
    out = tmp_path / "blocked"
    _restore(cards, out, {k: v for k, v in before.items() if k != "docker-en.apkg"})
    (out / "docker-en.apkg").mkdir()  # something in the way that no rename can replace
    (out / "docker-en.apkg" / "keep").write_text("mine")
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert "docker-en.apkg" in result.output
    assert _snapshot(cards, out) == {k: v for k, v in before.items() if k != "docker-en.apkg"}
    assert (out / "docker-en.apkg" / "keep").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == sorted(set(before) - {TIMES}), "temporary files were left behind"


def _notes(col) -> dict[str, tuple]:
    """Everything an import could change about each note, by its Id field."""
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        cards = sorted((c.ord, c.did, c.mod, c.queue, c.due) for c in note.cards())
        out[note["Id"] + "@" + note.note_type()["name"]] = (tuple(note.fields), note.mod, tuple(note.tags),
                                                             note.mid, tuple(cards))
    return out


def _note_types(col) -> dict[str, tuple]:
    return {m["name"]: (m["css"], tuple((t["qfmt"], t["afmt"]) for t in m["tmpls"]),
                        tuple(f["name"] for f in m["flds"])) for m in col.models.all()}


def test_importing_an_older_build_over_a_newer_one_changes_nothing(two_builds, collection, tmp_path):
    _, before, after = two_builds
    for name, snapshot in (("old", before), ("new", after)):
        for lang in ("ko", "en"):
            (tmp_path / f"{name}-{lang}.apkg").write_bytes(snapshot[f"docker-{lang}.apkg"])
    for lang in ("ko", "en"):
        import_apkg(collection, tmp_path / f"new-{lang}.apkg")
    notes, types = _notes(collection), _note_types(collection)
    decks = sorted(d.name for d in collection.decks.all_names_and_ids())

    for lang in ("ko", "en"):
        log = import_apkg(collection, tmp_path / f"old-{lang}.apkg").log
        assert not log.updated and not log.new
    assert _notes(collection) == notes
    assert _note_types(collection) == types
    assert sorted(d.name for d in collection.decks.all_names_and_ids()) == decks
    assert "Open one shell" in "".join(f for key, value in notes.items() for f in value[0])


def test_removed_cards_are_listed_with_a_search_that_finds_exactly_their_notes(
        run_cli, make_cards, collection, tmp_path):
    cards = make_cards({"a.yaml": V1})
    out = tmp_path / "dist"
    build_into(run_cli, cards, out)
    for lang in ("ko", "en"):
        import_apkg(collection, out / f"docker-{lang}.apkg")
    (cards / "a.yaml").write_text(V2_REMOVED, encoding="utf-8")
    result = build_into(run_cli, cards, out)

    lines = result.output.splitlines()
    searches = [lines[i + 1].strip() for i, line in enumerate(lines) if line.strip().startswith("removed from")]
    assert len(searches) == 2, result.output  # one per language
    for lang, search in zip(("ko", "en"), searches, strict=False):
        found = {collection.get_note(nid)["Id"] for nid in collection.find_notes(search)}
        assert found == {"my_card", "exec-shell/cloze", "exec-shell/recall"}, search
        types = {collection.get_note(nid).note_type()["name"] for nid in collection.find_notes(search)}
        assert all(name.endswith(f"({lang})") for name in types), "the search reaches the other language's deck"


def _removed(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip().startswith("removed from the cards")]


def test_removed_cards_are_listed_by_every_later_build_until_they_come_back(run_cli, make_cards, tmp_path):
    cards, out = make_cards({"a.yaml": V1}), tmp_path / "dist"
    build_into(run_cli, cards, out)
    (cards / "a.yaml").write_text(V2_REMOVED, encoding="utf-8")
    first = _removed(build_into(run_cli, cards, out).output)
    assert len(first) == 2 and all("(3)" in line for line in first)
    assert _removed(build_into(run_cli, cards, out).output) == first  # nothing changed: the same list
    (cards / "a.yaml").write_text(V2_REMOVED.replace("hyphen", "dash"), encoding="utf-8")
    assert _removed(build_into(run_cli, cards, out).output) == first  # another edit: still listed
    (cards / "a.yaml").write_text(V2, encoding="utf-8")  # the cards come back
    assert _removed(build_into(run_cli, cards, out).output) == []


def test_a_rebuild_without_some_cards_imports_over_the_old_deck_without_errors(
        run_cli, make_cards, collection, tmp_path):
    cards = make_cards({"a.yaml": V1})
    out = tmp_path / "dist"
    build_into(run_cli, cards, out, "--lang", "en")
    import_apkg(collection, out / "docker-en.apkg")
    count = len(collection.find_notes(""))
    (cards / "a.yaml").write_text(V2_REMOVED, encoding="utf-8")
    build_into(run_cli, cards, out, "--lang", "en")
    log = import_apkg(collection, out / "docker-en.apkg").log
    assert not log.new and not log.conflicting and not log.missing_notetype
    assert len(log.updated) == 1  # stop-signal changed; my-card did not
    assert len(collection.find_notes("")) == count  # Anki keeps the removed notes until the user deletes them
