"""What ``dockdeck verify`` prints: a located line per failed or skipped card, and the summary."""

from __future__ import annotations

from .plan import Plan, Skipped
from .run import Outcome


def _why(outcome: Outcome, timeout: float) -> str:
    if outcome.timed_out:
        return f"timed out after {timeout:g} s"
    if outcome.exit_code < 0:
        return f"killed by signal {-outcome.exit_code}"
    return f"exit {outcome.exit_code}"


def failure_lines(outcome: Outcome, timeout: float) -> list[str]:
    """``path:line: id: verify failed (exit N): ...`` with the last lines of the step's output: on the
    same line if there is one, else below it."""
    script = outcome.script
    step = "" if outcome.step == "script" else f" {outcome.step}"
    head = f"{script.path}:{script.line}: {script.card_id}: verify{step} failed ({_why(outcome, timeout)})"
    if not outcome.tail:
        return [head + ", with no output"]
    if len(outcome.tail) == 1:
        return [f"{head}: {outcome.tail[0]}"]
    return [head + ":"] + [f"    | {line}" for line in outcome.tail]


def passed_line(outcome: Outcome) -> str:
    return f"verified {outcome.script.card_id} ({outcome.seconds:.1f} s)"


def skipped_line(skipped: Skipped) -> str:
    return f"{skipped.path}:{skipped.line}: {skipped.card_id}: skipped: {skipped.reason}"


def summary_line(plan: Plan, outcomes: list[Outcome]) -> str:
    passed = sum(outcome.passed for outcome in outcomes)
    text = f"{passed} verified, {len(outcomes) - passed} failed, {len(plan.without)} without verify"
    return text + (f", {len(plan.skipped)} skipped" if plan.skipped else "")
