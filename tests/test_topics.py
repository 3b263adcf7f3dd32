"""The exploratory topic model: finds planted themes, deterministic, honest about tiny corpora."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framescope.commands import cli
from framescope.base.io import read_table, write_table
from framescope.analysis.topics import fit_topics as _fit_topics

# Three planted themes; every article mixes words of one theme with shared filler.
THEMES = {
    "harbour": ["ferry", "harbour", "dock", "tide", "fishermen", "vessel", "pier", "cargo", "lighthouse", "anchor"],
    "orchard": ["apple", "orchard", "harvest", "blossom", "cider", "grower", "frost", "pruning", "pear", "beekeeper"],
    "library": ["library", "librarian", "books", "reading", "shelves", "archive", "catalogue", "lending", "novel",
                "manuscript"],
}
FILLER = ["council", "meeting", "week", "residents", "town", "plan", "morning", "local", "report", "group"]


def fit_topics(articles, k=10, top_terms=12, seed=0, fit_sample=20_000, **kwargs):
    """fit_topics with the default config's settings (the package has none of its own)."""
    return _fit_topics(articles, k=k, top_terms=top_terms, seed=seed, fit_sample=fit_sample, **kwargs)


def make_articles(n_per_theme: int = 12, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for theme, words in THEMES.items():
        for i in range(n_per_theme):
            body = rng.choice(words, size=40).tolist() + rng.choice(FILLER, size=25).tolist()
            rng.shuffle(body)
            rows.append({"article_id": f"{theme}-{i:02d}", "title": f"{words[i % 10].title()} news",
                         "text": " ".join(body) + ". It was said in 2024."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def fitted():
    return fit_topics(make_articles(), k=3, top_terms=8, seed=0)


def test_finds_the_planted_themes(fitted):
    terms, shares, about = fitted
    assert about["fitted"] and about["k"] == 3 and about["converged"]
    themes_found = set()
    for topic, group in terms.groupby("topic"):
        top = group.sort_values("rank")["term"].head(5).tolist()
        theme = [t for t, words in THEMES.items() if set(top) <= set(words)]
        assert len(theme) == 1, top  # the five top terms all come from one theme
        themes_found.add(theme[0])
    assert themes_found == set(THEMES)
    # each article loads mainly on its theme's topic
    main = shares.loc[shares.groupby("article_id")["share"].idxmax()].set_index("article_id")["topic"]
    theme_of = main.index.str.split("-").str[0]
    assert (pd.crosstab(theme_of, main.to_numpy()).to_numpy().max(axis=1) == 12).all()
    assert np.allclose(shares.groupby("article_id")["share"].sum(), 1.0)
    # stop words, reporting verbs and numbers never become terms
    assert not set(terms["term"]) & {"said", "it", "was", "2024", "in"}
    assert terms["weight"].between(0, 1).all()
    assert list(terms.columns) == ["topic", "rank", "term", "weight"]
    assert list(shares.columns) == ["article_id", "topic", "share"]


def test_deterministic_and_independent_of_row_order(fitted, tmp_path):
    terms, shares, about = fitted
    again = fit_topics(make_articles().sample(frac=1, random_state=4), k=3, top_terms=8, seed=0)
    pd.testing.assert_frame_equal(terms, again[0])
    pd.testing.assert_frame_equal(shares, again[1])
    assert about == again[2]
    write_table(terms, tmp_path / "a.parquet", "topic_terms")
    write_table(again[0], tmp_path / "b.parquet", "topic_terms")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_largest_topic_comes_first():
    articles = make_articles()
    # twice as many orchard articles: the orchard topic carries the most weight
    more = make_articles(seed=1)
    more = more[more["article_id"].str.startswith("orchard")].assign(article_id=lambda d: d["article_id"] + "b")
    terms, _, _ = fit_topics(pd.concat([articles, more]), k=3, top_terms=5, seed=0)
    assert set(terms.loc[terms["topic"] == 0, "term"]) <= set(THEMES["orchard"])


def test_one_article_records_why_there_is_no_model():
    terms, shares, about = fit_topics(make_articles().head(1), k=10)
    assert not about["fitted"] and "not enough articles for a topic model" in about["reason"]
    assert len(terms) == 0 and len(shares) == 0
    assert list(terms.columns) == ["topic", "rank", "term", "weight"] and terms["topic"].dtype == np.int64


def test_k_is_capped_for_tiny_corpora_and_empty_vocabularies_are_explained():
    _, shares, about = fit_topics(make_articles().iloc[[0, 1, 12, 13, 24, 25]], k=10)
    assert about["k"] == 3 and "capped from 10 to 3" in about["k_capped"]
    assert shares["topic"].nunique() == 3
    stop_only = pd.DataFrame({"article_id": ["a", "b", "c"], "text": ["the and of 2024", "it was said", "12 34"]})
    _, _, about = fit_topics(stop_only)
    assert not about["fitted"] and "no usable terms" in about["reason"]
    with pytest.raises(ValueError, match="k and top_terms must be at least 1"):
        fit_topics(make_articles(), k=0)


def test_extra_stop_words_are_left_out():
    terms, _, about = fit_topics(make_articles(), k=3, top_terms=10, extra_stop_words=["Apple", "ferry"])
    assert not set(terms["term"]) & {"apple", "ferry"}
    assert about["extra_stop_words"] == ["apple", "ferry"]


def test_command_leaves_out_duplicates_and_writes_about(tmp_path):
    tables = tmp_path / "tables"
    articles = make_articles()
    write_table(articles, tables / "articles.parquet")  # the command reads id, title, text
    manifest = pd.DataFrame({"source": articles["article_id"], "article_id": articles["article_id"],
                             "status": ["duplicate" if i == 0 else "accepted" for i in range(len(articles))],
                             "reason": None, "duplicate_of": None})
    write_table(manifest, tables / "manifest.parquet")
    about_path = tmp_path / "topics" / "about.json"
    args = ["--quiet", "topics", "--tables", str(tables), "--k", "3", "--top-terms", "6", "--seed", "0", "--fit-sample", "20000", "--out", str(tables),
            "--about", str(about_path)]
    assert cli.main(args) == 0
    about = json.loads(about_path.read_text())
    assert about["fitted"] and about["n_articles"] == len(articles) - 1
    shares = read_table(tables / "article_topics.parquet")
    assert articles["article_id"].iloc[0] not in set(shares["article_id"])
    assert read_table(tables / "topic_terms.parquet").groupby("topic").size().tolist() == [6, 6, 6]
    assert cli.main(args + ["--keep-duplicates"]) == 0
    assert json.loads(about_path.read_text())["n_articles"] == len(articles)


def test_a_large_corpus_is_fitted_on_a_sample_by_id_hash():
    from framescope.analysis.topics import sample_for_fit

    articles = make_articles(n_per_theme=12)
    ids = articles["article_id"].tolist()
    chosen = sample_for_fit(ids, 20)
    assert len(chosen) == 20 and list(chosen) == sorted(chosen)
    # the same articles whatever the order they come in
    reordered = ids[::-1]
    assert sorted(ids[i] for i in chosen) == sorted(reordered[i] for i in sample_for_fit(reordered, 20))
    # one more article changes the sample by at most one
    grown = {*(ids + ["harbour-99"])}
    grown_sample = {sorted(grown)[i] for i in sample_for_fit(sorted(grown), 20)}
    assert len(grown_sample - {ids[i] for i in chosen}) <= 1
    assert list(sample_for_fit(ids, 0)) == list(range(len(ids))) == list(sample_for_fit(ids, len(ids)))

    terms, shares, about = fit_topics(articles, k=3, top_terms=8, seed=0, fit_sample=24)
    assert about["fitted"] and about["n_fit_articles"] == 24 and "fitted on 24 of 36" in about["fit_sample"]
    assert shares["article_id"].nunique() == 36  # every article has shares, sampled or not
    assert np.allclose(shares.groupby("article_id")["share"].sum(), 1.0)
    # at or under the sample size, the fit is the one on all articles
    whole = fit_topics(articles, k=3, top_terms=8, seed=0, fit_sample=0)
    same = fit_topics(articles, k=3, top_terms=8, seed=0, fit_sample=36)
    pd.testing.assert_frame_equal(whole[0], same[0])
    pd.testing.assert_frame_equal(whole[1], same[1])
    assert "fit_sample" not in same[2]


HARD_TEXTS = [
    "The Mayor said: don't panic!  Cafés, naïve résumé; x2 and 2x, a_b, __init__, 3rd-party co-op.",
    "Ünïcödé ÆØÅ straße İstanbul ǅemal ﬁnance ＦＵＬＬ width, ² squared ½ half, Ⅻ twelve, ٣ three, ↀↀ ௰௰ ab௰",
    "数据 新闻 報道 — русские слова, ελληνικά, عربي, עברית; emoji 🙂 and zero\u200bwidth joiner\u200d",
    "",
    "a I x y z 12 345 6,7",
    "UPPER lower MiXeD upper LOWER mixed the the the and and",
    "tab\tseparated\nnew\nlines\r\nand  double  spaces  ",
    "accents: e\u0301te\u0301 (combining) vs été (precomposed), Å vs A\u030a",
] * 3


@pytest.mark.parametrize("n_articles", [5, 40])
def test_topic_vectorizer_is_scikit_learns(n_articles, monkeypatch):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framescope.analysis import topics
    from framescope.analysis.topics import TopicVectorizer, vectorizer

    monkeypatch.setattr(topics, "_CHUNK_DOCS", 7)  # documents looked up in several chunks

    texts = (HARD_TEXTS + make_articles()["text"].tolist())[: max(n_articles, len(HARD_TEXTS))]
    ours = vectorizer(n_articles, extra_stop_words=["council", "Town"])
    assert isinstance(ours, TopicVectorizer)
    theirs = TfidfVectorizer(**ours.get_params())
    a, b = ours.fit_transform(texts), theirs.fit_transform(texts)
    assert ours.vocabulary_ == theirs.vocabulary_
    for x, y in ((a, b), (ours.transform(texts[::-1]), theirs.transform(texts[::-1]))):
        assert x.dtype == y.dtype and x.indices.dtype == y.indices.dtype
        assert np.array_equal(x.indptr, y.indptr) and np.array_equal(x.indices, y.indices)
        assert np.array_equal(x.data, y.data)
    assert ours._count_vocab([], fixed_vocab=True)[1].shape == (0, len(ours.vocabulary_))
    if n_articles < 20:  # numeric signs count as letters, as in the pattern (isalpha() says no)
        assert {"ↀↀ", "௰௰", "ab௰"} <= set(ours.vocabulary_)


def test_topic_vectorizer_falls_back_for_a_vocabulary_it_did_not_fit():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framescope.analysis.topics import TopicVectorizer

    settings = dict(token_pattern=r"(?u)\b[^\W\d_]{2,}\b", stop_words=["the"], vocabulary=["the", "a1", "cat"])
    texts = ["the cat a1 cat", "cat the"]
    ours, theirs = TopicVectorizer(**settings), TfidfVectorizer(**settings)
    assert (ours.fit_transform(texts) != theirs.fit_transform(texts)).nnz == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_topic_tokens_are_the_patterns(text):
    from framescope.analysis.topics import vectorizer

    vec = vectorizer(40, extra_stop_words=["ab"])
    assert vec._tokens()(text) == vec.build_analyzer()(text)


def _same(a, b):
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert a[2] == b[2]


def test_the_cache_changes_no_result_and_refits_only_when_it_must(tmp_path, caplog):
    from framescope.analysis.topics import TopicCache, sample_for_fit

    caplog.set_level("INFO", logger="framescope")
    articles = make_articles(n_per_theme=12)
    cache = TopicCache(tmp_path / "cache")
    settings = dict(k=3, top_terms=8, seed=0, fit_sample=24)
    first = fit_topics(articles, cache=cache, **settings)
    _same(first, fit_topics(articles, **settings))
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {"model.pkl", "counts.npz"}

    def grown(article_id, text):
        return pd.concat([articles, pd.DataFrame([{"article_id": article_id, "title": "", "text": text}])])

    # one more article outside the sample: the fit and the other articles' counts are reused
    ids = articles["article_id"].tolist()
    # an id that sorts last and is not among the 24 smallest hashes
    outside = next(f"zz-{i}" for i in range(100) if len(ids) not in set(sample_for_fit(ids + [f"zz-{i}"], 24)))
    more = grown(outside, "ferry harbour dock tide cider apple library novel " * 5)
    model_bytes = (tmp_path / "cache" / "model.pkl").read_bytes()
    caplog.clear()
    _same(fit_topics(more, cache=cache, **settings), fit_topics(more, **settings))
    assert "reusing it" in caplog.text and "from the cache, 1 counted" in caplog.text
    assert (tmp_path / "cache" / "model.pkl").read_bytes() == model_bytes
    # an edited text outside the sample is counted again, under the same fit
    sampled = {ids[i] for i in sample_for_fit(ids, 24)}
    unsampled = next(a for a in ids if a not in sampled)
    edited = articles.assign(text=articles["text"].where(articles["article_id"] != unsampled, "orchard pear frost"))
    caplog.clear()
    _same(fit_topics(edited, cache=cache, **settings), fit_topics(edited, **settings))
    assert "reusing it" in caplog.text and "from the cache, 1 counted" in caplog.text
    # other settings, or a changed sample: fitted afresh, still the same results as without a cache
    caplog.clear()
    _same(fit_topics(more, cache=cache, **{**settings, "k": 2}), fit_topics(more, **{**settings, "k": 2}))
    assert "fitting afresh" in caplog.text
    # a damaged cache is only a miss
    (tmp_path / "cache" / "model.pkl").write_bytes(b"not a pickle")
    (tmp_path / "cache" / "counts.npz").write_bytes(b"nor an npz")
    _same(fit_topics(more, cache=cache, **settings), fit_topics(more, **settings))
    _same(fit_topics(more, cache=cache, **settings), fit_topics(more, **settings))  # and now a hit again


def test_command_with_a_cache_writes_the_same_files(tmp_path):
    tables = tmp_path / "tables"
    write_table(make_articles(), tables / "articles.parquet")

    def run(out, *extra):
        args = ["--quiet", "topics", "--tables", str(tables), "--k", "3", "--top-terms", "12", "--seed", "0", "--fit-sample", "24", "--out", str(out),
                "--about", str(out / "about.json"), *extra]
        assert cli.main(args) == 0
        return {name: (out / name).read_bytes() for name in ("topic_terms.parquet", "article_topics.parquet",
                                                            "about.json")}

    plain = run(tmp_path / "plain")
    assert run(tmp_path / "cached", "--cache", str(tmp_path / "cache")) == plain  # filled
    assert run(tmp_path / "cached", "--cache", str(tmp_path / "cache")) == plain  # read


def _with_sha256(articles: pd.DataFrame) -> pd.DataFrame:
    import hashlib

    return articles.assign(sha256=[hashlib.sha256(t.encode("utf-8")).hexdigest() for t in articles["text"]])


def test_command_reads_only_the_texts_the_cache_lacks(tmp_path, monkeypatch):
    from framescope.analysis.topics import sample_for_fit
    from framescope.commands import topics

    tables = tmp_path / "tables"
    articles = make_articles()
    read = []
    real = topics._read_texts
    monkeypatch.setattr(topics, "_read_texts", lambda path, ids: read.append(list(ids)) or real(path, ids))

    def run(table, out, *extra):
        write_table(table, tables / "articles.parquet")
        args = ["--quiet", "topics", "--tables", str(tables), "--k", "3", "--top-terms", "12", "--seed", "0", "--fit-sample", "24", "--out", str(out),
                "--about", str(out / "about.json"), *extra]
        assert cli.main(args) == 0
        return {name: (out / name).read_bytes() for name in ("topic_terms.parquet", "article_topics.parquet",
                                                            "about.json")}

    ids = articles["article_id"].tolist()
    outside = next(f"zz-{i}" for i in range(100) if len(ids) not in set(sample_for_fit(ids + [f"zz-{i}"], 24)))
    more = pd.concat([articles, pd.DataFrame([{"article_id": outside, "title": "Ferry",
                                               "text": "ferry harbour dock tide cider apple " * 5}])])
    run(_with_sha256(articles), tmp_path / "first", "--cache", str(tmp_path / "cache"))
    read.clear()
    cached = run(_with_sha256(more), tmp_path / "cached", "--cache", str(tmp_path / "cache"))
    assert read == [[outside]]  # one new article outside the fit sample: its text alone is read
    assert cached == run(more, tmp_path / "plain")  # same files as from texts alone, without a cache
    read.clear()
    # a title edited: that article is counted again (its key is its title and its text's digest)
    edited = more.assign(title=more["title"].where(more["article_id"] != outside, "Dock"))
    run(_with_sha256(edited), tmp_path / "edited", "--cache", str(tmp_path / "cache"))
    assert read == [[outside]]
    assert run(_with_sha256(edited), tmp_path / "edited") == run(edited, tmp_path / "edited_plain")
