"""A command card's command with its <placeholders> bound: what its verify script runs.

The script never gets rewritten: the bound command reaches it as the variable ``DOCKDECK_COMMAND``
(run it with ``eval "$DOCKDECK_COMMAND"``), so nothing in a script, Go templates such as
``{{.Names}}`` included, can be taken for a placeholder. Each value is quoted for the place in the
command where its placeholder stands: as one word outside quotes, escaped inside double quotes,
and inside single quotes as the value itself (closing and reopening the quotes around a ``'``).
"""

from __future__ import annotations

import re
import shlex

from ..sources.format import PLACEHOLDER_RE

# The shell variable a placeholder's value is also given as: <host-port> -> $host_port. Lowercase
# only, so that no placeholder can stand in for PATH, HOME or any other variable programs read.
_VARIABLE_RE = re.compile(r"[a-z_][a-z0-9_]*")


def _quote_states(command: str) -> list[str]:
    """For each offset of ``command``: "'" inside single quotes, '"' inside double quotes, else ""."""
    states: list[str] = []
    state, escaped = "", False
    for ch in command:
        states.append(state)
        if escaped:
            escaped = False
        elif ch == "\\" and state != "'":
            escaped = True
        elif ch in "'\"" and state in ("", ch):
            state = "" if state == ch else ch
    return states


def _quoted(value: str, state: str) -> str:
    if state == "'":
        return value.replace("'", "'\\''")
    if state == '"':
        return re.sub(r'(["\\$`])', r"\\\1", value)
    return shlex.quote(value)


def bound_command(command: str, values: dict[str, str]) -> str | None:
    """``command`` with every <placeholder> replaced by its value, quoted; None if one has no value
    (then the command is not runnable)."""
    if any(name not in values for name in PLACEHOLDER_RE.findall(command)):
        return None
    states = _quote_states(command)
    return PLACEHOLDER_RE.sub(lambda match: _quoted(values[match.group()], states[match.start()]), command)


def variable_name(placeholder: str) -> str | None:
    """The shell variable a placeholder's value is given as, if its name makes one: <host-port> -> host_port."""
    name = placeholder[1:-1].replace("-", "_")
    return name if _VARIABLE_RE.fullmatch(name) else None
