"""Reading a corpus into the `articles`, `sentences` and `rejected` tables.

Items come from :func:`framescope.corpus.read.iter_items`, one per input (a record or a
rejection). Text is decoded from UTF-8, UTF-8 or UTF-16/32 with a byte-order mark, or
cp1252 / Latin-1 (see :func:`framescope.corpus.decode.decode`); mojibake (UTF-8 read as
cp1252, "CafÃ©") is repaired where the repair is unambiguous. Each article records the
encoding that read it in the ``encoding`` column, and anything else done to it in ``notes``.

Publication dates are read by :mod:`framescope.corpus.dates` from the record's
``published`` field, else from a date the cleaner found in the text (a dateline or a
byline); ``published_raw`` keeps that value as given. A date that cannot be read, or
falls outside the study's window of plausible dates (config ``dates``), leaves the
article undated, with a note saying why.

Cleaning, HTML extraction and sentence splitting happen in :func:`ingest_items`, after a
shard has kept its own items, so a corpus file read by every shard is cleaned once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from framescope.corpus.clean import clean_article, repair_mojibake
from framescope.corpus.dates import DateWindow, read_published
from framescope.corpus.fields import SURROGATE, author_names, field_value, metadata_json, text_field
from framescope.corpus.html import extract_html, truncated
from framescope.corpus.read import MAX_BYTES, Item, iter_items
from framescope.text.language import AUTO, detect_language
from framescope.text.sentences import split_sentences
from framescope.base.sharding import shard_of
from framescope.base.tables import columns

MIN_HTML_WORDS = 10  # a page whose main text is shorter is a menu or an error page, not an article


# columns after those of tables.TABLES["articles"]
ARTICLE_EXTRA = ("encoding", "notes", "published_raw", "language_confidence")
_STR_LIST = pd.ArrowDtype(pa.list_(pa.string()))
_ARTICLE_TYPES = {"authors": _STR_LIST, "contributors": _STR_LIST, "n_words": "int64", "notes": _STR_LIST,
                  "language_confidence": "float64"}
_SENTENCE_TYPES = {"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"}


def _frame(rows: dict[str, list], name: str, types: dict[str, object], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    data = {}
    for col in [*columns(name), *extra]:
        dtype = types.get(col, "str")
        data[col] = pd.Series(rows[col], dtype=dtype)
    return pd.DataFrame(data)


def _repaired(value: str | None, notes: list[str], what: str) -> str | None:
    if not value:
        return value
    fixed, n = repair_mojibake(value)
    if n:
        notes.append(f"mojibake repaired in the {what} ({n} places: UTF-8 that had been read as cp1252)")
    return fixed


def ingest_items(items: Iterable[Item], language: str = AUTO, *, earliest: str | None = None,
                 latest: str | None = None, memo=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean and split items into the (articles, sentences, rejected) tables.

    The tables have the columns of :mod:`framescope.base.tables`, sorted by their keys.
    A record holding a web page (``html``) has its text found by :func:`extract_html`
    first. An item whose id was already taken, whose page has no main text, or whose
    text is empty once cleaned, is rejected with the reason. `earliest` and `latest`
    (ISO dates, config ``dates``) bound the plausible publication dates; without them
    every readable date is kept and two-digit years are not read. `language` is "auto"
    (each article's language detected from its title and clean text, with the detector's
    confidence and a note when it is mixed or undetermined) or a code given to every article.

    `memo` (a :class:`~framescope.base.memo.ObjectMemo` keyed by the code, `language` and the
    dates): what each item gave last time, by its record, source, id, encoding and notes, so
    that a shard rerun for one new or edited article cleans only that one. An item's result
    depends on nothing else, so the tables are the same with or without it.
    """
    window = DateWindow.from_config(earliest, latest) if earliest is not None and latest is not None else None
    articles: dict[str, list] = {c: [] for c in [*columns("articles"), *ARTICLE_EXTRA]}
    sentences: dict[str, list] = {c: [] for c in columns("sentences")}
    rejected: dict[str, list] = {c: [] for c in columns("rejected")}
    taken: dict[str, str] = {}

    def reject(source: str, reason: str) -> None:
        rejected["source"].append(source)
        rejected["reason"].append(reason)

    if memo is not None:
        memo.open()
    for item in items:
        if item.reason is not None:
            reject(item.source, item.reason)
            continue
        article_id = item.article_id
        if article_id in taken:
            reject(item.source, f"id collision: {article_id} already taken by {taken[article_id]} (give each article its own id)")
            continue
        if memo is None:
            result = clean_item(item, language, window)
        else:
            result = memo.get(item_key(item), lambda: clean_item(item, language, window))
        if isinstance(result, str):
            reject(item.source, result)
            continue
        taken[article_id] = item.source
        article, spans = result
        articles["article_id"].append(article_id)
        articles["source"].append(item.source)
        for column, value in article.items():
            articles[column].append(value)
        text = article["text"]
        for sent_id, (paragraph, section, start, end) in enumerate(spans):
            sentences["article_id"].append(article_id)
            sentences["sent_id"].append(sent_id)
            sentences["paragraph"].append(paragraph)
            sentences["section"].append(section)
            sentences["start"].append(start)
            sentences["end"].append(end)
            sentences["text"].append(text[start:end])

    if memo is not None:
        memo.close()
    a = _frame(articles, "articles", _ARTICLE_TYPES, ARTICLE_EXTRA)
    s = _frame(sentences, "sentences", _SENTENCE_TYPES)
    r = _frame(rejected, "rejected", {})
    a = a.sort_values("article_id", kind="stable").reset_index(drop=True)
    s = s.sort_values(["article_id", "sent_id"], kind="stable").reset_index(drop=True)
    r = r.sort_values(["source", "reason"], kind="stable").reset_index(drop=True)
    return a, s, r


def item_key(item: Item) -> str:
    """Everything of an item its cleaning reads, as one string (the memo's key for it)."""
    return json.dumps([item.source, item.article_id, item.encoding, list(item.notes), item.record],
                      ensure_ascii=False, default=repr)


def clean_item(item: Item, language: str, window: DateWindow | None):
    """One readable item cleaned: the reason it is rejected (a str), or its ``articles`` columns
    other than ``article_id`` and ``source`` (a dict) and its sentences as (paragraph, section,
    start, end) spans of the clean text, in order."""
    record = item.record
    notes = list(item.notes)
    raw_text = field_value(record, "text")
    headings: list[str] = []
    if raw_text is None:  # a web page: find its main text
        html = field_value(record, "html")
        try:
            page = extract_html(html)
        except Exception as err:  # noqa: BLE001 - a parser failing on one page must not stop the corpus
            return f"HTML could not be parsed ({type(err).__name__})"
        if page is None:
            return "no article text found in the HTML page"
        page, headings = page
        n_words = len(page["text"].split())
        if n_words < MIN_HTML_WORDS:
            return f"no article text found in the HTML page (only {n_words} words outside its navigation)"
        notes.append("main text and metadata extracted from HTML by trafilatura")
        if truncated(html):
            notes.append("the page has no closing </body> or </html> tag: it may be truncated")
        given = {k: v for k, v in record.items() if not (isinstance(k, str) and k.strip().lower() == "html")}
        record = {**page, **{k: v for k, v in given.items() if v not in (None, "")}}
        raw_text = record["text"]
    if SURROGATE.search(raw_text):
        notes.append("invalid characters (lone surrogate escapes) replaced by U+FFFD")
    raw_text = _repaired(raw_text, notes, "text")
    title = _repaired(text_field(record, "title"), notes, "title")
    cleaned = clean_article(raw_text, title=title, headings=headings)
    if not cleaned.text.strip():
        return "no body text after cleaning (only boilerplate, or nothing)"

    published, published_raw = _published(field_value(record, "published"), cleaned, window, notes)
    authors = author_names(field_value(record, "authors")) or cleaned.authors

    text = cleaned.text
    if language == AUTO:
        found = detect_language(f"{title or cleaned.title or ''}\n{text}")
        if found.note:
            notes.append(found.note)
        code, confidence = found.code, found.confidence
    else:
        code, confidence = language, None
    article = {
        "outlet": text_field(record, "outlet") or cleaned.outlet,
        "published": published,
        "title": title or cleaned.title,
        "authors": authors,
        "contributors": cleaned.contributors,
        "url": text_field(record, "url"),
        "language": code,
        "text": text,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "n_words": len(text.split()),
        "metadata": metadata_json(record, {}),
        "encoding": item.encoding,
        "notes": notes,
        "published_raw": published_raw,
        "language_confidence": confidence,
    }

    headings = dict(cleaned.sections)
    section = None
    last_paragraph = -1
    spans = []
    for sentence in split_sentences(text, code):
        if sentence.paragraph != last_paragraph:
            # headings above this paragraph, in order; the nearest one wins
            for p in range(last_paragraph + 1, sentence.paragraph + 1):
                if p in headings:
                    section = headings[p]
            last_paragraph = sentence.paragraph
        if sentence.paragraph in headings:
            continue  # a heading is a section marker, not a sentence
        spans.append((sentence.paragraph, section, sentence.start, sentence.end))
    return article, spans


def _published(given, cleaned, window: DateWindow | None, notes: list[str]) -> tuple[str | None, str | None]:
    """(ISO date, the date as given) of an article: its `published` field, else the date its text gave.

    A value that is no date, or is outside `window`, adds a note; the text's date is then
    tried before the article is left undated.
    """
    if isinstance(given, float) and given != given:  # NaN: a CSV or Parquet cell left empty
        given = None
    raw = None
    if given is not None and (not isinstance(given, str) or given.strip()):
        raw = given.isoformat() if hasattr(given, "isoformat") else " ".join(str(given).split())
        day, note = read_published(given, window)
        if day is not None:
            return day, raw
        notes.append(note)
    if cleaned.published_raw is not None:
        day, note = read_published(cleaned.published_raw, window, "the date in the text")
        if day is not None:
            return day, raw or cleaned.published_raw
        notes.append(note)
    return None, raw or cleaned.published_raw


def shard_key(item: Item) -> str:
    """What decides an item's shard: its article id, or its source when the id is unknown."""
    return item.article_id if item.article_id is not None else item.source


def ingest_shard(
    corpus: Path,
    shard: int,
    n_shards: int,
    sources: list[str] | None = None,
    language: str = AUTO,
    max_bytes: int = MAX_BYTES,
    *,
    earliest: str | None = None,
    latest: str | None = None,
    lines: frozenset[int] | None = None,
    memo=None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The (articles, sentences, rejected) tables of one shard of a corpus.

    Only the items whose :func:`shard_key` hashes to `shard` are cleaned; over all
    shards every item is accounted for exactly once. `lines`: of a JSON Lines corpus
    file, the only lines to read (the shard's, from its listing; see :mod:`framescope.corpus.split`).
    `memo`: see :func:`ingest_items`.
    """
    if not 0 <= shard < n_shards:
        raise ValueError(f"shard {shard} is outside 0..{n_shards - 1}")
    items = (item for item in iter_items(corpus, sources, max_bytes, lines)
             if shard_of(shard_key(item), n_shards) == shard)
    return ingest_items(items, language=language, earliest=earliest, latest=latest, memo=memo)
