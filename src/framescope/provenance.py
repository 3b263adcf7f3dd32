"""What a result depends on: the code of a stage, and the versions of the software.

Snakemake reruns a rule when its params change, so each rule passes the digest of
the framescope modules its step imports (followed transitively). Editing the
sentiment code then reruns sentiment and what follows, and nothing before it.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "framescope":
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("framescope")}


@lru_cache(maxsize=None)
def module_closure(module: str) -> tuple[str, ...]:
    """The framescope modules that `module` imports, directly or not, itself included."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(sorted(_imports(path, name)))
    return tuple(sorted(seen))


def code_digest(*modules: str) -> str:
    """sha256 over the source of the given modules and everything they import from framescope."""
    names = sorted({m for module in modules for m in module_closure(module)})
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode())
        h.update(b"\0")
        h.update(_module_file(name).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def package_versions(names=("framescope", "snakemake", "pandas", "pyarrow", "numpy", "scikit-learn",
                            "scipy", "matplotlib", "vaderSentiment")) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
