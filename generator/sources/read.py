"""Read a whole ``cards/`` folder: settings first, then each topic file, then the checks across files."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from ..problems import Problem, ProblemsError, WrongUsage, sort_problems
from ..project import display_path, input_problem
from ..safe_read import Unreadable, read_limited
from .comments import cut_texts
from .css import stylesheet_problems
from .deck import Deck, Settings, Topic
from .format import SETTINGS_FILE
from .load import MAX_FILE_BYTES, load_file
from .validate import check_decks, check_ids, fold, validate_settings, validate_topic


def nothing_at(file: Path) -> bool:
    """Whether nothing at all is at ``file`` (a FIFO or a folder there is something, which reading it names).
    A file that may not be reached raises PermissionError, which the command line names."""
    try:
        os.lstat(file)
    except (FileNotFoundError, NotADirectoryError):
        return True
    return False


def cards_folder_problem(cards_dir: Path) -> Problem | None:
    """Why ``cards_dir`` cannot be a cards folder although something is there (a file), if it cannot."""
    if os.path.exists(cards_dir) and not cards_dir.is_dir():
        parent = cards_dir.parent if str(cards_dir.parent) != "." else Path("cards")
        return Problem(display_path(cards_dir), 0, "is a file, not a cards folder",
                       f"pass the folder that holds dockdeck.yaml, e.g. --cards {display_path(parent)}")
    return None


def load_settings(cards_dir: Path, digests: dict[Path, str] | None = None,
                  warnings: list[Problem] | None = None) -> tuple[Settings | None, list[Problem]]:
    """The deck's settings, or every problem that keeps them from being read; texts cut short by a comment
    go to ``warnings``."""
    file = cards_dir / SETTINGS_FILE
    path = display_path(file)
    not_a_folder = cards_folder_problem(cards_dir)
    if not_a_folder:
        return None, [not_a_folder]
    if not cards_dir.is_dir():
        return None, [Problem(display_path(cards_dir), 0, "no such cards folder",
                              "run from the deck's folder, pass --cards DIR, or start a deck with `dockdeck init DIR`")]
    if nothing_at(file):
        return None, [Problem(path, 1, f"no {SETTINGS_FILE} in the cards folder",
                              "it names the deck, its languages and the topic files in order; "
                              "start a deck with `dockdeck init DIR`")]
    outside = input_problem(file, cards_dir)
    if outside:
        return None, [outside]
    tree, problems = load_file(file, path, digests)
    if tree is None and problems:
        return None, problems
    if warnings is not None:
        warnings += cut_texts(tree, path)
    settings, more = validate_settings(tree, path)
    if settings is not None and settings.css:
        css_file = cards_dir / settings.css
        outside = input_problem(css_file, cards_dir)
        if outside:
            return None, problems + more + [outside]
        try:
            raw = read_limited(css_file, MAX_FILE_BYTES)
            if digests is not None:  # the style is part of every deck: an unchanged rebuild checks it too
                digests[css_file] = hashlib.sha256(raw).hexdigest()
            settings = dataclasses.replace(settings, extra_css=raw.decode("utf-8"))
            css_path = display_path(css_file)
            more += [Problem(css_path, p.line, p.message, p.hint) for p in stylesheet_problems(settings.extra_css)]
        except (Unreadable, UnicodeDecodeError) as err:
            more.append(Problem(path, 1, f"the css file {display_path(css_file)}: {err}", "create it or remove 'css:'"))
            settings = None
    return settings, problems + more


def read_settings(cards_dir: Path) -> Settings:
    """The deck's settings; raises ``ProblemsError`` when they cannot be read."""
    settings, problems = load_settings(cards_dir)
    if settings is None or problems:
        raise ProblemsError(problems)
    return settings


def resolve_langs(settings: Settings, wanted: tuple[str, ...] | None) -> tuple[tuple[str, ...], list[Problem]]:
    if not wanted:
        return settings.languages, []
    bad = [lang for lang in wanted if lang not in settings.languages]
    if bad:
        return (), [Problem(settings.path, 1, f"{lang!r} is not one of this deck's languages "
                            f"({', '.join(settings.languages)}; see {settings.path})") for lang in bad]
    return tuple(dict.fromkeys(wanted)), []


def topic_file_problem(cards_dir: Path, name: str, settings: Settings) -> Problem | None:
    """Why the topic file ``name`` cannot be read at all (not there, a folder, a link outside), if it cannot."""
    file = cards_dir / name
    index = settings.files.index(name)
    line = settings.file_lines[index] if index < len(settings.file_lines) else 1
    if file.is_dir():
        return Problem(settings.path, line, f"{name!r} is listed as a topic file but is a folder",
                       "list the YAML files in it, or remove it from 'files'")
    if not file.exists() and not file.is_symlink():
        return Problem(settings.path, line, f"topic file {name!r} is listed but does not exist",
                       f"create {display_path(file)} or remove it from 'files'")
    return input_problem(file, cards_dir)


def load_topic(cards_dir: Path, name: str, settings: Settings, langs: tuple[str, ...],
               digests: dict[Path, str] | None = None,
               warnings: list[Problem] | None = None) -> tuple[Topic | None, list[Problem]]:
    file = cards_dir / name
    path = display_path(file)
    unreadable = topic_file_problem(cards_dir, name, settings)
    if unreadable:
        return None, [unreadable]
    tree, problems = load_file(file, path, digests)
    if tree is None and problems:
        return None, problems
    if warnings is not None:
        warnings += cut_texts(tree, path)
    topic, more = validate_topic(tree, path, settings, langs)
    return topic, problems + more


def unlisted_files(cards_dir: Path, settings: Settings) -> list[Problem]:
    """YAML files in the cards folder that ``files`` leaves out."""
    listed = {fold(name) for name in settings.files}
    return [Problem(display_path(file), 1, f"topic file is not listed in {SETTINGS_FILE}, so its cards would "
                    "be left out", "add it to 'files' where its cards belong in the teaching order")
            for file in sorted(cards_dir.glob("*.y*ml")) if file.name != SETTINGS_FILE and fold(file.name) not in listed]


def read_deck(cards_dir: Path) -> Deck:
    """Load and validate every file of the deck, in all its languages; raises ``ProblemsError`` with every
    problem found."""
    deck, problems = read_cards(cards_dir)
    if problems:
        raise ProblemsError(sort_problems(problems))
    return deck


def read_cards(cards_dir: Path, langs: tuple[str, ...] | None = None,
               first_language: bool = False) -> tuple[Deck, list[Problem]]:
    """The deck for ``langs`` (default: every language of the deck, or with ``first_language`` the first one)
    as far as it is valid (the topics and cards without problems), and every problem found; raises
    ``ProblemsError`` when not even the settings and the languages to read are known."""
    digests: dict[Path, str] = {}
    warnings: list[Problem] = []
    settings, problems = load_settings(cards_dir, digests, warnings)
    if settings is None:
        raise ProblemsError(problems)
    if not settings.languages:  # the topics cannot be read without them: only whether they are there
        raise ProblemsError(problems + unlisted_files(cards_dir, settings) + [
            p for name in settings.files if (p := topic_file_problem(cards_dir, name, settings))])
    chosen, more = resolve_langs(settings, langs)
    if more:
        raise WrongUsage(more, option="--lang")
    if first_language and not langs:
        chosen = chosen[:1]
    topics: list[Topic] = []
    for name in settings.files:
        topic, more = load_topic(cards_dir, name, settings, chosen, digests, warnings)
        problems += more
        if topic is not None:
            topics.append(topic)
    problems += unlisted_files(cards_dir, settings)
    problems += check_ids(topics)
    problems += check_decks(topics)
    return Deck(settings=settings, topics=tuple(topics), langs=chosen, inputs=digests,
                warnings=tuple(warnings)), problems
