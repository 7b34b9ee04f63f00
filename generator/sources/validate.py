"""Check loaded YAML against the card format and turn it into the model.

Every problem is collected with its ``path:line``; nothing is raised.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

from ..problems import Problem
from .cloze import cloze_issues
from .command import Token, default_blanks, locate_blanks, tokenize
from .deck import Card, Settings, Text, Topic, VerifySettings

# The definitions are shared with the editor schema (schema.py), so the two agree.
from .format import (
    CARD_KEYS,
    CSS_FILE_RE,
    ID_RE,
    KIND_KEYS,
    LANG_RE,
    MAX_CARDS_PER_FILE,
    MAX_COMMAND_CHARS,
    MAX_FILE_NAME_BYTES,
    MAX_TEXT_CHARS,
    NAME_RE,
    ONLY_FOR,
    SETTINGS_FILE,
    SETTINGS_KEYS,
    SETTINGS_REQUIRED,
    TAG_RE,
    TOPIC_FILE_RE,
    TOPIC_KEYS,
    URL_RE,
    VERIFY_KEYS,
)
from .invisible import describe as describe_char
from .invisible import hidden_at, is_control
from .labels import read_labels
from .links import link_problem
from .load import YList, YMap, YScalar, YStr, describe, line_of
from .todos import unfinished_lines
from .verify_keys import card_verify, verify_settings


def _unknown_keys(mapping: YMap, allowed: tuple[str, ...], path: str, where: str) -> list[Problem]:
    problems = []
    for key, line in mapping.key_lines.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(allowed)
            problems.append(Problem(path, line, f"unknown key {key!r} in {where}", hint))
    return problems


def _text(value: Any, path: str, line: int, what: str, langs: tuple[str, ...], known: tuple[str, ...],
          problems: list[Problem]) -> Text | None:
    """A text: one string for every language, or a mapping language -> string."""
    if value is None:  # refused by the loader, which already said why
        return None
    if isinstance(value, (YStr, YScalar)):
        text = _scalar_text(value, path, what, problems)
        return None if text is None else {lang: text for lang in known}
    if isinstance(value, YMap):
        result: Text = {}
        for lang, line_ in value.key_lines.items():
            if lang not in known:
                problems.append(Problem(path, line_, f"{what}: unknown language {lang!r}",
                                        "languages are set in dockdeck.yaml: " + ", ".join(known)))
                continue
            item = value[lang]
            if isinstance(item, (YStr, YScalar)):
                text = _scalar_text(item, path, f"{what} ({lang})", problems)
                if text is not None:
                    result[lang] = text
            elif item is not None:
                problems.append(Problem(path, line_of(item, line_), f"{what} ({lang}) must be text, "
                                        f"not {describe(item)}"))
        for lang in langs:
            if lang not in value and lang in known:
                problems.append(Problem(path, value.line, f"{what}: missing translation {lang!r}",
                                        f"add '{lang}: ...' next to the other languages"))
        return result
    problems.append(Problem(path, line_of(value, line), f"{what} must be text or a mapping of languages "
                            f"to text, not {describe(value)}", "e.g. {" + ", ".join(f"{lang}: ..." for lang in known) + "}"))
    return None


def hidden_character(text: str, allowed: str) -> str | None:
    """The first hidden character in ``text`` (``invisible.py``), named for a message: "control character
    U+202E" or "character U+200B (zero width space)"; None if there is none."""
    at = hidden_at(text, allowed)
    if at is None:
        return None
    char = text[at]
    return f"control character U+{ord(char):04X}" if is_control(char) else f"character {describe_char(char)}"


def _hidden_hint(hidden: str) -> str:
    if hidden.startswith("control"):
        return "Anki would drop or reorder it; delete it or write it out in words"
    return ("it shows as nothing, so the card would differ from what the file seems to say: delete it; a zero-width "
            "joiner may stay between emoji, or between letters of a script that needs it")


def _scalar_text(value: YStr | YScalar, path: str, what: str, problems: list[Problem]) -> str | None:
    if isinstance(value, YScalar):
        if value.kind == "nothing":
            problems.append(Problem(path, value.line, f"{what} is empty", "write the text or remove the key"))
            return None
        return value.text
    if not value.strip():
        problems.append(Problem(path, value.line, f"{what} is empty", "write the text or remove the key"))
        return None
    if len(value) > MAX_TEXT_CHARS:
        problems.append(Problem(path, value.line, f"{what} is {len(value):,} characters long, over the limit "
                                f"of {MAX_TEXT_CHARS:,}", "a card teaches one fact: split it"))
        return None
    hidden = hidden_character(value, "\t\n\r")
    if hidden:
        problems.append(Problem(path, value.line, f"{what} contains the invisible {hidden}", _hidden_hint(hidden)))
        return None
    return str(value)


def _tags(value: Any, path: str, line: int, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:  # absent, or refused by the loader
        return ()
    if isinstance(value, YStr):
        value_list = [value]
    elif isinstance(value, YList):
        value_list = value
    else:
        problems.append(Problem(path, line_of(value, line), f"tags must be a list of words, not {describe(value)}",
                                "e.g. tags: [containers, run]"))
        return ()
    tags = []
    for tag in value_list:
        if isinstance(tag, YScalar) and tag.kind != "nothing":
            tag = YStr(tag.text, tag.line)
        if not isinstance(tag, YStr) or not TAG_RE.fullmatch(tag):
            problems.append(Problem(path, line_of(tag, line_of(value, line)), f"tag {str(tag)!r} is not a word",
                                    "tags cannot contain spaces or quotes"))
            continue
        hidden = hidden_character(tag, "")
        if hidden:
            problems.append(Problem(path, tag.line, f"tag {str(tag)!r} contains the invisible {hidden}",
                                    _hidden_hint(hidden)))
            continue
        if "" in tag.split("::"):  # Anki would store the empty part as "blank"
            problems.append(Problem(path, tag.line, f"tag {str(tag)!r} has an empty part around '::'",
                                    "'::' joins the parts of a tag hierarchy, e.g. docker::run"))
            continue
        tags.append(str(tag))
    return tuple(tags)


def shown(value: Any) -> str:
    """A loaded value as the person wrote it, for messages: never Python's repr of our classes."""
    if isinstance(value, YScalar):
        return value.text
    if isinstance(value, (YMap, YList)) or value is None:
        return describe(value)
    return str(value)


_READ_AS = {"number": "a number", "true/false": "true/false", "date": "a date"}


def _read_as(value: Any) -> str:
    """What YAML read an unquoted value as, when not text: quotes keep it text."""
    return _READ_AS.get(value.kind, "") if isinstance(value, YScalar) else ""


def validate_settings(tree: Any, path: str) -> tuple[Settings | None, list[Problem]]:
    """The settings and every problem with them. Settings come back even with problems when the
    files are known, so the topic files are checked in the same run (without languages, only whether
    they are there)."""
    problems: list[Problem] = []
    if tree is None:
        return None, [Problem(path, 1, "the settings file is empty (or only comments)",
                              "it needs name, languages, root_deck and files; see the card format in README.md")]
    if not isinstance(tree, YMap):
        return None, [Problem(path, line_of(tree), f"the settings file must be a mapping, not {describe(tree)}",
                              "see the card format in README.md")]
    problems += _unknown_keys(tree, SETTINGS_KEYS, path, "the settings file")
    for key in SETTINGS_REQUIRED:
        if key not in tree:
            problems.append(Problem(path, tree.line, f"the settings file needs {key!r}"))
    name = tree.get("name")
    if "name" in tree and not (isinstance(name, YStr) and NAME_RE.fullmatch(name)):
        problems.append(Problem(path, tree.key_lines["name"], "name must be a short lowercase word",
                                "a-z, 0-9, '-' and '_': it names the output files, e.g. name: docker"))
    langs = _languages(tree, path, problems)
    root = description = None
    # Without languages no text can be checked: their problems would only follow from that one.
    if "root_deck" in tree and langs:
        root = _text(tree["root_deck"], path, tree.key_lines["root_deck"], "root_deck", langs, langs, problems)
        for lang, deck in (root or {}).items():
            problems += _deck_name_problems(deck, lang, "root_deck", path, tree.key_lines["root_deck"])
    if "description" in tree and langs:
        description = _text(tree["description"], path, tree.key_lines["description"], "description",
                            langs, langs, problems)
    typing_hint = None
    if "typing_hint" in tree and langs:
        typing_hint = _text(tree["typing_hint"], path, tree.key_lines["typing_hint"], "typing_hint",
                            langs, langs, problems)
    files = _files(tree, path, problems)
    css = tree.get("css")
    if "css" in tree and not (isinstance(css, YStr) and CSS_FILE_RE.fullmatch(css)):
        problems.append(Problem(path, tree.key_lines["css"], "css must name a .css file in the cards folder",
                                "e.g. css: style.css"))
    typing = tree.get("typing")
    # Only the words JSON Schema calls booleans: the editor and `dockdeck check` must agree.
    if "typing" in tree and not (isinstance(typing, YScalar) and typing.text in ("true", "false")):
        problems.append(Problem(path, tree.key_lines["typing"], "typing must be true or false",
                                "typing: true gives every command card a card to type the command on"))
    labels, label_lines = read_labels(tree.get("labels") if langs else None, path, tree.key_lines.get("labels", 1),
                                      langs, problems)
    verify = VerifySettings()
    if "verify" in tree:
        if isinstance(tree["verify"], YMap):
            problems += _unknown_keys(tree["verify"], VERIFY_KEYS, path, "verify")
        verify = verify_settings(tree["verify"], path, tree.key_lines["verify"], problems)
    if "files" not in tree:
        return None, problems
    return Settings(path=path, name=str(name), languages=langs, root_deck=root or {},
                    files=tuple(files), description=description or {},
                    description_line=tree.key_lines.get("description", 1),
                    root_deck_line=tree.key_lines.get("root_deck", 1), css=str(css or ""),
                    typing=isinstance(typing, YScalar) and typing.text == "true", typing_hint=typing_hint or {},
                    file_lines=tuple(files.values()), verify=verify, labels=labels,
                    labels_line=tree.key_lines.get("labels", 0), label_lines=label_lines), problems


def _languages(tree: YMap, path: str, problems: list[Problem]) -> tuple[str, ...]:
    languages: dict[str, int] = {}
    raw = tree.get("languages")
    if "languages" not in tree:
        return ()
    line = tree.key_lines["languages"]
    if isinstance(raw, YList) and not raw:
        problems.append(Problem(path, line, "languages is empty", "list one or more, e.g. languages: [en]"))
    elif not isinstance(raw, YList):
        problems.append(Problem(path, line, f"languages must be a list, not {describe(raw)}",
                                "e.g. languages: [ko, en]"))
    for lang in raw if isinstance(raw, YList) else ():
        item_line = line_of(lang, line)
        if isinstance(lang, YStr) and lang in languages:
            problems.append(Problem(path, item_line, f"language {str(lang)!r} is listed twice "
                                    f"(lines {languages[lang]} and {item_line})", "keep one of them"))
        elif isinstance(lang, YStr) and LANG_RE.fullmatch(lang):
            languages[str(lang)] = item_line
        else:
            problems.append(Problem(path, item_line, f"{shown(lang)!r} is not a language code",
                                    "two or three lowercase letters, e.g. ko, en"))
    return tuple(languages)


def _files(tree: YMap, path: str, problems: list[Problem]) -> dict[str, int]:
    """The topic files listed, each with its line."""
    files: dict[str, int] = {}
    raw = tree.get("files")
    if "files" not in tree:
        return files
    if not isinstance(raw, YList):  # an empty list is a deck just started, with no topic yet
        problems.append(Problem(path, tree.key_lines["files"], "files must be a list of topic files",
                                "in the order their cards are taught, e.g. files: [basics.yaml]"))
        return files
    folded: dict[str, tuple[str, int]] = {}
    for item in raw:
        line = line_of(item, raw.line)
        if not isinstance(item, YStr) or item == SETTINGS_FILE or not TOPIC_FILE_RE.fullmatch(item):
            problems.append(Problem(path, line, f"{shown(item)!r} is not a topic file name",
                                    "list file names in the cards folder, e.g. basics.yaml"))
            continue
        hidden = hidden_character(item, "")
        if hidden:  # a NUL cannot even be passed to the file system
            problems.append(Problem(path, line, f"file name {item!r} contains the {hidden}",
                                    "rename the file and list its new name"))
            continue
        if len(item.encode("utf-8")) > MAX_FILE_NAME_BYTES:
            problems.append(Problem(path, line, f"file name is {len(item.encode('utf-8'))} bytes long, over the "
                                    f"{MAX_FILE_NAME_BYTES} file systems allow", "pick a shorter name"))
            continue
        key = fold(item)
        if key in folded:
            other, other_line = folded[key]
            what = (f"{item!r} is listed twice (lines {other_line} and {line})" if other == item else
                    f"files {other!r} (line {other_line}) and {item!r} are the same name on a case-insensitive "
                    "file system")
            problems.append(Problem(path, line, what, "keep one of them" if other == item else "rename one of them"))
            continue
        folded[key] = (str(item), line)
        files[str(item)] = line
    return files


def _deck_name_problems(name: str, lang: str, what: str, path: str, line: int) -> list[Problem]:
    """Anki splits deck names at '::' and silently mangles spaces around the parts and control characters."""
    if "<" in name or ">" in name:
        # Anki before 25.06 wrote the deck's name into its overview page as HTML; escaped, it would show
        # as "&lt;" in later versions. A name is plain text, so the two characters that start markup are out.
        return [Problem(path, line, f"{what} ({lang}) {name!r} contains '<' or '>'",
                        "a deck name is plain text, and older Anki versions would read them as HTML: leave them out")]
    if "::" in name:
        return [Problem(path, line, f"{what} ({lang}) {name!r} contains '::'",
                        "Anki would make it several decks; sub-decks come from the root deck and each topic file")]
    if name != name.strip():
        return [Problem(path, line, f"{what} ({lang}) {name!r} starts or ends with a space",
                        "Anki would rename it; remove the space")]
    hidden = hidden_character(name, "")
    if hidden:
        tab = " (a tab or line break?)" if hidden.startswith("control") else ""
        return [Problem(path, line, f"{what} ({lang}) contains the {hidden}{tab}",
                        "a deck name is one line of text: Anki would rename it" if tab else _hidden_hint(hidden))]
    return []


def deck_example(langs: tuple[str, ...]) -> str:
    """``deck: {...}`` in the deck's own languages, for hints."""
    return "deck: {" + ", ".join(f"{lang}: ..." for lang in langs) + "}"


def fold(text: str) -> str:
    """The form under which two names are the same to a person or a file system."""
    return unicodedata.normalize("NFKC", text).casefold()


def validate_topic(tree: Any, path: str, settings: Settings, langs: tuple[str, ...]) -> tuple[Topic | None,
                                                                                                 list[Problem]]:
    problems: list[Problem] = []
    if tree is None:
        return None, [Problem(path, 1, "the topic file is empty (or only comments), so its cards would be left out",
                              f"give it a deck and cards, e.g. {deck_example(settings.languages)}, "
                              "or remove it from 'files'")]
    if not isinstance(tree, YMap):
        return None, [Problem(path, line_of(tree), f"a topic file must be a mapping with deck, tags and cards, "
                              f"not {describe(tree)}")]
    problems += _unknown_keys(tree, TOPIC_KEYS, path, "a topic file")
    known = settings.languages
    deck = None
    if "deck" not in tree:
        problems.append(Problem(path, tree.line, "a topic file needs 'deck'", f"e.g. {deck_example(known)}"))
    else:
        deck = _text(tree["deck"], path, tree.key_lines["deck"], "deck", langs, known, problems)
        for lang, name in (deck or {}).items():
            problems += _deck_name_problems(name, lang, "deck", path, tree.key_lines["deck"])
    tags = _tags(tree.get("tags"), path, tree.key_lines.get("tags", tree.line), problems)
    cards: list[Card] = []
    raw_cards = tree.get("cards")
    if "cards" not in tree:
        problems.append(Problem(path, tree.line, "a topic file needs 'cards'", "a list of cards"))
    elif isinstance(raw_cards, YScalar) and raw_cards.kind == "nothing":
        pass  # `cards:` with nothing under it (a new topic's examples still commented out): no cards yet
    elif not isinstance(raw_cards, YList):
        problems.append(Problem(path, tree.key_lines["cards"], f"cards must be a list, not {describe(raw_cards)}",
                                "start each card with '- id: ...'"))
    elif len(raw_cards) > MAX_CARDS_PER_FILE:
        problems.append(Problem(path, raw_cards.line, f"{len(raw_cards):,} cards in one file, over the limit of "
                                f"{MAX_CARDS_PER_FILE:,}", "split the file"))
    else:
        for raw in raw_cards:
            card = _card(raw, path, raw_cards.line, deck or {}, tags, known, langs, problems, settings.typing,
                         settings.verify)
            if card is not None:
                cards.append(card)
    if deck is None:
        return None, problems
    return Topic(path=path, deck=deck, tags=tags, cards=tuple(cards), deck_line=tree.key_lines["deck"]), problems


def _card(raw: Any, path: str, list_line: int, deck: Text, file_tags: tuple[str, ...], known: tuple[str, ...],
          langs: tuple[str, ...], problems: list[Problem], typing: bool, verify: VerifySettings) -> Card | None:
    if raw is None:  # refused by the loader
        return None
    if not isinstance(raw, YMap):
        problems.append(Problem(path, line_of(raw, list_line), f"a card must be a mapping, not {describe(raw)}",
                                "start it with '- id: ...'"))
        return None
    before = len(problems)
    problems += _unknown_keys(raw, CARD_KEYS, path, "a card")
    card_id = raw.get("id")
    if "id" not in raw:
        problems.append(Problem(path, raw.line, "card has no 'id'",
                                "give it a stable lowercase id, e.g. id: exec-shell"))
    elif not (isinstance(card_id, YStr) and ID_RE.fullmatch(card_id)):
        problems.append(_id_problem(card_id, path, raw.key_lines["id"]))
    kinds = [kind for kind, keys in KIND_KEYS.items() if any(key in raw for key in keys)]
    if len(kinds) != 1:
        hint = "a card has front+back, or command+meaning, or cloze"
        what = "card has none of front/back, command or cloze" if not kinds else \
            f"card mixes the keys of {' and '.join(kinds)} cards"
        problems.append(Problem(path, raw.line, what, hint))
        return None
    kind = kinds[0]
    for key, owner in ONLY_FOR.items():
        if key in raw and owner != kind:
            problems.append(Problem(path, raw.key_lines[key], f"{key!r} does not belong on a {kind} card",
                                    f"it is for {owner} cards"))
    texts: dict[str, Text] = {}
    for key in KIND_KEYS[kind] + (("extra", "typing_hint") if kind == "command" else ("extra",)):
        if key == "command":
            continue
        if key not in raw:
            if key not in ("extra", "typing_hint"):
                problems.append(Problem(path, raw.line, f"{kind} card needs {key!r}"))
            continue
        text = _text(raw[key], path, raw.key_lines[key], key, langs, known, problems)
        if text is not None:
            texts[key] = text
    if kind == "cloze":
        problems += _cloze_problems(raw["cloze"], texts.get("cloze", {}), path, raw.key_lines["cloze"], known)
    command = None
    blanks: tuple[str, ...] = ()
    tokens: tuple[Token, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    if kind == "command" and "command" not in raw:  # "meaning" alone makes it a command card
        problems.append(Problem(path, raw.line, "command card needs 'command'"))
    elif kind == "command":
        command, blanks, tokens, spans = _command(raw, path, problems)
        untypable = untypable_part(command) if typing and command else None
        if untypable:
            problems.append(Problem(path, raw.key_lines["command"], f"command has {untypable}, which a learner "
                                    "cannot type on the typing card as written",
                                    "write the command as typed at a terminal, or set typing: false"))
    source = None
    if "source" in raw:
        src = raw["source"]
        if isinstance(src, YStr) and URL_RE.fullmatch(src):
            source = str(src)
            hidden = hidden_character(source, "")
            why = (f"contains the invisible {hidden}", "delete it") if hidden else link_problem(source)
            if why:
                problems.append(Problem(path, raw.key_lines["source"], f"source {why[0]}", why[1]))
        else:
            problems.append(Problem(path, raw.key_lines["source"], "source must be one http(s) URL",
                                    "the documentation page the card rests on"))
    tags = file_tags + tuple(t for t in _tags(raw.get("tags"), path, raw.key_lines.get("tags", raw.line), problems)
                             if t not in file_tags)
    giveaway_ok = ""
    if "giveaway_ok" in raw:
        reason = raw["giveaway_ok"]
        if isinstance(reason, YStr) and reason.strip():
            giveaway_ok = str(reason)
        else:
            problems.append(Problem(path, raw.key_lines["giveaway_ok"], "giveaway_ok must say why the card may "
                                    "show a hidden part on its front", 'e.g. giveaway_ok: "the two commands differ"'))
    script, script_line, skip, bind = card_verify(raw, path, kind, command, verify, problems)
    if len(problems) > before or not isinstance(card_id, YStr):
        return None
    return Card(id=str(card_id), kind=kind, path=path, line=raw.line, deck=deck, tags=tags, texts=texts,
                source=source, command=command, blanks=blanks, tokens=tokens, spans=spans,
                giveaway_ok=giveaway_ok, blanks_default=kind == "command" and "blanks" not in raw,
                unfinished=tuple((role, lang, line) for role, text in texts.items()
                                 for lang, line in unfinished_lines(raw[role], text, raw.key_lines[role])),
                verify=script, verify_line=script_line, verify_skip=skip, verify_bind=bind)


def _cloze_problems(value: Any, texts: Text, path: str, line: int, known: tuple[str, ...]) -> list[Problem]:
    """What is wrong with the deletions of each language's cloze text, at the line of that text."""
    if not isinstance(value, YMap):  # one text for every language: checked once
        return [Problem(path, line_of(value, line), f"cloze: {what}", hint)
                for text in list(texts.values())[:1] for what, hint in cloze_issues(text)]
    label = "cloze ({})" if len(known) > 1 else "cloze"
    return [Problem(path, line_of(value.get(lang), value.key_lines.get(lang, line)), f"{label.format(lang)}: {what}",
                    hint) for lang, text in texts.items() for what, hint in cloze_issues(text)]


def _id_problem(card_id: Any, path: str, line: int) -> Problem:
    """Why an id is refused; an id YAML read as a number, true/false or date only needs quotes."""
    text = shown(card_id)
    if _read_as(card_id) and ID_RE.fullmatch(text):
        return Problem(path, line, f"id {text} was read by YAML as {_read_as(card_id)}, not text",
                       f'quote it: id: "{text}"')
    return Problem(path, line, f"id {text!r} is not a lowercase slug",
                   "use a-z, 0-9, '-' and '_', at most 80 characters" + _slug_example(text))


def _slug_example(text: str) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).lower()))[:80]
    return f", e.g. {slug}" if slug and ID_RE.fullmatch(slug) else ""


def _command(raw: YMap, path: str, problems: list[Problem]) -> tuple[
        str | None, tuple[str, ...], tuple[Token, ...], tuple[tuple[int, int], ...]]:
    value = raw["command"]
    line = raw.key_lines["command"]
    if value is None:  # refused by the loader
        return None, (), (), ()
    if not isinstance(value, YStr) or not value.strip():
        problems.append(Problem(path, line, f"command must be one line of text, not {describe(value)}",
                                "quote it if it contains ': ' or starts with a special character"))
        return None, (), (), ()
    command = value.strip()
    if "\n" in command or "\r" in command:
        problems.append(Problem(path, line, "command must be a single line",
                                "put multi-line scripts in a fenced code block on a basic card"))
        return None, (), (), ()
    hidden = hidden_character(command, "\t")
    if hidden:
        problems.append(Problem(path, line, f"command contains the invisible {hidden}",
                                "Anki would drop or reorder it, so the card would not show the command as typed"))
        return None, (), (), ()
    if len(command) > MAX_COMMAND_CHARS:
        problems.append(Problem(path, line, f"command is {len(command):,} characters long, over the limit of "
                                f"{MAX_COMMAND_CHARS:,}"))
        return None, (), (), ()
    tokens = tokenize(command)
    if "blanks" in raw:
        raw_blanks = raw["blanks"]
        bline = raw.key_lines["blanks"]
        if not isinstance(raw_blanks, YList) or not raw_blanks:
            problems.append(Problem(path, bline, "blanks must be a non-empty list of parts of the command",
                                    'e.g. blanks: ["-it", "<container>"]'))
            return command, (), tokens, ()
        blanks = []
        for item in raw_blanks:
            if isinstance(item, YScalar) and item.kind != "nothing":
                item = YStr(item.text, item.line)
            if not isinstance(item, YStr) or not item.strip():
                problems.append(Problem(path, line_of(item, bline), "a blank must be a part of the command"))
                continue
            blanks.append(str(item))
    else:
        blanks = default_blanks(tokens)
    spans, missing = locate_blanks(command, tokens, blanks)
    for blank in missing:
        placed = blanks.count(blank) - missing.count(blank)
        if placed:  # listed more often than the command has it
            problems.append(Problem(path, raw.key_lines.get("blanks", line), f"blank {blank!r} is listed "
                                    f"{_times(blanks.count(blank))}, but the command {command!r} has it {_times(placed)}",
                                    "list each blank once: each one is a card of its own"))
            continue
        problems.append(Problem(path, raw.key_lines.get("blanks", line), f"blank {blank!r} is not a whole part of "
                                f"the command {command!r} (or overlaps another blank)",
                                "a blank must be one or more whole words of the command, written exactly"))
    return command, tuple(blanks), tokens, tuple(spans)


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


# Letters, marks and digits of any script are on some phone keyboard (Korean ones type Hangul).
_TYPABLE_CATEGORIES = ("L", "M", "N")


def untypable_part(command: str) -> str | None:
    """What in ``command`` a learner cannot type into Anki's answer box as written, in words, or None.

    Anki compares the typed text with the command character by character. A tab moves the focus
    out of the box, a phone keyboard turns two spaces into ". ", and it has no curly quotes,
    dashes or other symbols outside ASCII, so the learner could never type the answer exactly.
    """
    if "\t" in command:
        return "a tab"
    if "  " in command:
        return "two spaces in a row"
    for ch in command:
        if not (" " <= ch <= "~" or unicodedata.category(ch)[0] in _TYPABLE_CATEGORIES):
            return f"the character {ch!r} (U+{ord(ch):04X})"
    return None


def check_decks(topics: list[Topic]) -> list[Problem]:
    """Anki treats deck names that differ only in case as one; it renames the second ("Name_")."""
    problems = []
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for topic in topics:
        path, deck_line = topic.path, topic.deck_line
        for lang, name in topic.deck.items():
            key = (lang, fold(name))
            other = first.setdefault(key, (name, path))
            if other[0] != name:
                problems.append(Problem(path, deck_line, f"deck {name!r} ({lang}) differs from deck "
                                        f"{other[0]!r} in {other[1]} only in case or Unicode form; Anki would "
                                        "make them two decks with mangled names",
                                        "write the name the same way in both files"))
    return problems


def check_ids(topics: list[Topic]) -> list[Problem]:
    """Ids must be unique across all files."""
    problems = []
    first: dict[str, tuple[str, int]] = {}
    for card_id, path, line in ((card.id, card.path, card.line) for topic in topics for card in topic.cards):
        if card_id in first:
            other_path, other_line = first[card_id]
            problems.append(Problem(path, line, f"id {card_id!r} is already used at "
                                    f"{other_path}:{other_line}", "ids are unique across all files; "
                                    "pick a new one for a new card"))
        else:
            first[card_id] = (path, line)
    return problems
