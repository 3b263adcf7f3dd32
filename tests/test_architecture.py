"""The package's folder tree is its architecture: layers, no cycles, small modules, private names kept private.

Run as a script for the counts quoted in notes (`python tests/test_architecture.py [SRC]`).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

#: Subpackages from the ground floor up. A module imports from its own layer or lower ones;
#: the commands and the Snakemake-side helpers are the top, side by side.
LAYERS = ("base", "text", "corpus", "actors", "sentiment", "frames", "coding", "analysis", "figures",
          ("commands", "workflow"))
MAX_LINES = 800


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    for rank, names in enumerate(LAYERS):
        if parts[1] in ((names,) if isinstance(names, str) else names):
            return rank
    return None


def modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted((src / "framescope").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(src: Path = SRC) -> dict[str, dict[str, set[str]]]:
    """module -> {imported framescope module -> names taken from it} (lazy imports included)."""
    mods = modules(src)
    graph: dict[str, dict[str, set[str]]] = {}
    for name, path in mods.items():
        edges: dict[str, set[str]] = {}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in mods:
                        edges.setdefault(alias.name, set())
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                for alias in node.names:
                    if f"{base}.{alias.name}" in mods:  # `from framescope.base import io`
                        edges.setdefault(f"{base}.{alias.name}", set())
                    elif base in mods:
                        edges.setdefault(base, set()).add(alias.name)
        edges.pop(name, None)
        graph[name] = edges
    return graph


def cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def counts(src: Path = SRC) -> dict:
    mods, graph = modules(src), imports(src)
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in mods.items()}
    largest = max(sizes, key=sizes.get)
    return {
        "modules": sum(1 for p in mods.values() if p.name != "__init__.py" or p.stat().st_size),
        "top_level_modules": sum(1 for m, p in mods.items() if m.count(".") == 1 and p.name != "__init__.py"),
        "import_edges": sum(len(e) for e in graph.values()),
        "cycles": len(cycles(graph)),
        "largest": f"{largest} ({sizes[largest]} lines)",
    }


def test_no_import_cycles():
    assert cycles(imports()) == []


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for module, edges in imports().items():
        own = _layer(module)
        for target in edges:
            theirs = _layer(target)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_every_module_lives_in_a_layer():
    # outside the layers: the package's __init__ (load_results) and __main__ (python -m framescope)
    assert [m for m in modules() if m not in ("framescope", "framescope.__main__") and _layer(m) is None] == []


def test_no_private_name_used_outside_its_module():
    crossing = [
        f"{module} takes {name} from {target}"
        for module, edges in imports().items()
        for target, names in edges.items()
        for name in sorted(names)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert crossing == []


def test_no_module_over_the_line_limit():
    long = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checks_catch_what_they_are_for(tmp_path):
    pkg = tmp_path / "framescope"
    (pkg / "base").mkdir(parents=True)
    (pkg / "figures").mkdir()
    for init in (pkg / "__init__.py", pkg / "base" / "__init__.py", pkg / "figures" / "__init__.py"):
        init.write_text("")
    (pkg / "base" / "io.py").write_text("from framescope.figures.draw import _helper\n")
    (pkg / "figures" / "draw.py").write_text("from framescope.base import io\n_helper = 1\n")
    graph = imports(tmp_path)
    assert graph["framescope.base.io"] == {"framescope.figures.draw": {"_helper"}}
    assert cycles(graph) == [["framescope.base.io", "framescope.figures.draw"]]
    assert _layer("framescope.figures.draw") > _layer("framescope.base.io")


if __name__ == "__main__":
    import json

    print(json.dumps(counts(Path(sys.argv[1]) if len(sys.argv) > 1 else SRC)))
