"""House rules of the layout: no import cycle, the rule of dependencies, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from feedback.settings import REPO_ROOT

PACKAGES = ("feedback", "analysis", "ui")
MAX_LINES = 300


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {_module_name(p): p for pkg in PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py")}
    found["streamlit_app"] = REPO_ROOT / "streamlit_app.py"
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Our modules that a module imports (any depth: inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(), filename=str(path))
    for block in [n for n in ast.walk(tree) if isinstance(n, ast.If) and _is_type_checking(n.test)]:
        block.body = []  # imports for type hints only never run, so they make no cycle
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base]).strip(".")
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t in known)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module name -> the project modules it imports."""
    sources = _sources()
    known = set(sources)
    return {name: _imports(path, name, known) for name, path in sources.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_find_cycle_sees_a_cycle_and_a_clean_graph() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_anywhere() -> None:
    graph = import_graph()
    assert {"feedback.cli.statement", "feedback.reports.statement"} <= graph["feedback.cli.main"] | graph[
        "feedback.cli.statement"
    ]  # the graph is read, relative imports included
    assert find_cycle(graph) is None


def test_no_cycle_between_feedback_sections() -> None:
    sections: dict[str, set[str]] = {}
    for name, deps in import_graph().items():
        if name.startswith("feedback."):
            here = ".".join(name.split(".")[:2])
            sections.setdefault(here, set()).update(
                ".".join(d.split(".")[:2]) for d in deps if d.startswith("feedback.")
            )
    for section, deps in sections.items():
        deps.discard(section)
    assert find_cycle(sections) is None


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("analysis", ("feedback", "ui")), ("feedback", ("ui",))],
)
def test_dependencies_point_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = {
        (name, dep)
        for name, deps in import_graph().items()
        if name.split(".")[0] == package
        for dep in deps
        if dep.split(".")[0] in forbidden
    }
    assert wrong == set()


@pytest.mark.parametrize(
    ("package", "library"), [("analysis", "streamlit"), ("analysis", "sqlalchemy"), ("feedback", "streamlit")]
)
def test_pure_packages_do_not_import_frameworks(package: str, library: str) -> None:
    offenders = []
    for path in (REPO_ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            offenders += [str(path) for n in names if n.split(".")[0] == library]
    assert offenders == []


def test_no_module_over_the_size_limit() -> None:
    sizes = {name: len(path.read_text().splitlines()) for name, path in _sources().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
