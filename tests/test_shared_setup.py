"""Shared test set-up lives in tests/helpers and tests/world, never in another test module.

A test module that imports from another test module (or from a conftest) makes the
order and the fixtures of one depend on the other; copies drift apart. The source is
parsed, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_test_modules(path: Path) -> set[str]:
    """Return the test modules and conftests a file imports, by dotted name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            last = name.rsplit(".", 1)[-1]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                found.add(name)
    return found


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    offenders = {
        str(path.relative_to(TESTS)): sorted(imported)
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := _imported_test_modules(path))
    }

    assert offenders == {}


def test_the_scan_sees_an_import_of_a_test_module_inside_a_function(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(
        "def helper():\n    from tests.api.test_accounts_api import assert_error\n",
        encoding="utf-8",
    )

    assert _imported_test_modules(planted) == {"tests.api.test_accounts_api"}
