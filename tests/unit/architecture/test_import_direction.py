"""The direction of imports between the apps (STYLE.md A), and no import cycles.

Every module's imports are read with ``ast`` (module level and inside functions; imports
under ``if TYPE_CHECKING:`` are for type checkers only and are skipped). The core
(``assistant``) may import ``tasks`` and ``contacts``; ``messaging``, ``calendar_sync`` and
``costs`` plug in through contracts (tools, hooks, fact providers) and import the core, never
the other way round. Project wiring (settings, urls, celery, wsgi, asgi, apps, checks,
schedules) may name every app, because naming the apps is its job.

One pattern is not a cycle: a job in an app's ``jobs.py`` importing that app's service inside
its body while the service enqueues the job (the Styleguide's own advice).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APPS = ["assistant", "tasks", "contacts", "calendar_sync", "messaging", "costs"]
# Which apps each app may import (besides itself).
ALLOWED = {
    "assistant": {"tasks", "contacts"},
    "tasks": {"assistant", "contacts"},
    "contacts": {"assistant", "tasks"},
    "calendar_sync": {"assistant", "tasks", "contacts"},
    "messaging": {"assistant", "tasks", "contacts"},
    "costs": {"assistant", "tasks", "contacts", "messaging", "calendar_sync"},
}
WIRING = {
    f"assistant.{name}"
    for name in ("settings", "urls", "celery", "wsgi", "asgi", "apps", "checks", "schedules")
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, whether inside a function) for every import in ``tree``."""
    found: list[tuple[str, int, bool]] = []
    package = module if module.count(".") == 0 else module.rsplit(".", 1)[0]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                    name = f"{base}.{child.module}" if child.module else base
                else:
                    name = child.module or ""
                found.append((name, child.lineno, in_function))
                # "from assistant import jobs" imports the module assistant.engine.jobs
                found.extend(
                    (f"{name}.{alias.name}", child.lineno, in_function) for alias in child.names
                )
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(tree, False)
    return found


def _graph() -> dict[str, list[tuple[str, int, bool]]]:
    modules: dict[str, Path] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[_module_name(path)] = path
    graph: dict[str, list[tuple[str, int, bool]]] = {}
    for name, path in modules.items():
        edges = []
        for target, line, in_function in _imports(ast.parse(path.read_text()), name):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and (target, line, in_function) not in edges:
                edges.append((target, line, in_function))
        graph[name] = edges
    return graph


def _path(module: str) -> str:
    candidate = ROOT / (module.replace(".", "/") + ".py")
    return str(
        (
            candidate if candidate.exists() else ROOT / module.replace(".", "/") / "__init__.py"
        ).relative_to(ROOT)
    )


def direction_violations(graph: dict[str, list[tuple[str, int, bool]]]) -> list[str]:
    problems = []
    for module, edges in sorted(graph.items()):
        app = module.split(".")[0]
        if module in WIRING:
            continue
        for target, line, _ in edges:
            other = target.split(".")[0]
            if other != app and other not in ALLOWED[app]:
                problems.append(f"{_path(module)}:{line} imports {target} ({app} → {other})")
    return problems


def _allowed_back_edge(module: str, target: str, in_function: bool) -> bool:
    """A job importing its own app's service in its body, while the service enqueues it."""
    return in_function and module.endswith(".jobs") and module.split(".")[0] == target.split(".")[0]


def import_cycles(graph: dict[str, list[tuple[str, int, bool]]]) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), after dropping the allowed pattern."""
    edges = {
        module: sorted({t for t, _, f in targets if not _allowed_back_edge(module, t, f)})
        for module, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, []):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return groups


def _describe(group: list[str], graph: dict[str, list[tuple[str, int, bool]]]) -> str:
    members = set(group)
    lines = [
        f"  {_path(module)}:{line} imports {target}" + (" (inside a function)" if inner else "")
        for module in group
        for target, line, inner in graph[module]
        if target in members and not _allowed_back_edge(module, target, inner)
    ]
    return "a cycle between " + ", ".join(_path(m) for m in group) + ":\n" + "\n".join(lines)


def test_the_core_never_imports_messaging_calendars_or_costs() -> None:
    problems = direction_violations(_graph())
    assert not problems, "Imports against the direction (STYLE.md A):\n" + "\n".join(problems)


def test_no_modules_import_each_other_in_a_cycle() -> None:
    graph = _graph()
    cycles = import_cycles(graph)
    assert not cycles, "\n".join(_describe(group, graph) for group in cycles)


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking_ones() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from messaging.models import Message\n"
        "def f():\n    from messaging.services import x\n"
    )
    found = _imports(tree, "assistant.example")
    names = {(name, inner) for name, _, inner in found}
    assert ("messaging.services", True) in names
    assert not any(name.startswith("messaging.models") for name, _, _ in found)


def test_a_job_importing_its_own_service_is_not_a_cycle_but_two_services_are() -> None:
    graph = {
        "app.jobs": [("app.services", 3, True)],
        "app.services": [("app.jobs", 1, True)],
        "app.a": [("app.b", 1, True)],
        "app.b": [("app.a", 1, False)],
    }
    assert import_cycles(graph) == [["app.a", "app.b"]]
