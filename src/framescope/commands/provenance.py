"""The `framescope provenance` command: the workflow's provenance record, results/provenance.json.

The record holds a digest of every input (for a large corpus one digest over the sorted
(path, sha256) list, with counts, rather than a list of every file), the config and its
digest, the framescope code digests, the package versions and the project's git commit
(:func:`git_state`); nothing in it is a time or an absolute path of this machine beyond
what the config names, so it rebuilds byte for byte. :func:`provenance` builds it;
:func:`run` takes what the workflow hands over: the corpus files (for a folder, from the
shard listings the Snakefile writes), the other inputs, and the config, code digests and
git state as JSON.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from framescope.corpus.sources import printable_source, read_listing
from framescope.base.provenance import DigestCache, file_digest, package_versions

LIST_FILES_UP_TO = 50  # beyond this many corpus files, provenance keeps their digest and counts only


def corpus_digest(files: Sequence[str | Path], root: str | Path | None = None,
                  cache: DigestCache | None = None) -> dict:
    """sha256 of each file, and one digest over the sorted ``path<TAB>sha256`` lines.

    Paths are relative to `root` (the corpus folder) when given, so the digest does
    not change when the project moves. `cache` spares reading files hashed before.
    """
    cache = cache if cache is not None else DigestCache()
    root_path = Path(root) if root is not None else None
    in_folder = root_path is not None and root_path.is_dir()
    rows = []
    total = 0
    for f in files:
        path = Path(f)
        name = path.relative_to(root_path).as_posix() if in_folder else path.name
        digest, size = cache.digest(path)
        # a name that is not UTF-8 as the manifest shows it (bytes as \xNN), so it can be written
        rows.append((printable_source(name), digest))
        total += size
    rows.sort()
    h = hashlib.sha256()
    for name, digest in rows:
        h.update(f"{name}\t{digest}\n".encode())
    out = {"n_files": len(rows), "bytes": total, "sha256": h.hexdigest(),
           "digest_of": "sha256 over the sorted lines 'path<TAB>sha256<LF>' of the files"}
    if len(rows) <= LIST_FILES_UP_TO:
        out["files"] = [{"path": n, "sha256": d} for n, d in rows]
    return out


def config_digest(config: Mapping) -> str:
    """sha256 of the config's canonical JSON (keys sorted, no spaces, UTF-8), as the record keeps it."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def git_state(project) -> dict:
    """The project's git commit, and whether its tracked files differ from it.

    ``{"commit": sha or None, "state": ...}``: state is "clean", "uncommitted changes"
    (tracked files under the project changed, as ``git describe --dirty`` counts them:
    untracked files do not count), or why the commit is not known ("not a git checkout",
    "no commit yet", "git not found", "git failed ..."). Two clean clones at one commit
    give the same record. Read by the Snakefile when it starts, so the record says what the
    code was when the run began.
    """
    def git(*args):
        return subprocess.run(["git", "--no-optional-locks", "-C", str(project), *args], capture_output=True,
                              text=True, timeout=60)

    try:
        inside = git("rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            # git's own messages name the folder: the record says why without them (no machine paths)
            if "not a git repository" in inside.stderr or inside.returncode == 0:
                reason = "not a git checkout"
            elif "dubious ownership" in inside.stderr:
                reason = "git refused to read the checkout (another user owns it: see git's safe.directory)"
            else:
                reason = f"git failed (exit status {inside.returncode})"
            return {"commit": None, "state": reason}
        head = git("rev-parse", "--verify", "--quiet", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "state": "no commit yet"}
        status = git("status", "--porcelain", "--untracked-files=no", "--", ".")
    except FileNotFoundError:
        return {"commit": None, "state": "git not found"}
    except (OSError, subprocess.SubprocessError) as err:
        return {"commit": None, "state": f"git failed ({type(err).__name__})"}
    if status.returncode != 0:
        return {"commit": head.stdout.strip(), "state": f"git status failed (exit status {status.returncode})"}
    return {"commit": head.stdout.strip(), "state": "uncommitted changes" if status.stdout.strip() else "clean"}


def build_provenance(corpus: str, corpus_files: Sequence[str | Path], inputs: Mapping[str, str | Path | None],
                     config: Mapping, code: Mapping[str, str], cache: DigestCache | None = None,
                     git: Mapping | None = None) -> dict:
    """The provenance record of a run: inputs' digests, config and its digest, code digests, package
    versions, and the git state (:func:`git_state`) when given."""
    named = {}
    for key, path in sorted(inputs.items()):
        if path:
            named[key] = {"path": str(path), "sha256": file_digest(path)}
    recorded = json.loads(json.dumps(dict(config), sort_keys=True, default=str))
    record = {
        "corpus": {"path": str(corpus), **corpus_digest(corpus_files, corpus, cache)},
        "inputs": named,
        "config": recorded,
        "config_sha256": config_digest(recorded),
        "code": dict(sorted(code.items())),
        "packages": package_versions(),
        "python": platform.python_version(),
    }
    if git is not None:
        record["git"] = {"commit": git.get("commit"), "state": git.get("state")}
    return record


def provenance(out, corpus: str, corpus_files, inputs, config, code, digest_cache=None, git=None) -> None:
    """Write the provenance record; `digest_cache` is a file keeping the corpus files' digests between runs."""
    # imported here: the Snakefile imports git_state from this module, and base.io brings pandas
    from framescope.base.io import write_json

    cache = DigestCache(digest_cache)
    write_json(out, build_provenance(corpus, corpus_files, inputs, config, code, cache, git=git))
    cache.save()


def corpus_files(corpus: str, sources: Sequence[str]) -> list[str]:
    """The corpus files behind the rule's corpus inputs: a folder's shard listings, or the one corpus file."""
    root = Path(corpus)
    if not root.is_dir():
        return list(sources)
    files = set()
    for listing in sources:
        files.update(read_listing(listing))
    return [str(root / source) for source in sorted(files) if not source.endswith("/")]


def run(out, corpus: str, sources: Sequence[str], codebook: str, frames_train: str, sentiment_train: str,
        actors: str | None, config: dict, code: dict, digest_cache: str | None = None, git: dict | None = None) -> None:
    provenance(
        out,
        corpus=corpus,
        corpus_files=corpus_files(corpus, sources),
        inputs={
            "codebook": codebook,
            "frames_train": frames_train,
            "sentiment_train": sentiment_train,
            "actors": actors,
        },
        config=config,
        code=code,
        digest_cache=digest_cache,
        git=git,
    )


def add_parser(subparsers) -> None:
    """Register `framescope provenance`."""
    p = subparsers.add_parser("provenance", help="the run's provenance record: inputs' digests, config, code, packages")
    p.add_argument("--corpus", required=True, help="the corpus as the config names it (folder or file)")
    p.add_argument("--sources", nargs="+", required=True,
                   help="the corpus file, or for a folder the shard listings (written by the Snakefile)")
    p.add_argument("--codebook", required=True, help="the codebook file")
    p.add_argument("--frames-train", required=True, help="the frames training data")
    p.add_argument("--sentiment-train", required=True, help="the sentiment training data")
    p.add_argument("--actors", nargs="*", default=[], help="the actors file, if the config names one")
    p.add_argument("--config", required=True, help="the run's config as JSON")
    p.add_argument("--code", required=True, help="the steps' code digests as JSON")
    p.add_argument("--git", default=None, help="the project's git state as JSON (git_state; the Snakefile reads it)")
    p.add_argument("--digest-cache", default=None,
                   help="file keeping the corpus files' digests between runs (same record, faster)")
    p.add_argument("--out", required=True, help="the record's file, e.g. results/provenance.json")
    p.set_defaults(func=lambda a: run(a.out, a.corpus, a.sources, a.codebook, a.frames_train, a.sentiment_train,
                                      a.actors[0] if a.actors else None, json.loads(a.config), json.loads(a.code),
                                      digest_cache=a.digest_cache, git=json.loads(a.git) if a.git else None))
