"""The works a methods section cites: read from data/references.yaml, written as BibTeX or as text.

Each entry has a BibTeX key, its fields, and `cite`, the author-year label the Markdown
text shows ("Hutto & Gilbert, 2014"). An entry may say which package of the provenance
record (`package`), bundled codebook (`codebook`) or labelled-data format (`format`) it
is the reference for. A codebook of the researcher's own that gives a `citation` becomes
an entry too (:func:`codebook_entry`), with that text as its note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

#: The package data this module reads, under src/framescope/data/: part of the code digest of
#: every step that imports it (framescope.base.provenance), so editing an entry reruns them.
PACKAGE_DATA = ("references.yaml",)

# BibTeX fields in the order they are written; others are not written.
FIELDS = ("author", "title", "journal", "booktitle", "volume", "number", "pages", "publisher", "note", "year", "doi")
# Characters that are special to LaTeX inside a BibTeX value (braces are kept: they protect capitals).
_BIB_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
# Accented letters of the bundled names, as classic BibTeX (8-bit unsafe) wants them.
_ACCENTS = {"ö": r'{\"o}', "ä": r'{\"a}', "ü": r'{\"u}', "é": r"{\'e}", "É": r"{\'E}", "è": r"{\`e}",
            "ë": r'{\"e}', "á": r"{\'a}", "í": r"{\'\i}", "ó": r"{\'o}", "ñ": r"{\~n}"}


@dataclass(frozen=True)
class Reference:
    key: str
    type: str
    cite: str
    fields: dict = field(default_factory=dict, compare=False)
    package: str | None = None
    codebook: str | None = None
    format: str | None = None

    def bibtex(self) -> str:
        """The entry as BibTeX: fields in a fixed order, LaTeX specials escaped, accents as BibTeX writes them."""
        lines = [f"@{self.type}{{{self.key},"]
        for name in FIELDS:
            value = self.fields.get(name)
            if not value:
                continue
            if name == "author":
                value = " and ".join(value)
            if name != "doi":
                value = "".join(_BIB_SPECIAL.get(ch, _ACCENTS.get(ch, ch)) for ch in str(value))
            lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The reference as one line of plain text (APA-like), for the Markdown list of references."""
        f = self.fields
        if not f.get("author"):  # a codebook's own citation text
            return f.get("note") or _plain(f.get("title", self.key))
        authors = [_initials(a) for a in f["author"]]
        names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", & " + authors[-1]
        parts = [f"{names} ({f.get('year') or 'n.d.'}).", f"{_plain(f['title'])}."]
        venue = f.get("journal") or f.get("booktitle")
        if venue:
            where = ("In " if f.get("booktitle") else "") + venue
            if f.get("volume"):
                where += f", {f['volume']}" + (f"({f['number']})" if f.get("number") else "")
            if f.get("pages"):
                where += f", {f['pages'].replace('--', '–')}"
            parts.append(where + ".")
        if f.get("note"):
            parts.append(f"{f['note'].rstrip('.')}.")
        if f.get("doi"):
            parts.append(f"https://doi.org/{f['doi']}")
        return " ".join(parts)


def _plain(title: str) -> str:
    return title.replace("{", "").replace("}", "")


def _initials(name: str) -> str:
    """"Mölder, Felix" -> "Mölder, F."; "Hutto, C. J." stays."""
    family, _, given = name.partition(", ")
    if not given:
        return family
    initials = " ".join(part if part.endswith(".") else part[0] + "." for part in given.split())
    return f"{family}, {initials}"


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """Every bundled reference by key."""
    raw = yaml.safe_load((resources.files("framescope") / "data" / "references.yaml").read_text(encoding="utf-8"))
    out = {}
    for entry in raw:
        fields = {k: v for k, v in entry.items() if k in FIELDS}
        out[entry["key"]] = Reference(entry["key"], entry["type"], entry["cite"], fields, entry.get("package"),
                                      entry.get("codebook"), entry.get("format"))
    return out


def for_package(name: str) -> Reference | None:
    return next((r for r in references().values() if r.package == name), None)


def for_format(name: str) -> Reference | None:
    return next((r for r in references().values() if r.format == name), None)


def codebook_entry(name: str, citation: str) -> Reference | None:
    """The reference of a codebook: the bundled entry for a bundled codebook, else one made from its
    `citation` text (None when it gives none)."""
    bundled = next((r for r in references().values() if r.codebook == name), None)
    if bundled is not None:
        return bundled
    citation = " ".join(citation.split())
    if not citation:
        return None
    key = "codebook_" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", citation)
    label = f"codebook {name}" + (f", {year.group(1)}" if year else "")
    return Reference(key, "misc", label, {"title": f"Codebook {name}", "note": citation,
                                          "year": year.group(1) if year else ""})


def bibtex(refs) -> str:
    """A .bib file of the given references, sorted by key."""
    return "\n".join(r.bibtex() for r in sorted(refs, key=lambda r: r.key))
