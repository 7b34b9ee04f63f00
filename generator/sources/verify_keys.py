"""The verify keys, checked into the model: a card's ``verify``/``verify_skip``/``verify_bind`` and the
settings' ``verify:`` block.

Only ``dockdeck verify`` acts on them; ``check`` validates them here like every other key, so a
mistake shows up before anything runs, and ``build`` puts none of them into a deck.
"""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from .deck import VerifySettings
from .format import (
    COMMAND_VARIABLE,
    DEFAULT_VERIFY_TIMEOUT,
    ENV_NAME_RE,
    MAX_TEXT_CHARS,
    MAX_VERIFY_TIMEOUT,
    PLACEHOLDER_RE,
)
from .load import YMap, YScalar, YStr, describe, line_of


def _script(value: Any, path: str, line: int, what: str, problems: list[Problem]) -> str:
    """A shell script: text that is not empty. YAML's true/false or numbers are refused, not run."""
    if isinstance(value, YStr) and value.strip():
        if len(value) > MAX_TEXT_CHARS:
            problems.append(Problem(path, line, f"{what} is {len(value):,} characters long, over the limit of "
                                    f"{MAX_TEXT_CHARS:,}", "put the long part in a file the script runs"))
            return ""
        return str(value)
    if isinstance(value, YStr) or (isinstance(value, YScalar) and value.kind == "nothing"):
        problems.append(Problem(path, line, f"{what} is empty", "write the script or remove the key"))
    elif value is not None:  # None: refused by the loader, which said why
        hint = "quote it to run it as a script" if isinstance(value, YScalar) else "write it as a block: |"
        problems.append(Problem(path, line_of(value, line), f"{what} must be a shell script (text), "
                                f"not {describe(value)}", hint))
    return ""


def _value(value: Any) -> str | None:
    """A value for the environment or a placeholder: text, or a number written as such (8080)."""
    if isinstance(value, YStr):
        return str(value)
    if isinstance(value, YScalar) and value.kind == "number":
        return value.text
    return None


def _bindings(value: Any, path: str, line: int, what: str, problems: list[Problem]) -> dict[str, str]:
    """``{"<placeholder>": value}``: what a command's placeholders stand for when its script runs it."""
    if not isinstance(value, YMap):
        if value is not None:
            problems.append(Problem(path, line_of(value, line), f"{what} must be a mapping of <placeholders> to "
                                    f"values, not {describe(value)}", 'e.g. {"<container>": web}'))
        return {}
    found: dict[str, str] = {}
    for key, key_line in value.key_lines.items():
        text = _value(value[key])
        if not PLACEHOLDER_RE.fullmatch(key):
            problems.append(Problem(path, key_line, f"{what}: {key!r} is not a <placeholder>",
                                    f'write it as the command does, in angle brackets and quoted: "<{key.strip("<>")}>"'))
        elif text is None:
            problems.append(Problem(path, key_line, f"{what}: the value of {key} must be text or a number, not "
                                    f"{describe(value[key])}", "quote it"))
        else:
            found[key] = text
    return found


def _env(value: Any, path: str, line: int, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(value, YMap):
        if value is not None:
            problems.append(Problem(path, line_of(value, line), f"verify env must be a mapping of variable names "
                                    f"to values, not {describe(value)}", "e.g. env: {LC_ALL: C}"))
        return {}
    found: dict[str, str] = {}
    for name, name_line in value.key_lines.items():
        text = _value(value[name])
        if not ENV_NAME_RE.fullmatch(name):
            problems.append(Problem(path, name_line, f"verify env: {name!r} is not a variable name",
                                    "letters, digits and '_', not starting with a digit"))
        elif text is None:
            problems.append(Problem(path, name_line, f"verify env: the value of {name} must be text or a number, "
                                    f"not {describe(value[name])}", 'quote it, e.g. "true"'))
        else:
            found[name] = text
    return found


def _timeout(value: Any, path: str, line: int, problems: list[Problem]) -> float:
    seconds = None
    if isinstance(value, YScalar) and value.kind == "number":
        try:
            seconds = float(value.text.replace("_", ""))
        except ValueError:
            seconds = None
    if seconds is None or not 0 < seconds <= MAX_VERIFY_TIMEOUT:
        problems.append(Problem(path, line, f"verify timeout must be a number of seconds, more than 0 and at most "
                                f"{MAX_VERIFY_TIMEOUT}", "e.g. timeout: 60"))
        return 0
    return seconds


def verify_settings(block: Any, path: str, line: int, problems: list[Problem]) -> VerifySettings:
    """The settings' ``verify:`` block (its unknown keys are the caller's to report)."""
    if not isinstance(block, YMap):
        if block is not None:
            problems.append(Problem(path, line_of(block, line), f"verify must be a mapping, not {describe(block)}",
                                    "with any of env, bind, setup, teardown, timeout"))
        return VerifySettings()
    lines = block.key_lines
    return VerifySettings(
        env=_env(block.get("env"), path, lines.get("env", line), problems),
        bind=_bindings(block.get("bind"), path, lines.get("bind", line), "verify bind", problems),
        setup=_script(block["setup"], path, lines["setup"], "verify setup", problems) if "setup" in block else "",
        teardown=(_script(block["teardown"], path, lines["teardown"], "verify teardown", problems)
                  if "teardown" in block else ""),
        timeout=(_timeout(block["timeout"], path, lines["timeout"], problems)
                 if "timeout" in block else DEFAULT_VERIFY_TIMEOUT),
    )


def placeholders(command: str) -> list[str]:
    """The command's <placeholders>, each once, in order."""
    return list(dict.fromkeys(PLACEHOLDER_RE.findall(command)))


def card_verify(raw: YMap, path: str, kind: str, command: str | None, settings: VerifySettings,
                problems: list[Problem]) -> tuple[str, int, str, dict[str, str]]:
    """A card's script, its line, why it has none, and its own placeholder values (``command``: the
    command card's command, None if it was refused)."""
    lines = raw.key_lines
    script = _script(raw["verify"], path, lines["verify"], "verify", problems) if "verify" in raw else ""
    skip = ""
    if "verify_skip" in raw:
        reason = raw["verify_skip"]
        if isinstance(reason, YStr) and reason.strip():
            skip = str(reason)
        else:
            problems.append(Problem(path, lines["verify_skip"], "verify_skip must say why the card has no verify "
                                    "script", 'e.g. verify_skip: "needs a registry"'))
    if "verify" in raw and "verify_skip" in raw:
        problems.append(Problem(path, lines["verify_skip"], "a card has either verify or verify_skip, not both",
                                "remove verify_skip if the script runs, or the script if it cannot"))
    bind = _bindings(raw.get("verify_bind"), path, lines.get("verify_bind", raw.line), "verify_bind", problems)
    if command is not None:
        names = placeholders(command)
        for key in bind:
            if key not in names:
                problems.append(Problem(path, lines["verify_bind"], f"verify_bind: the command has no {key}",
                                        "its placeholders: " + (", ".join(names) or "none")))
        if COMMAND_VARIABLE in script:
            for name in names:
                if name not in bind and name not in settings.bind:
                    problems.append(Problem(path, lines["verify"], f"the verify script runs the command, but its "
                                            f"{name} has no value", f'add "{name}": ... to verify: bind: in '
                                            "dockdeck.yaml, or to this card's verify_bind:"))
    elif kind != "command" and COMMAND_VARIABLE in script:
        problems.append(Problem(path, lines["verify"], f"only a command card's script has ${COMMAND_VARIABLE}",
                                "run what the card teaches in the script itself"))
    return script, lines.get("verify", 0), skip, bind
