"""A small document structure, written out as Markdown and as a LaTeX fragment.

The methods section (:mod:`framescope.analysis.methods`) is built once as a
:class:`Document` of sections, paragraphs, tables and verbatim blocks; :func:`to_markdown`
and :func:`to_latex` write the same content, so the two can never say different things.
Text is plain text everywhere: each writer escapes what its language treats as markup.
Inline parts of a paragraph are strings, :class:`Code` (a name, a path, a command) and
:class:`Cite` (BibTeX keys: "(Hutto & Gilbert, 2014)" in Markdown, ``\\cite{...}`` in LaTeX).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Cite:
    keys: tuple[str, ...]


Inline = str | Code | Cite


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right
    caption: str = ""


@dataclass(frozen=True)
class Verbatim:
    text: str


Block = Paragraph | Table | Verbatim


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    sections: tuple[Section, ...]


def para(*parts: Inline) -> Paragraph:
    """A paragraph; empty strings are left out."""
    return Paragraph(tuple(p for p in parts if p != ""))


def cite(*keys: str) -> Cite:
    return Cite(tuple(keys))


def cited_keys(doc: Document) -> list[str]:
    """Every key the document cites, in order of first citation."""
    keys: dict[str, None] = {}
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for part in block.parts:
                    if isinstance(part, Cite):
                        keys.update(dict.fromkeys(part.keys))
    return list(keys)


# ---------------------------------------------------------------------------------------
# LaTeX

_LATEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


# "straight quotes" around words: LaTeX's opening and closing quotes
_QUOTED = re.compile(r'"([^"\n]+)"')


def escape_latex(text: str) -> str:
    """Text as LaTeX prints it: & % $ # _ { } ~ ^ \\ (and < > |) escaped in one pass."""
    return "".join(_LATEX.get(ch, ch) for ch in text)


def _latex_text(text: str) -> str:
    """Running text: escaped, and "quoted words" with LaTeX's quote marks."""
    return _QUOTED.sub(r"``\1''", escape_latex(text))


def _latex_inline(parts: Sequence[Inline]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Cite):
            out.append(f"~\\cite{{{','.join(part.keys)}}}")
        elif isinstance(part, Code):
            out.append(f"\\texttt{{{escape_latex(part.text)}}}")
        else:
            out.append(_latex_text(part))
    return "".join(out)


def to_latex(doc: Document, preamble: Sequence[str] = ()) -> str:
    """The document as a LaTeX fragment: sections as \\subsection, tables as floats; `preamble` as comments."""
    lines = [f"% {line}" if line else "%" for line in preamble]
    for section in doc.sections:
        lines += ["", f"\\subsection{{{escape_latex(section.title)}}}"]
        for block in section.blocks:
            lines.append("")
            if isinstance(block, Paragraph):
                lines.append(_latex_inline(block.parts))
            elif isinstance(block, Verbatim):
                lines += ["\\begin{verbatim}", block.text.rstrip("\n"), "\\end{verbatim}"]
            else:
                spec = "".join("r" if i in block.numeric else "l" for i in range(len(block.header)))
                lines += ["\\begin{table}[htbp]", "\\centering"]
                if block.caption:
                    lines.append(f"\\caption{{{escape_latex(block.caption)}}}")
                lines += [f"\\begin{{tabular}}{{{spec}}}", "\\hline",
                          " & ".join(escape_latex(h) for h in block.header) + " \\\\", "\\hline"]
                lines += [" & ".join(escape_latex(c) for c in row) + " \\\\" for row in block.rows]
                lines += ["\\hline", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines).lstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------
# Markdown

# Characters that start Markdown markup; an underscore inside a word never does (CommonMark).
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>|#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _markdown_inline(parts: Sequence[Inline], cite_text: Callable[[Sequence[str]], str]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Cite):
            out.append(f" ({escape_markdown(cite_text(part.keys))})")
        elif isinstance(part, Code):
            fence = "``" if "`" in part.text else "`"
            out.append(f"{fence}{part.text}{fence}")
        else:
            out.append(escape_markdown(part))
    return "".join(out)


def to_markdown(doc: Document, cite_text: Callable[[Sequence[str]], str],
                references: Mapping[str, str] | None = None, preamble: Sequence[str] = ()) -> str:
    """The document as Markdown (tables in GitHub's pipe syntax), then `references` (key -> text) listed;
    `preamble` as a quoted block under the title (`code` in it kept)."""
    lines = [f"# {escape_markdown(doc.title)}"]
    if preamble:
        lines.append("")
        lines += [f"> {line}" for line in preamble]
    for section in doc.sections:
        lines += ["", f"## {escape_markdown(section.title)}"]
        for block in section.blocks:
            lines.append("")
            if isinstance(block, Paragraph):
                lines.append(_markdown_inline(block.parts, cite_text))
            elif isinstance(block, Verbatim):
                lines += ["```", block.text.rstrip("\n"), "```"]
            else:
                if block.caption:
                    lines += [escape_markdown(block.caption), ""]
                lines.append("| " + " | ".join(escape_markdown(h) for h in block.header) + " |")
                lines.append("|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.header)))
                             + "|")
                lines += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in block.rows]
    if references:
        lines += ["", "## References", ""]
        lines += [f"- {escape_markdown(text)}" for _, text in sorted(references.items(), key=lambda kv: kv[1])]
    return "\n".join(lines) + "\n"
