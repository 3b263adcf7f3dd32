"""A web page's main text and metadata, found by trafilatura."""

from __future__ import annotations

import warnings

from framescope.corpus.fields import author_names


def extract_html(html: str) -> tuple[dict, list[str]] | None:
    """The main text and metadata of a web page, through trafilatura; None when it finds no text.

    Returns a record with ``text`` (paragraphs separated by blank lines), ``title``,
    ``outlet`` (the site name), ``published``, ``authors`` and ``url`` when the page
    gives them, and ``description``, ``hostname``, ``categories`` and ``tags`` as
    metadata; and the page's subheadings (its <h2>...<h6> in the main text). Dates
    come from the page's markup only (meta tags, <time>, the url), never from the
    clock, so the result does not depend on when it runs.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "2099-12-31"},
        )
    if doc is None or not (doc.text or "").strip():
        return None
    paragraphs, headings = _blocks(doc.body) if doc.body is not None else ([], [])
    if not paragraphs:
        paragraphs = [line for line in doc.text.split("\n")]
    record = {
        "text": "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()),
        "title": doc.title,
        "outlet": doc.sitename,
        "published": doc.date,
        "authors": doc.author,
        "url": doc.url,
    }
    for name in ("description", "hostname", "categories", "tags"):
        value = getattr(doc, name, None)
        if value:
            record[name] = value
    if "authors" in record:  # "Staff", "Admin": a byline placeholder, not a person
        names = [n for n in author_names(record["authors"]) if n.casefold() not in _NOT_AUTHORS]
        record["authors"] = names
    return {k: v for k, v in record.items() if v not in (None, "", [])}, headings


_NOT_AUTHORS = {"staff", "admin", "administrator", "editor", "editors", "staff writer", "staff reporter", "web staff", "newsroom"}


def _blocks(body) -> tuple[list[str], list[str]]:
    """Paragraphs (list items one each) and headings of trafilatura's XML body."""
    paragraphs, headings = [], []
    for element in body:
        if element.tag == "list":
            paragraphs.extend("".join(item.itertext()) for item in element.iter("item"))
            continue
        text = " ".join("".join(element.itertext()).split())
        paragraphs.append(text)
        if element.tag == "head" and text:
            headings.append(text)
    return paragraphs, headings


def truncated(html: str) -> bool:
    """Whether a page lacks its closing </body> and </html> tags."""
    tail = html[-4096:].lower()
    return "</html" not in tail and "</body" not in tail
