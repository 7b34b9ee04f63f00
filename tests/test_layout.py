"""The package's boundaries, read from the import statements of every module.

See them yourself: `grep -rnE "^\\s*(from|import) " generator/`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names, at any depth of the file."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _importers(prefix: str) -> set[str]:
    return {m for m, imports in MODULES.items() if any(i == prefix or i.startswith(prefix + ".") for i in imports)}


def test_the_package_has_the_parts_the_readme_names():
    parts = {m.split(".")[1] for m in MODULES if m.count(".") >= 1}
    assert {"sources", "output", "authoring", "extract", "preview", "cli", "pipeline"} <= parts


def test_only_the_command_line_imports_click():
    assert _importers("click") == {"generator.cli"}


def test_only_the_preview_part_imports_anki():
    assert _importers("anki")
    assert all(m.startswith("generator.preview") for m in _importers("anki"))


@pytest.mark.parametrize("other", ["generator.output", "generator.authoring", "generator.extract",
                                   "generator.preview", "generator.pipeline", "generator.cli"])
def test_card_source_code_imports_nothing_from_the_later_parts(other):
    assert not {m for m in _importers(other) if m.startswith("generator.sources")}


def test_no_module_reaches_into_genanki_private_attributes():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        private = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                   and node.attr.startswith("_") and not node.attr.startswith("__")
                   and isinstance(node.value, ast.Name) and node.value.id in ("genanki", "model", "note")]
        assert not private, (path, private)


def test_the_readme_names_every_module_in_the_package_table():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("| part | modules | what they hold |", 1)[1].split("\n\n", 1)[0]
    named = set()
    for row in table.splitlines()[2:]:  # after the header's rule
        part, listed = row.split(" | ")[:2]
        folder = part.split("`generator/")[1].rstrip("/`") + "." if "`generator/" in part else ""
        named |= {f"generator.{folder}{module.strip('` ')}" for module in listed.split(",")}
    modules = {_module(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert sorted(modules - named) == []
    assert sorted(named - modules) == []
