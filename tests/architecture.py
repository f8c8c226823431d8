"""A static look at where the code writes to the database.

Each app's models are written only by that app's `actions` (a module or a package) and its
migrations. This finds the calls that write (save, delete, create, update, bulk_*, get_or_create,
update_or_create, and many-to-many set/add/remove/clear) anywhere else, and, inside an app's
actions, writes through another app's model class. It reads the code as text (AST), so it
follows simple patterns: a model class named in the call, a queryset chain (`objects`, `filter`,
...), or a name assigned from one of those in the same function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "village"

ALWAYS_WRITES = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ORM_WRITES = {"create", "update"}
RELATED_WRITES = {"set", "add", "remove", "clear"}
QUERY_STEPS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "using",
    "select_related",
    "prefetch_related",
    "order_by",
    "annotate",
    "only",
    "defer",
    "none",
    "distinct",
}
# Modules allowed to write other apps' models, each with the reason.
EXEMPT = {
    # Deleting the demo region removes every row of every app it touched, in dependency order; no
    # product path deletes a region, so there is no owner action to call (decision record 0006).
    "demo/reset.py": "removes the demo region's rows across all apps",
    # Operations that migrations use (RunPython on the migration's historical models), shared so every
    # app turns its text into translatable content the same way; nothing but a migration calls them.
    "lib/translatable_migration.py": "migration operations, run only inside migrations",
}
# Receivers whose save/delete are not database writes.
NOT_MODELS = {"cache", "default_storage", "storage", "session", "messages", "pdf", "zipfile", "archive"}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    call: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call} ({self.why})"


def _chain(node: ast.expr) -> list[str]:
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        else:
            break
    return list(reversed(names))


def _app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0] if len(path.relative_to(ROOT).parts) > 1 else ""


def _is_actions(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return path.name == "actions.py" or (len(parts) > 2 and parts[1] == "actions")


def _model_owners(tree: ast.Module) -> dict[str, str]:
    """Names imported from `village.<app>.models` in this module, with their app."""
    owners: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("village."):
            bits = node.module.split(".")
            if len(bits) >= 3 and bits[2] == "models":
                for alias in node.names:
                    owners[alias.asname or alias.name] = bits[1]
    return owners


def _orm_names(function: ast.AST, owners: dict[str, str]) -> dict[str, str]:
    """Local names bound to something from the ORM (a query, or an object it returned), with the
    app of the model when the chain names one ("" when unknown)."""
    bound: dict[str, str] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            chain = _chain(node.value)
            if chain and (chain[0] in owners or set(chain) & QUERY_STEPS):
                bound[node.targets[0].id] = owners.get(chain[0], "")
    return bound


def _in_manager(tree: ast.Module, call: ast.Call) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name.endswith("Manager"):
            end = node.end_lineno or node.lineno
            if node.lineno <= call.lineno <= end:
                return True
    return False


def scan_source(source: str, path: Path) -> Iterator[Write]:
    tree = ast.parse(source)
    owners = _model_owners(tree)
    app = _app_of(path)
    in_actions = _is_actions(path)
    relative = str(path.relative_to(ROOT.parent))
    scopes: list[ast.AST] = [
        tree,
        *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
    ]
    seen: set[int] = set()
    for scope in scopes:
        bound = _orm_names(scope, owners) if scope is not tree else {}
        for node in ast.walk(scope):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)) or id(node) in seen:
                continue
            method = node.func.attr
            chain = _chain(node.func.value)
            if not chain or chain[0] in NOT_MODELS:
                continue
            root = chain[0]
            from_orm = root in owners or root in bound or bool(set(chain) & QUERY_STEPS)
            if root == "super" or _in_manager(tree, node):
                # A model's own save/delete, or a manager method such as create_user: the model layer itself.
                continue
            if method in ALWAYS_WRITES:
                if node.args and not from_orm:
                    # A model's save() and delete() take no positional arguments: this is a file, a font...
                    continue
                if method == "save" and any(
                    k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in node.keywords
                ):
                    continue
            elif method in ORM_WRITES:
                if not from_orm:
                    continue
            elif method in RELATED_WRITES:
                if not (from_orm and len(chain) >= 2):
                    continue
            else:
                continue
            seen.add(id(node))
            call = ".".join([*chain, method])
            owner = owners.get(root) or bound.get(root, "")
            if not in_actions:
                yield Write(relative, node.lineno, call, "writes outside an actions module")
            elif owner and owner != app:
                yield Write(relative, node.lineno, call, f"writes a model of {owner} from {app}'s actions")


def scan(root: Path = ROOT) -> list[Write]:
    found: list[Write] = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts or "/".join(parts) in EXEMPT:
            continue
        found.extend(scan_source(path.read_text(encoding="utf-8"), path))
    return found
