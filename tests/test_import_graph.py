"""The import graph keeps its layers: pure errors and policy, views that read through readers,
and no cycle, counting the imports written inside functions too.

The source is parsed rather than imported, so an import inside a function counts as much
as one at the top; only imports under `if TYPE_CHECKING:` are left out, as they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "registry"


def _modules() -> dict[str, Path]:
    """Map every module name of the package to its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    """Tell whether an `if` is `if TYPE_CHECKING:` (its imports never run)."""
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Walk the tree, skipping the bodies of `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _is_type_checking(child):
            yield from (node for branch in child.orelse for node in _nodes(branch))
            continue
        yield child
        yield from _nodes(child)


def imports_of(module: str) -> set[tuple[str, str | None]]:
    """Return (module, name) for every import the module's source makes, anywhere in it."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[tuple[str, str | None]] = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            found.update((source, alias.name) for alias in node.names)
    return found


def imported_modules(module: str) -> set[str]:
    """Return the modules of the package that `module` imports by name."""
    targets = set()
    for source, name in imports_of(module):
        target = f"{source}.{name}" if f"{source}.{name}" in MODULES else source
        if target in MODULES and target != module:
            targets.add(target)
    return targets


def _under(prefix: str) -> list[str]:
    """Return the modules at or below `prefix`."""
    return [name for name in MODULES if name == prefix or name.startswith(prefix + ".")]


def _touches_database(module: str) -> set[str]:
    """Return what of the database layer a module imports: SQLAlchemy, `db` or services.unit."""
    hits = set()
    for source, name in imports_of(module):
        if source.split(".")[0] == "sqlalchemy":
            hits.add(source)
        if source == "registry.extensions" and name == "db":
            hits.add("registry.extensions.db")
        if source == "registry.services.unit" or (source, name) == ("registry.services", "unit"):
            hits.add("registry.services.unit")
    return hits


def test_errors_and_policy_never_import_flask() -> None:
    for module in ("registry.errors", "registry.policy"):
        flask = {s for s, _ in imports_of(module) if s.split(".")[0] in ("flask", "werkzeug")}
        assert flask == set(), module


def test_errors_import_nothing_of_the_registry() -> None:
    assert imported_modules("registry.errors") == set()


def test_views_read_through_readers_not_the_database() -> None:
    views = [*_under("registry.web"), *_under("registry.api")]
    assert "registry.web.home" in views and "registry.api.users" in views
    offenders = {module: _touches_database(module) for module in views}
    offenders = {module: hits for module, hits in offenders.items() if hits}
    assert offenders == {}, f"views that query the database themselves: {sorted(offenders)}"


def _cycle() -> list[str]:
    """Return one import cycle among the package's modules, or [] when there is none."""
    graph = {module: imported_modules(module) for module in MODULES}
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_import_cycle_even_counting_imports_inside_functions() -> None:
    assert _cycle() == []


def test_the_graph_sees_imports_written_inside_functions() -> None:
    # create_app imports the web package only inside a function; the walk must see it.
    assert "registry.web" in imported_modules("registry")
    assert "registry.web.errors" in imported_modules("registry")
