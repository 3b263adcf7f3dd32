"""Frame codebooks: which frames exist, what each one means, and a checked loader.

A codebook is a YAML file::

    name: policy_frames
    citation: ...
    description: ...
    frames:
      - id: economic          # snake_case, unique
        code: 1               # integer, unique
        label: Economic
        definition: ...       # what a coder looks for
        indicators: [cost, jobs]   # optional cue terms

A bare name such as ``policy_frames`` is looked up in ``config/codebooks/`` under the
current directory first (so a project can edit or add codebooks) and then among the
codebooks bundled with the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

TOP_KEYS = {"name", "citation", "description", "frames"}
FRAME_KEYS = {"id", "code", "label", "definition", "indicators"}
REQUIRED_FRAME_KEYS = ("id", "code", "label", "definition")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Frame:
    id: str
    code: int
    label: str
    definition: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    name: str
    frames: list[Frame]
    citation: str = ""
    description: str = ""
    source: str = field(default="", compare=False)

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]

    @property
    def labels(self) -> list[str]:
        return [f.label for f in self.frames]

    def frame(self, frame_id: str) -> Frame:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(f"codebook {self.name!r} has no frame {frame_id!r}; frames are {self.ids}")


def codebook_path(name_or_path: str) -> Path:
    """Resolve a codebook name or path to a file, or raise FileNotFoundError saying where it looked."""
    text = str(name_or_path)
    is_bare_name = "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml"))
    if not is_bare_name:
        path = Path(text)
        if not path.is_file():
            raise FileNotFoundError(f"codebook file {text} does not exist")
        return path
    local = Path("config") / "codebooks" / f"{text}.yaml"
    if local.is_file():
        return local
    bundled = resources.files("framescope") / "data" / "codebooks" / f"{text}.yaml"
    if bundled.is_file():
        return Path(str(bundled))
    raise FileNotFoundError(
        f"no codebook named {text!r}: looked for {local} under {Path.cwd()} and among the "
        f"bundled codebooks ({', '.join(bundled_codebooks()) or 'none'}); give a path to a YAML file instead"
    )


def bundled_codebooks() -> list[str]:
    folder = resources.files("framescope") / "data" / "codebooks"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_codebook(name_or_path: str) -> Codebook:
    """Load and validate a codebook given by bundled/project name or by path."""
    path = codebook_path(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CodebookError(f"{path}: not valid YAML: {err}") from err
    return parse_codebook(data, source=str(path))


def parse_codebook(data, source: str = "<codebook>") -> Codebook:
    """Validate a codebook already read from YAML; errors name `source`, frame index and key."""
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: expected a mapping with keys {sorted(TOP_KEYS)}, got {type(data).__name__}")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise CodebookError(f"{source}: unknown top-level key {unknown[0]!r}; allowed keys are {sorted(TOP_KEYS)}")
    for key in ("name", "frames"):
        if key not in data:
            raise CodebookError(f"{source}: missing top-level key {key!r}")
    name = data["name"]
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{source}: 'name' must be a non-empty string")
    raw_frames = data["frames"]
    if not isinstance(raw_frames, list) or not raw_frames:
        raise CodebookError(f"{source}: 'frames' must be a non-empty list of frames")

    frames: list[Frame] = []
    seen_ids: dict[str, int] = {}
    seen_codes: dict[int, int] = {}
    for i, raw in enumerate(raw_frames):
        where = f"{source}: frames[{i}]"
        if not isinstance(raw, dict):
            raise CodebookError(f"{where}: expected a mapping with keys {list(REQUIRED_FRAME_KEYS)}")
        if isinstance(raw.get("id"), str):
            where += f" ({raw['id']!r})"
        unknown = sorted(set(raw) - FRAME_KEYS)
        if unknown:
            raise CodebookError(f"{where}: unknown key {unknown[0]!r}; allowed keys are {sorted(FRAME_KEYS)}")
        for key in REQUIRED_FRAME_KEYS:
            if key not in raw or raw[key] is None or (isinstance(raw[key], str) and not raw[key].strip()):
                raise CodebookError(f"{where}: missing key {key!r}; every frame needs {list(REQUIRED_FRAME_KEYS)}")
        frame_id, code = raw["id"], raw["code"]
        if not isinstance(frame_id, str) or not ID_PATTERN.match(frame_id):
            raise CodebookError(f"{where}: key 'id' must be snake_case (a-z, 0-9, _), got {frame_id!r}")
        if isinstance(code, bool) or not isinstance(code, int):
            raise CodebookError(f"{where}: key 'code' must be an integer, got {code!r}")
        if frame_id in seen_ids:
            raise CodebookError(f"{where}: duplicate id {frame_id!r} (first used by frames[{seen_ids[frame_id]}])")
        if code in seen_codes:
            raise CodebookError(f"{where}: duplicate code {code} (first used by frames[{seen_codes[code]}])")
        for key in ("label", "definition"):
            if not isinstance(raw[key], str):
                raise CodebookError(f"{where}: key {key!r} must be a string")
        indicators = raw.get("indicators") or []
        if not isinstance(indicators, list) or not all(isinstance(t, str) for t in indicators):
            raise CodebookError(f"{where}: key 'indicators' must be a list of strings")
        seen_ids[frame_id] = i
        seen_codes[code] = i
        frames.append(
            Frame(
                id=frame_id,
                code=code,
                label=raw["label"].strip(),
                definition=" ".join(raw["definition"].split()),
                indicators=tuple(indicators),
            )
        )
    return Codebook(
        name=name.strip(),
        frames=frames,
        citation=" ".join(str(data.get("citation") or "").split()),
        description=" ".join(str(data.get("description") or "").split()),
        source=source,
    )
