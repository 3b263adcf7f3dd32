"""The tables that move between stages: their names, columns and sort keys.

Every stage writes Parquet files sorted by the table's keys, with at least these
columns in this order (a stage may add more after them). Column types are given
as the pandas/Arrow types the writer produces.
"""

from __future__ import annotations

# name -> (columns, keys).  Keys identify a row and fix the sort order.
TABLES: dict[str, tuple[list[str], list[str]]] = {
    # ingest + clean
    "articles": (
        [
            "article_id",  # str, safe for paths: [A-Za-z0-9._-]
            "source",  # str: input path relative to the corpus root, "file.jsonl:12" for rows
            "outlet",  # str | None
            "published",  # str ISO date "YYYY-MM-DD" | None
            "title",  # str | None
            "authors",  # list[str]
            "contributors",  # list[str]: "X and Y contributed to this article"
            "url",  # str | None
            "language",  # str: ISO 639-1 code ("en", "de"), detected (config language: auto) or given; "und" undetermined
            "text",  # str: the clean text; paragraphs separated by "\n\n"
            "sha256",  # str: hex digest of text
            "n_words",  # int
            "metadata",  # str: JSON object of extra input fields, keys sorted
            # then, from ingest: `encoding` (str: what decoded the input: "utf-8", "utf-8-sig",
            # "utf-16", "cp1252", "latin-1", ...), `notes` (list[str]: what else was done to
            # read it: "mojibake repaired ...", "main text ... extracted from HTML ...", why a date
            # was left out) and `published_raw` (str | None: the date as the input gave it, the
            # `published` field or else the date found in the text; `published` is it read, or None)
            # and `language_confidence` (float | None: the detector's probability for `language`,
            # None when the config gave the language)
        ],
        ["article_id"],
    ),
    "sentences": (
        [
            "article_id",
            "sent_id",  # int, 0-based within the article, in text order
            "paragraph",  # int, 0-based paragraph index within the clean text
            "section",  # str | None: the subhead above this sentence, if any
            "start",  # int: character offset into articles.text
            "end",  # int: text[start:end] == sentence text
            "text",
        ],
        ["article_id", "sent_id"],
    ),
    "rejected": (["source", "reason"], ["source"]),
    # one row per input item: accepted, duplicate (of `duplicate_of`) or rejected (with `reason`)
    # then `similarity` (float: 1.0 for an exact duplicate, the estimated Jaccard similarity of word
    # shingles for a near-duplicate), `encoding` and `notes` (as in articles)
    "manifest": (["source", "article_id", "status", "reason", "duplicate_of"], ["source"]),
    # features
    "mentions": (
        [
            "article_id",
            "mention_id",  # int, 0-based within the article, in text order
            "sent_id",  # sentence containing `start`
            "start",
            "end",
            "surface",  # the words as written: "Defense Secretary Pete Hegseth", "Mr. Trump"
            "actor",  # canonical name, one per real-world actor: "Pete Hegseth"
            "actor_type",  # "person" | "organization" | "place"
            "role",  # str | None: "Defense Secretary"
        ],
        ["article_id", "mention_id"],
    ),
    "quotes": (
        [
            "article_id",
            "quote_id",  # int, 0-based within the article, in text order
            "sent_id",  # sentence containing `start`
            "start",  # offset of the quoted words (inside the quote marks)
            "end",
            "text",  # the quoted words
            "speaker",  # canonical actor name | None when unattributed
            "speaker_type",  # "person" | "organization" | "place" | "source" | None
            "cue",  # the speech verb or phrase: "said", "told reporters", "according to"
            "kind",  # "direct" | "indirect" | "title" | "term" (framescope.actors.quotekinds)
            "n_words",
        ],
        ["article_id", "quote_id"],
    ),
    # then `skipped` (str: why the article's quotes were not read, "quotes: no quote rules for language
    # 'es'"; "" when they were) and the lexicon counts
    "text_features": (
        ["article_id", "n_sentences", "n_words", "n_quotes", "n_actors", "quote_word_share"],
        ["article_id"],
    ),
    # share of voice: one row per article and speaker of a direct or reported quote; quotes with
    # no named speaker are pooled under speaker "(unnamed)"; then n_indirect, n_indirect_words
    "voices": (
        [
            "article_id",
            "speaker",  # canonical actor name | "(unnamed)"
            "speaker_type",  # "person" | "organization" | "place" | "source" | None
            "group",  # str | None: the group the researcher's actors file gives
            "n_quotes",  # int: direct quotes
            "n_words",  # int: words in them
            "share_words",  # float: n_words / all directly quoted words in the article
        ],
        ["article_id", "speaker"],
    ),
    # corpus actors (written after collecting): one row per actor, with the article names it gathers
    "actors": (
        ["actor", "actor_type", "group", "n_articles", "n_mentions", "variants"],
        ["actor", "actor_type"],
    ),
    # sentiment
    "sentence_sentiment": (
        [
            "article_id",
            "sent_id",
            "vader_compound",  # [-1, 1]
            "model_label",  # "negative" | "neutral" | "positive"
            "p_negative",
            "p_neutral",
            "p_positive",
            "tone",  # p_positive - p_negative, in [-1, 1]
        ],
        ["article_id", "sent_id"],
    ),
    "article_sentiment": (
        # `skipped`: "" for an article scored, else why not (its language: framescope.base.languages)
        ["article_id", "n_sentences", "vader_mean", "tone_mean", "share_negative", "share_positive", "skipped"],
        ["article_id"],
    ),
    "actor_sentiment": (
        ["article_id", "actor", "actor_type", "n_sentences", "tone_about", "vader_about", "n_quotes", "quote_tone"],
        ["article_id", "actor"],
    ),
    # frames
    "sentence_frames": (
        ["article_id", "sent_id", "frame", "probability", "predicted"],
        ["article_id", "sent_id", "frame"],
    ),
    "article_frames": (
        [
            "article_id",
            "frame",
            "share",  # float: the frame's mean probability over the article's sentences, / the sum over frames
            "n_sentences",  # int: the article's sentences predicted to carry the frame
            "is_primary",  # bool: the frame with the largest share (one per article)
            "probability_sum",  # float: the frame's probability summed over the article's sentences
            "article_sentences",  # int: the article's number of sentences, predicted to carry the frame or not
        ],
        ["article_id", "frame"],
    ),
    # one row per article: the language the frames step read it in, and why it gave it no frames
    "frames_coverage": (
        [
            "article_id",
            "language",  # str: articles.language
            "skipped",  # str: "" when framed, else the reason ("language xx: the frames model covers en, fr")
            "n_sentences",  # int: sentences given frame probabilities (0 when skipped)
        ],
        ["article_id"],
    ),
    # corpus-level frame shares (framescope.analysis.prevalence); then a `note` column (str, "" when none)
    "frame_prevalence": (
        [
            "group_type",  # "corpus" | "outlet" | "month" | "year"
            "group",  # "all", the outlet, "2024-03" / "2024", or "(no outlet)" / "(no date)"
            "frame",
            "method",  # "cc" | "acc" | "pcc" | "pacc"
            "estimate",  # share of the group's sentences carrying the frame; NaN when not estimable
            "ci_low",  # bootstrap percentile interval (articles resampled)
            "ci_high",
            "n_articles",
            "n_sentences",
        ],
        ["group_type", "group", "frame", "method"],
    ),
    # exploratory topic model (framescope.analysis.topics)
    "topic_terms": (["topic", "rank", "term", "weight"], ["topic", "rank"]),
    "article_topics": (["article_id", "topic", "share"], ["article_id", "topic"]),
}


def columns(name: str) -> list[str]:
    return list(TABLES[name][0])


def keys(name: str) -> list[str]:
    return list(TABLES[name][1])
