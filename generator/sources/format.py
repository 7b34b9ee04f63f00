"""The card format's definitions: keys, kinds, patterns and limits.

The validator (``validate.py``) and the JSON Schema for editors
(``schema.py``) both read these, so the two can never disagree on what a key
is called or what an id looks like. Patterns are written in the common subset
of Python's ``re`` and ECMAScript regular expressions, because editors run the
schema's patterns in JavaScript; Python callers use ``fullmatch`` so that a
trailing newline never slips through ``$``.
"""

from __future__ import annotations

import re

SETTINGS_FILE = "dockdeck.yaml"

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
LANG_PATTERN = r"^[a-z]{2,3}$"
TAG_PATTERN = r'^[^\s"]{1,60}$'
URL_PATTERN = r"""^[hH][tT][tT][pP][sS]?://[^\s<>"']+$"""  # a scheme in any case, as browsers take it
TOPIC_FILE_PATTERN = r"^[^/\\]+\.ya?ml$"
CSS_FILE_PATTERN = r"^[^/\\]+\.css$"
CLOZE_PATTERN = r"\[\[([\s\S]+?)\]\]"
# A <placeholder> of a command: what `verify: bind:` and a card's `verify_bind:` give a value.
PLACEHOLDER_PATTERN = r"<[^<>]+>"
# An environment variable's name, as a POSIX shell takes it.
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

ID_RE = re.compile(ID_PATTERN)
NAME_RE = re.compile(NAME_PATTERN)
LANG_RE = re.compile(LANG_PATTERN)
TAG_RE = re.compile(TAG_PATTERN)
URL_RE = re.compile(URL_PATTERN)
TOPIC_FILE_RE = re.compile(TOPIC_FILE_PATTERN)
CSS_FILE_RE = re.compile(CSS_FILE_PATTERN)
CLOZE_RE = re.compile(CLOZE_PATTERN)
PLACEHOLDER_RE = re.compile(PLACEHOLDER_PATTERN)
ENV_NAME_RE = re.compile(ENV_NAME_PATTERN)

MAX_TEXT_CHARS = 20_000
# What ext4, APFS and NTFS allow for one name; a longer one cannot even be looked up.
MAX_FILE_NAME_BYTES = 255
MAX_COMMAND_CHARS = 2_000
# A topic file is one sub-deck a person reads through; far past this, checking
# and building take long enough to look like a hang.
MAX_CARDS_PER_FILE = 5_000
# How long one verify script (or the deck's setup or teardown) may run, in seconds, unless the
# settings say otherwise; and the most they may say.
DEFAULT_VERIFY_TIMEOUT = 60
MAX_VERIFY_TIMEOUT = 3600
# The variable a command card's verify script runs its command from: `eval "$DOCKDECK_COMMAND"`.
COMMAND_VARIABLE = "DOCKDECK_COMMAND"

SETTINGS_KEYS = ("name", "languages", "root_deck", "description", "css", "typing", "typing_hint", "labels", "files",
                 "verify")
SETTINGS_REQUIRED = ("name", "languages", "root_deck", "files")
TOPIC_KEYS = ("deck", "tags", "cards")
TOPIC_REQUIRED = ("deck", "cards")
CARD_KEYS = ("id", "front", "back", "command", "blanks", "meaning", "typing_hint", "cloze", "extra", "source", "tags",
             "giveaway_ok", "verify_bind", "verify", "verify_skip")
# The keys of the settings' `verify:` block.
VERIFY_KEYS = ("env", "bind", "setup", "teardown", "timeout")
# The keys that make a card one kind or another; a card has all of one kind's.
KIND_KEYS = {
    "basic": ("front", "back"),
    "command": ("command", "meaning"),
    "cloze": ("cloze",),
}
ONLY_FOR = {"front": "basic", "back": "basic", "command": "command", "blanks": "command",
            "meaning": "command", "typing_hint": "command", "cloze": "cloze", "verify_bind": "command"}

# What a command card without `blanks` hides, as every help text says it (command.default_blanks does it).
DEFAULT_BLANKS = "every option, else the action word; never a placeholder alone"

# What each key means, for the editor's hover and completion (from the README's table).
KEY_HELP = {
    "name": "Short lowercase word: output files are dist/<name>-<lang>.apkg; part of every note's identity.",
    "languages": "Language codes, one deck per language, e.g. [ko, en].",
    "root_deck": "Name of the root deck in each language, e.g. {ko: 도커, en: Docker}.",
    "description": "Deck description shown in Anki, per language.",
    "css": "A .css file in the cards folder, appended to dockdeck's card styling.",
    "typing": "true: every command card also gets a card where you type the whole command from its meaning, "
              "checked by Anki character by character. Default false.",
    "labels": "The words the cards show besides their texts, per language: source (the link's caption), recall "
              "(the recall card's question), type (the typing card's prompt), placeholders (their caption). "
              "dockdeck has English and Korean ones; another language shows the English ones until given here.",
    "files": "Topic files in teaching order: new cards come in this order.",
    "deck": "Sub-deck under the root deck, per language, e.g. {ko: 컨테이너, en: Containers}.",
    "cards": "The cards of this topic. Start each with '- id: ...'.",
    "id": "Lowercase slug (a-z 0-9 - _), unique across all files; never change it.",
    "front": "Basic card: the question.",
    "back": "Basic card: the answer.",
    "command": "Command card: one line, exactly as typed; <placeholders> show as written.",
    "blanks": "Command card: parts of the command to hide, each one or more whole words, in any order: each blank "
              "keeps its Anki card when blanks are added, removed or reordered. Default: " + DEFAULT_BLANKS + ".",
    "meaning": "Command card: what the command does; front of the recall card, context on the cloze cards.",
    "typing_hint": "Which form a typing card asks for where another is equally right (Anki compares character by "
                   "character), shown on its front: in dockdeck.yaml for every typing card, on a command card for "
                   "its own (replacing the deck's).",
    "cloze": "Cloze card: text with [[deletions]], one Anki card each.",
    "extra": "Any card: shown on the back only.",
    "source": "Any card: the documentation page (http or https URL) the card rests on.",
    "tags": "Tags: words without spaces or quotes.",
    "giveaway_ok": "Why this card may show a hidden part elsewhere on its front: `dockdeck check` then does not warn.",
    "verify": "A shell script (run with `sh -eu` in an empty temporary folder by `dockdeck verify`, never by build or "
              "check) that exits 0 when what the card teaches holds. A command card's script runs its command with "
              f'`eval "${COMMAND_VARIABLE}"`, its <placeholders> bound.',
    "verify_skip": "Why this card has no verify script (e.g. it needs a registry): `dockdeck verify` counts and lists it.",
    "verify_bind": 'Command card: values for its <placeholders> in the verify script, over the deck\'s verify: bind:, '
                   'e.g. {"<container>": web}.',
    "env": "Environment variables every verify script gets, e.g. {GIT_AUTHOR_NAME: Test}.",
    "bind": 'The value of each <placeholder> when a verify script runs its command, e.g. {"<container>": web}; '
            "also the shell variable named after it ($container).",
    "setup": "A script run before each verify script, in its folder.",
    "teardown": "A script run after each verify script, in its folder, even when the script failed.",
    "timeout": f"Seconds each verify script, setup and teardown may run before it is killed (default "
               f"{DEFAULT_VERIFY_TIMEOUT}).",
    "verify_settings": "How `dockdeck verify` runs the cards' verify scripts: env, bind, setup, teardown, timeout.",
}
