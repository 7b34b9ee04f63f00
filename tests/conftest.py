"""Shared fixtures: card folders written on the fly, real Anki collections, the CLI."""

from __future__ import annotations

import html.parser
import http.server
import os
import re
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMIUM, ChromiumPhone, launch
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from generator.cli import cli
from generator.pipeline import build_deck, package_deck

# Property tests build and import a deck per example: few examples by default
# keep CI fast; `pytest --hypothesis-profile=thorough` runs many more.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
# The default run is derandomized so CI is repeatable; "thorough" explores new examples each time.
settings.register_profile("default", max_examples=15, derandomize=True, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("thorough", max_examples=400, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile("default")


REPO = Path(__file__).resolve().parent.parent
REAL_CARDS = REPO / "cards"

# A topic file of a basic card and a command card, which many tests start from.
CONTAINERS = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 실행 중인 컨테이너 안에서 셸 열기, en: Open a shell in a running container}
"""

SETTINGS = """\
name: docker
languages: [ko, en]
root_deck: {ko: 도커, en: Docker}
files: [%s]
"""
# The same deck in English only, of the one topic file a.yaml.
ENGLISH_ONLY = "name: docker\nlanguages: [en]\nroot_deck: {en: Docker}\nfiles: [a.yaml]\n"


class _Text(html.parser.HTMLParser):
    """What a person sees: text outside <style> and <script>, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in ("br", "p", "div", "pre", "li", "hr", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag in ("p", "div", "pre", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def visible_lines(markup: str) -> list[str]:
    return [line.strip() for line in visible_text(markup).splitlines() if line.strip()]


@pytest.fixture
def make_cards(tmp_path: Path) -> Callable[..., Path]:
    """Write a cards folder: ``make_cards({"a.yaml": "...yaml..."})``; files are listed in the given order."""

    def make(files: dict[str, str], settings: str | None = None, folder: str = "cards") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        topic_names = [name for name in files if name.endswith(".yaml") and "/" not in name]
        text = settings if settings is not None else SETTINGS % ", ".join(topic_names)
        (root / "dockdeck.yaml").write_text(text, encoding="utf-8")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file directly in ``folder``, by name: what a build left there."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def clean_build(cards: Path, out: Path, langs: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """What the pipeline builds into ``out`` (stamped against the note times beside the cards), by file
    name; no build record is read and nothing is written."""
    output = package_deck(build_deck(cards, langs), out)
    return {path.name: data for path, data in output.files.items()}


def written(cards: Path, out: Path) -> dict[str, bytes]:
    """What builds left: the decks in ``out`` and the note times beside the cards, by file name."""
    times = cards / "note-times.json"
    return files_in(out) | ({times.name: times.read_bytes()} if times.exists() else {})


def build_into(run_cli: Callable[..., Any], cards: Path, out: Path, *args: str) -> Any:
    """``dockdeck build`` from the command line, which must succeed."""
    result = run_cli("build", "--cards", cards, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return result


def build_lang(run_cli: Callable[..., Any], cards: Path, out: Path, lang: str = "en") -> Path:
    """Build one language of the deck from the command line; the ``.apkg`` written."""
    build_into(run_cli, cards, out, "--lang", lang)
    return out / f"docker-{lang}.apkg"


def build_and_import(run_cli: Callable[..., Any], cards: Path, col: Any, lang: str = "en") -> list[tuple[Any, str, str]]:
    """Build ``cards`` into the folder beside them, import the deck into ``col``: every card, rendered."""
    import_apkg(col, build_lang(run_cli, cards, cards.parent / "dist", lang))
    return rendered_cards(col)


@pytest.fixture(scope="session")
def real_build() -> Any:
    """The Docker deck in every language, through the pipeline once for the whole run."""
    return build_deck(REAL_CARDS)


@pytest.fixture(scope="session")
def real_collection(real_build: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Both Docker decks, packaged and imported into one fresh Anki collection."""
    from anki.collection import Collection

    tmp = tmp_path_factory.mktemp("real-deck")
    col = Collection(str(tmp / "collection.anki2"))
    for path in write_decks(package_deck(real_build, tmp / "dist")).values():
        import_apkg(col, path)
    yield col
    col.close()


def write_decks(output: Any) -> dict[str, Path]:
    """Write the decks of a packaged build, each language's .apkg, by language. Only the decks: the note
    times belong to cards/, which a test run must leave as it is."""
    decks = {}
    for path, data in output.files.items():
        if path.suffix == ".apkg":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            decks[path.stem.rsplit("-", 1)[1]] = path
    return decks


# The build clock every test build sees (SOURCE_DATE_EPOCH), so that builds made at different
# seconds can be compared byte for byte; tests of the clock itself set their own.
TEST_CLOCK = 1_780_000_000


@pytest.fixture(autouse=True)
def build_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds remember themselves in the user's cache folder: keep that out of the tester's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_CLOCK))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run_cli(runner: CliRunner) -> Callable[..., object]:
    def run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    """A fresh, empty Anki collection from the official ``anki`` package."""
    from anki.collection import Collection

    folder = tmp_path / "anki-profile"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col, path: Path, always: bool = False):
    """Import with Anki desktop's default options: notes and note types updated only when newer; with
    ``always``, as its import dialog's *Update notes: Always* and *Update note types: Always* do."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

    update = (Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS if always
              else Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER)
    request = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, merge_notetypes=False,
                                         update_notes=update, update_notetypes=update),
    )
    log = col.import_anki_package(request)
    # The Python-side note type cache is not told about backend imports (Anki's
    # GUI reloads after an import); drop it so tests read what was imported.
    col.models._clear_cache()
    return log


def review_all(col: Any) -> None:
    """Review every card once as a learner would: 'Good' on each."""
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        card.start_timer()
        col.sched.answerCard(card, 3)


def note_by_id(col: Any, key: str) -> Any:
    (nid,) = col.find_notes(f'"Id:{key}"')
    return col.get_note(nid)


def rendered_cards(col: Any) -> list[tuple[Any, str, str]]:
    """(card, question html, answer html) for every card, in card id order."""
    out = []
    for cid in sorted(col.find_cards("")):
        card = col.get_card(cid)
        out.append((card, card.question(), card.answer()))
    return out


def field_of(card, name: str) -> str:
    note = card.note()
    return note[name]


CLOZE_LEFTOVER = re.compile(r"\{\{c\d+::|\{\{/?[#^]?\w+\}\}")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    """Every element a browser would build from the markup: (tag, attributes)."""
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def active_content(markup: str) -> list[str]:
    """Script elements, event-handler attributes and javascript: URLs in the markup."""
    found = []
    for tag, attrs in elements(markup):
        if tag == "script":
            found.append("<script>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag} {name}=")
            if value.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append(f"{tag} {name}={value}")
    return found


@pytest.fixture(scope="session")
def phone_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the whole run (a fresh profile), with a 360x780 phone viewport."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing, so cards cannot be checked in a real browser: "
                    "install it with `apt-get install -y chromium` (.ci/run does)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run `uv sync` (it is in the dev group)", pytrace=False)
    with sync_playwright() as playwright:
        context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
        yield context
        context.close()


@pytest.fixture
def browser_page(phone_browser) -> Iterator[object]:
    page = phone_browser.new_page()
    yield page
    page.close()


# Blanks and their cards (test_stable_blanks, test_format_migration).
class _Hidden(html.parser.HTMLParser):
    """The text inside Anki's <span class="cloze">: what the card hides on its front."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth:
            self.depth += 1
        elif tag == "span" and ("class", "cloze") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def hidden(card: Any) -> str:
    parser = _Hidden()
    parser.feed(card.answer())
    return "".join(parser.parts)


def cards_of(col: Any, key: str) -> dict[str, Any]:
    """The cards of the note with Id ``key``, by what each hides."""
    return {hidden(col.get_card(cid)): col.get_card(cid) for cid in col.find_cards(f'"Id:{key}"')}


# --- Shared by the tests that nothing reaches the network (test_preview_offline, test_svg_fetches). ---


class _Counting(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def observer() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback address that only counts the requests it gets."""
    seen: list[str] = []
    handler = type("Handler", (_Counting,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


# --- The phone tests' two engines: Chromium (AnkiDroid's) and WebKit (AnkiMobile's), behind one interface ---


@pytest.fixture(scope="session")
def chromium_phone(phone_browser) -> Iterator[ChromiumPhone]:
    page = phone_browser.new_page()
    yield ChromiumPhone(page)
    page.close()


@pytest.fixture(scope="session")
def webkit_phone() -> Iterator[Any]:
    """One WebKitGTK web view (360x780, on its own Xvfb display) for the whole run."""
    from generator.preview.webkit import WebKitError, WebKitPhone

    try:
        phone = WebKitPhone()
    except WebKitError as err:
        pytest.fail(f"{err} (.ci/run does)", pytrace=False)
    yield phone
    phone.close()


# --- Shared by the tests of a file or folder the machine will not let a command use (test_messages, test_no_traceback) ---


def without_root_powers() -> list[str]:
    """A prefix that runs a command as root without the powers that pass over file permissions, so that a
    read-only folder, or one of mode 000, stops it as it stops any other user; nothing for another user."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv is missing: install util-linux (apt-get install -y util-linux)", pytrace=False)
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
