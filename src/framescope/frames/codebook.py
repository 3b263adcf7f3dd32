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
        indicators: [cost, jobs]   # optional: cue terms (list of strings)
        questions: [...]      # optional: yes/no indicator questions a coder answers
        aliases:              # optional: this frame's name in other label schemes
          semeval2023: Economic

A bare name such as ``policy_frames`` is one of the codebooks bundled with the package
(``framescope/data/codebooks/``); anything else is a path to a codebook YAML file (to edit
a bundled codebook, copy it and give the copy's path).

Bundled codebooks: ``policy_frames`` (the 15 frames of the Policy Frames Codebook, as
in the Media Frames Corpus) and ``generic_frames`` (the five generic news frames of
Semetko & Valkenburg, 2000, with their indicator questions).

Labels from other data sets are turned into codebook ids by :func:`map_labels`:
``map_labels(["Economic", "Political"], scheme="semeval2023")`` gives
``["economic", "political"]``; ``scheme="code"`` maps Media Frames Corpus codes
(``1``, ``"5.0"``, ``"13.2"``: the integer part is the frame).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

TOP_KEYS = {"name", "citation", "description", "frames"}
FRAME_KEYS = {"id", "code", "label", "definition", "indicators", "questions", "aliases"}
REQUIRED_FRAME_KEYS = ("id", "code", "label", "definition")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Label schemes every codebook understands; any other scheme is an `aliases` key.
BUILTIN_SCHEMES = ("id", "label", "code")
# The bundled frames starter set (framescope/data/frames_starter.csv) is coded with
# this codebook's frame ids; another codebook needs its own coded training data.
STARTER_CODEBOOK = "policy_frames"


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Frame:
    id: str
    code: int
    label: str
    definition: str
    indicators: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    # scheme -> the frame's label(s) in that scheme, e.g. (("semeval2023", ("Economic",)),)
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def alias(self, scheme: str) -> tuple[str, ...]:
        """This frame's label(s) in another scheme (empty when it has none there)."""
        return dict(self.aliases).get(scheme, ())


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

    @property
    def schemes(self) -> list[str]:
        """Label schemes :meth:`map_labels` accepts: id, label, code and every alias scheme."""
        extra = sorted({scheme for f in self.frames for scheme, _ in f.aliases})
        return list(BUILTIN_SCHEMES) + extra

    def label_map(self, scheme: str) -> dict[str, str]:
        """Normalised label in `scheme` -> frame id (see :func:`normalise_label`).

        For ``scheme="code"`` the keys are the codes as strings (``"1"``, ``"15"``).
        """
        if scheme == "id":
            return {normalise_label(f.id): f.id for f in self.frames}
        if scheme == "label":
            return {normalise_label(f.label): f.id for f in self.frames}
        if scheme == "code":
            return {str(f.code): f.id for f in self.frames}
        if scheme not in self.schemes:
            raise ValueError(
                f"codebook {self.name!r} has no label scheme {scheme!r}; schemes are {self.schemes} "
                "(add `aliases: {" + scheme + ": <label>}` to its frames to define one)"
            )
        return {normalise_label(a): f.id for f in self.frames for a in f.alias(scheme)}

    def map_labels(self, labels, scheme: str = "semeval2023", unknown: str = "raise") -> list[str | None]:
        """Frame ids for labels written in another scheme, in the same order.

        Parameters
        ----------
        labels : iterable of str or int
            One label per item, e.g. ``["Economic", "Crime_and_punishment"]``. Matching
            ignores case and treats spaces, underscores, hyphens and punctuation alike.
        scheme : str
            ``"id"``, ``"label"``, ``"code"`` (integer codes; for the Media Frames Corpus,
            ``"13.2"`` and ``13.0`` are frame 13, the part after the point being the
            headline/primary marker) or an alias scheme such as ``"semeval2023"``.
        unknown : {"raise", "none"}
            What to do with a label the scheme does not know: raise a ValueError naming
            it and its position (default), or return None in its place so the caller
            can report or skip it (MFC tone codes 17-19, irrelevance code 16).
        """
        if isinstance(labels, (str, bytes)):
            raise TypeError("map_labels takes a list of labels, not one string: split it first")
        if unknown not in ("raise", "none"):
            raise ValueError(f"unknown must be 'raise' or 'none', got {unknown!r}")
        table = self.label_map(scheme)
        out: list[str | None] = []
        for i, label in enumerate(labels):
            key = _code_key(label) if scheme == "code" else normalise_label(str(label))
            frame_id = table.get(key) if key is not None else None
            if frame_id is None and unknown == "raise":
                known = sorted({f.id for f in self.frames} if scheme == "id" else _known(self, scheme))
                raise ValueError(
                    f"label {label!r} (item {i}) is not a {scheme!r} label of codebook {self.name!r}; known: {known}"
                )
            out.append(frame_id)
        return out


def normalise_label(label: str) -> str:
    """Case- and punctuation-blind form of a label: 'Legality, constitutionality' -> 'legality_constitutionality'."""
    return re.sub(r"[^0-9a-z]+", "_", label.casefold()).strip("_")


def _code_key(label) -> str | None:
    """'13', 13, 13.0, '13.2' -> '13'; anything else -> None."""
    if isinstance(label, bool):
        return None
    if isinstance(label, int):
        return str(label)
    if isinstance(label, float):
        return str(int(label)) if label == label and label >= 0 else None
    match = re.fullmatch(r"\s*(\d+)(?:\.\d*)?\s*", str(label))
    return str(int(match.group(1))) if match else None


def _known(codebook: Codebook, scheme: str) -> list[str]:
    if scheme == "label":
        return codebook.labels
    if scheme == "code":
        return [str(f.code) for f in codebook.frames]
    return [a for f in codebook.frames for a in f.alias(scheme)]


def map_labels(labels, scheme: str = "semeval2023", codebook: str | Codebook = "policy_frames",
               unknown: str = "raise") -> list[str | None]:
    """Frame ids of `codebook` for labels in another scheme; see :meth:`Codebook.map_labels`.

    ``map_labels(["Economic", "Political"])`` -> ``["economic", "political"]`` (SemEval-2023
    Task 3 names onto the policy frames). SemEval's 14 frames are the 14 substantive frames
    of the Policy Frames Codebook one to one; the codebook's 15th, ``other``, has no SemEval
    name, and an article with no SemEval frame stays frameless (it does not become ``other``).
    """
    book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    return book.map_labels(labels, scheme=scheme, unknown=unknown)


def starter_fits(codebook: Codebook) -> bool:
    """True when the bundled frames starter set can train a model for `codebook`.

    The starter set is coded with the policy-frames ids, so it fits a codebook with
    exactly those ids (an edited copy of policy_frames with new definitions fits; the
    generic frames or a codebook of one's own do not).
    """
    starter = load_codebook(str(_bundled(STARTER_CODEBOOK)))
    return set(codebook.ids) == set(starter.ids)


def check_training_data(codebook: Codebook, train: str, key: str = "frames.train") -> None:
    """Raise CodebookError when `train` is 'starter' but the starter set is not coded for `codebook`."""
    if train == "starter" and not starter_fits(codebook):
        raise CodebookError(
            f"config key {key!r}: the bundled starter set is coded for the {STARTER_CODEBOOK} codebook, "
            f"not for {codebook.name!r} ({codebook.source}); give {key}: a CSV of sentences coded with "
            f"its frames (columns text, frames; frame ids {codebook.ids} separated by ';')"
        )


def is_codebook_name(text: str) -> bool:
    """True for a bare name such as ``policy_frames`` (a bundled codebook), False for a path."""
    text = str(text)
    return "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml"))


def codebook_path(name_or_path: str, key: str = "frames.codebook") -> Path:
    """The file of a codebook: a bare name is a bundled codebook, anything else a path to a file.

    Raises FileNotFoundError naming the config key `key` and, for a name, the known names.
    """
    text = str(name_or_path)
    if not is_codebook_name(text):
        path = Path(text)
        if not path.is_file():
            raise FileNotFoundError(f"config key {key!r}: codebook file {text} does not exist")
        return path
    path = _bundled(text)
    if not path.is_file():
        raise FileNotFoundError(
            f"config key {key!r}: unknown codebook {text!r}; known: {bundled_codebooks()} "
            "(or give a path to a codebook YAML file)"
        )
    return path


def _bundled(name: str) -> Path:
    return Path(str(resources.files("framescope") / "data" / "codebooks" / f"{name}.yaml"))


def bundled_codebooks() -> list[str]:
    folder = resources.files("framescope") / "data" / "codebooks"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_codebook(name_or_path: str) -> Codebook:
    """Load and validate a codebook given by bundled name or by path."""
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
    seen_aliases: dict[tuple[str, str], int] = {}
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
        indicators = _string_list(raw, "indicators", where)
        questions = _string_list(raw, "questions", where)
        aliases = _aliases(raw, where)
        for scheme, names in aliases:
            for alias in names:
                key = (scheme, normalise_label(alias))
                if key in seen_aliases:
                    raise CodebookError(
                        f"{where}: key 'aliases': {scheme} label {alias!r} is already used by "
                        f"frames[{seen_aliases[key]}]; a label must name one frame"
                    )
                seen_aliases[key] = i
        seen_ids[frame_id] = i
        seen_codes[code] = i
        frames.append(
            Frame(
                id=frame_id,
                code=code,
                label=raw["label"].strip(),
                definition=" ".join(raw["definition"].split()),
                indicators=indicators,
                questions=questions,
                aliases=aliases,
            )
        )
    return Codebook(
        name=name.strip(),
        frames=frames,
        citation=" ".join(str(data.get("citation") or "").split()),
        description=" ".join(str(data.get("description") or "").split()),
        source=source,
    )


def _string_list(raw: dict, key: str, where: str) -> tuple[str, ...]:
    """An optional list of non-empty strings (absent or null -> empty)."""
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CodebookError(f"{where}: key {key!r} must be a list of strings, got {type(value).__name__}")
    for j, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise CodebookError(f"{where}: key {key!r}: item {j} must be a non-empty string, got {item!r}")
    return tuple(" ".join(item.split()) for item in value)


def _aliases(raw: dict, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`aliases: {scheme: label or [labels]}` -> sorted ((scheme, (label, ...)), ...)."""
    value = raw.get("aliases")
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise CodebookError(f"{where}: key 'aliases' must be a mapping of scheme -> label, got {type(value).__name__}")
    out = []
    for scheme in sorted(value, key=str):
        if not isinstance(scheme, str) or not ID_PATTERN.match(scheme) or scheme in BUILTIN_SCHEMES:
            raise CodebookError(
                f"{where}: key 'aliases': scheme name {scheme!r} must be snake_case and not one of {list(BUILTIN_SCHEMES)}"
            )
        names = value[scheme]
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise CodebookError(f"{where}: key 'aliases.{scheme}' must be a label or a list of labels (strings)")
        out.append((scheme, tuple(n.strip() for n in names)))
    return tuple(out)
