"""Split the text of a shell code block into commands, their comments and their output.

A line is a command when it starts like one (a lowercase program name or a
path, maybe after ``VAR=value`` words), or when it carries a ``$ `` prompt in
a block that uses prompts; there, a line without one is output of the command
above it, and before the first prompt (where it can be no command's output) a
command if it starts like one. Everything else after a command is its output.
Commands are kept exactly as written; only the prompt and a trailing
``# comment`` (outside quotes and placeholders) are taken off. What no card can
hold (a here-document, a quoted script over several lines, text before the
first command) is left out and counted, with the comments just above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sources.command import tokenize

SHELL_LANGS = {"", "bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession", "terminal", "ksh"}

_PROMPT = re.compile(r"^\s*\$(?:\s(.*))?$")
# `cat <<EOF > file`, `<<-'END'`: the lines up to the delimiter are the command's input, not commands.
_HEREDOC = re.compile(r"""<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1""")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PROGRAM = re.compile(r"^(?:[a-z0-9_][a-z0-9_.+-]*|\.{0,2}/[\w./+-]+|~/[\w./+-]*)$")


@dataclass
class ShellCommand:
    text: str
    line: int  # 0-based line inside the block
    before: list[str] = field(default_factory=list)  # comment lines just above
    inline: str = ""  # the comment after the command on its own line
    after: list[str] = field(default_factory=list)  # comment lines below it that no other command takes
    output: list[str] = field(default_factory=list)  # raw lines it printed (with their caption comments)


# Prose in a code block starts like a command more often than one would think.
_PROSE_WORDS = {"a", "an", "the", "of", "to", "and", "or", "in", "on", "is", "it", "for", "this", "that", "with",
                "you", "we", "if", "as", "be", "by", "at", "from", "not", "but", "all", "any", "see", "note"}


def looks_like_command(line: str) -> bool:
    words = line.split()
    if not words or words[0] in _PROSE_WORDS or re.search(r"[^\W\d_]\.$", line):
        return False
    i = 0
    while i < len(words) and _ASSIGNMENT.match(words[i]):
        i += 1
    if i == len(words):
        return i > 0
    return bool(_PROGRAM.match(words[i]) and re.search(r"[a-z]", words[i]))


def split_comment(line: str) -> tuple[str, str]:
    """The command and its trailing comment; a '#' inside quotes or a word is not a comment."""
    for token in tokenize(line):
        if token.text.startswith("#") and token.start > 0:
            return line[:token.start].rstrip(), line[token.start:].lstrip("#").strip()
    return line.rstrip(), ""


def _open_quote(line: str) -> bool:
    """Whether a quote or backtick opened on the line is still open at its end."""
    quote = ""
    escaped = False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
    return bool(quote)


def _comment(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _joined(lines: list[str], i: int) -> tuple[str, int]:
    """Line i with its backslash continuations joined into one line; and the next index."""
    text = lines[i].rstrip()
    while text.endswith("\\") and i + 1 < len(lines):
        i += 1
        text = text[:-1].rstrip() + " " + lines[i].strip()
    return text, i + 1


@dataclass
class ShellBlock:
    commands: list[ShellCommand]
    left: int = 0  # passages left out: commands no card can show, text before the first command


def parse_shell(code: str) -> ShellBlock:
    lines = code.split("\n")
    prompts = any(_PROMPT.match(line) for line in lines)
    commands: list[ShellCommand] = []
    pending: list[str] = []  # raw comment lines not yet given to a command
    current: ShellCommand | None = None
    in_output = False
    left = 0
    leaving = False  # inside a run of lines left out
    i = 0
    while i < len(lines):
        start = i
        raw, i = _joined(lines, i)
        stripped = raw.strip()
        if not stripped:
            if current is not None and current.output:
                current.output.append("")
            continue
        candidate = None
        if prompts:
            match = _PROMPT.match(raw)
            if match:
                candidate = (match.group(1) or "").strip()
            elif not commands and not stripped.startswith("#") and looks_like_command(stripped):
                candidate = stripped  # before the first prompt it is nothing's output: a command without one
        elif not in_output and not stripped.startswith("#") and looks_like_command(stripped):
            candidate = stripped
        if candidate is not None and candidate and not candidate.startswith("#"):
            text, inline = split_comment(candidate)
            if _open_quote(text):
                # A quoted script over several lines is not one line a card can show: leave it.
                while i < len(lines) and _open_quote(text):
                    text += "\n" + lines[i]
                    i += 1
                current, pending, left, leaving = None, [], left + 1, True
                continue
            heredoc = _HEREDOC.search(text.replace("<<<", "   "))
            if heredoc:
                # Nor is a command with its here-document: leave both, up to the delimiter line.
                while i < len(lines) and lines[i].strip() != heredoc.group(2):
                    i += 1
                current, pending, i, left, leaving = None, [], i + 1, left + 1, True
                continue
            current = ShellCommand(text, start, before=[_comment(c) for c in pending if _comment(c)], inline=inline)
            commands.append(current)
            pending, in_output, leaving = [], False, False
            continue
        if stripped.startswith("#") and not in_output:
            pending.append(raw)
            continue
        if current is None:
            # Text no command owns (before the first, or after one left out): not ours to explain, and
            # the comments above it are about it. A run of such lines is one passage, with the command left.
            left += not leaving
            pending, leaving = [], True
            continue
        # Output: comments just above it are its caption, so they travel with it.
        current.output += [c.strip() for c in pending] + [raw]
        pending, in_output = [], True
    if current is not None and pending and not current.output:
        current.after = [_comment(c) for c in pending if _comment(c)]
    while commands and commands[-1].output and not commands[-1].output[-1].strip():
        commands[-1].output.pop()
    for command in commands:
        while command.output and not command.output[-1].strip():
            command.output.pop()
    return ShellBlock(commands, left)
