"""What a result depends on: the code of a stage, and the versions of the software.

Snakemake reruns a rule when its params change, so each rule passes the digest of
the framescope modules its step imports (followed transitively). Editing the
sentiment code then reruns sentiment and what follows, and nothing before it.
"""

from __future__ import annotations

import ast
import hashlib
import os
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


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
    """sha256 over the source of the given modules and everything they import from framescope.

    A module that does not exist is an error, not an empty digest: a rule keyed on it would
    never rerun when its code changes.
    """
    missing = [module for module in modules if _module_file(module) is None]
    if missing:
        raise ValueError(f"code_digest: no framescope module {', '.join(missing)}")
    names = sorted({m for module in modules for m in module_closure(module)})
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode())
        h.update(b"\0")
        h.update(_module_file(name).read_bytes())
        h.update(b"\0")
        for path in package_data(name):
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=None)
def package_data(module: str) -> tuple[Path, ...]:
    """The data files a module declares it reads (`PACKAGE_DATA = ("actors", ...)`: files or
    folders under src/framescope/data/), sorted; read from its source, not by importing it."""
    tree = ast.parse(_module_file(module).read_text(encoding="utf-8"))
    entries: list[str] = []
    for node in tree.body:
        if (isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Tuple)
                and any(isinstance(t, ast.Name) and t.id == "PACKAGE_DATA"
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))):
            entries = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    files: list[Path] = []
    for entry in entries:
        path = PACKAGE_DIR / "data" / entry
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return tuple(files)


def file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _recordable(name: str) -> bool:
    """Whether a path can be a line of the cache file (UTF-8, no tab or line break)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(c in name for c in "\t\n\r")


class DigestCache:
    """sha256 of files, kept between runs by (path, size, modification time).

    Provenance hashes every corpus file; at 100,000 files that was 3.3 s of every rerun
    with the files in the page cache and 19 s without. A file whose size and modification
    time (in nanoseconds) are those recorded is not read again, as ``make`` and git decide.
    A file modified less than :attr:`RACY_S` seconds before it was hashed is not recorded,
    since a second change within the clock's resolution could leave both unchanged (git's
    "racy" rule). The cache only spares reading: a missing or damaged file means hashing.
    """

    RACY_S = 2.0

    def __init__(self, path=None):
        self.path = Path(path) if path is not None else None
        self._known: dict[str, tuple[int, int, str]] = {}
        self._seen: dict[str, tuple[int, int, str]] = {}
        self.hashed = 0
        if self.path is not None:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            for line in lines:
                parts = line.split("\t")
                if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit() and len(parts[3]) == 64:
                    self._known[parts[0]] = (int(parts[1]), int(parts[2]), parts[3])

    def digest(self, path) -> tuple[str, int]:
        """The file's sha256 and size in bytes."""
        key = os.fspath(path)
        st = os.stat(key)
        known = self._known.get(key)
        if known is not None and known[:2] == (st.st_size, st.st_mtime_ns):
            digest = known[2]
        else:
            started = time.time_ns()
            digest = file_digest(key)
            self.hashed += 1
            if st.st_mtime_ns >= started - int(self.RACY_S * 1e9) or not _recordable(key):
                return digest, st.st_size
        self._seen[key] = (st.st_size, st.st_mtime_ns, digest)
        return digest, st.st_size

    def save(self) -> None:
        """Record the files digested since this cache was opened (and only those)."""
        if self.path is None:
            return
        from framescope.base.io import write_text

        write_text(self.path, "".join(f"{k}\t{s}\t{m}\t{d}\n" for k, (s, m, d) in sorted(self._seen.items())))


def package_versions(names=("framescope", "snakemake", "pandas", "pyarrow", "numpy", "scikit-learn",
                            "scipy", "matplotlib", "vaderSentiment")) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
