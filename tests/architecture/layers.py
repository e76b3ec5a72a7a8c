"""The layer rules of docs/architecture.md, read from the source with ``ast`` (nothing is
imported): what each layer may import, and no cycle between modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = "coopassess"
WIRING = {
    f"{PACKAGE}.{name}"
    for name in ("config", "db", "errors", "security", "paths", "migrate", "registry")
} | {PACKAGE, f"{PACKAGE}.jobs.app"}  # the jobs' app wiring: the runner's app context
PURE = ("instrument", "scoring", "charts", "reports", "exports", "common")
PURE_ROOT = (f"{PACKAGE}.paths",)  # where the shipped files are: pathlib only
SERVICES = (
    "campaigns",
    "consult",
    "admin",
    "demo",
    "jobs",
    "mail",
    "participants",
    "organisations",
    "privacy",
    "followup",
    "retention",
    "actions",
)
WEB_FRAMEWORK = ("flask", "flask_wtf", "werkzeug", "wtforms")
DATABASE = ("sqlalchemy", "alembic", "psycopg")


def modules_of(root: Path) -> dict[str, str]:
    """Dotted module name → source, for every module of the package under ``root``."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path.read_text(encoding="utf-8")
    return found


def layer(name: str) -> str:
    if name in PURE_ROOT:
        return "pure"
    if name in WIRING:
        return "wiring"
    parts = name.split(".")
    if len(parts) < 2:
        return "wiring"
    if parts[1] == "cli":
        return "cli"
    if parts[1] == "web" or "views" in parts[2:] or parts[-1] == "forms":
        return "web"
    if parts[1] in PURE:
        return "pure"
    if parts[1] in SERVICES:
        return "service"
    if parts[1] == "models":
        return "models"
    return "feature"  # auth, survey, api: their modules that are not views or forms


def imports(source: str, name: str, modules: Mapping[str, str]) -> Iterator[str]:
    """Names imported at module level (not under ``if TYPE_CHECKING``, not inside functions),
    resolved to a module of the package when they name one."""
    is_package = any(other.startswith(name + ".") for other in modules)
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                base = ".".join(anchor[: len(anchor) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                child = f"{base}.{alias.name}"
                yield child if child in modules else base


def _is(target: str, roots: tuple[str, ...]) -> bool:
    return any(target == root or target.startswith(root + ".") for root in roots)


def violations(modules: Mapping[str, str]) -> list[str]:
    """Every broken rule, as « module → import: rule »."""
    found = []
    graph: dict[str, set[str]] = {}
    for name, source in modules.items():
        kind = layer(name)
        graph[name] = set()
        for target in imports(source, name, modules):
            if target in modules:
                graph[name].add(target)
            own = _is(target, (PACKAGE,))
            target_kind = layer(target) if own else None
            if kind == "pure" and (
                _is(target, WEB_FRAMEWORK + DATABASE) or (own and target_kind != "pure")
            ):
                found.append(f"{name} → {target}: the pure core imports only the pure core")
            elif kind == "service" and (
                _is(target, WEB_FRAMEWORK)
                or target in (f"{PACKAGE}.db", f"{PACKAGE}.registry")
                or target_kind in ("web", "cli")
            ):
                found.append(
                    f"{name} → {target}: a service knows no request, no app and no blueprint"
                )
            elif kind in ("models", "feature", "cli") and target_kind == "web":
                found.append(f"{name} → {target}: only blueprints and the wiring import a view")
    found += [f"cycle: {' → '.join(cycle)}" for cycle in cycles(graph)]
    return found


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
