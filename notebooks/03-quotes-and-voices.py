# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Quotes and voices
#
# Who is quoted, how much, and in what words: the quotes of each speaker in full, the share
# of voice (each speaker's share of all quoted words), and the tone of what speakers say and
# of what is said about them. Read through `framescope.load_results` (default `../results`;
# set `FRAMESCOPE_RESULTS` to open another run).

# %%
import os

import pandas as pd

import framescope
from framescope.analysis.figure_tables import voice_shares

results = framescope.load_results(os.environ.get("FRAMESCOPE_RESULTS", "../results"))
quotes = results.quotes
print(f"{len(quotes):,} quotes in {quotes['article_id'].nunique():,} article(s); "
      f"{quotes['speaker'].isna().mean():.0%} without a speaker")

# %% [markdown]
# ## Who speaks

# %%
speakers = (
    quotes.dropna(subset=["speaker"])
    .groupby(["speaker", "speaker_type"])
    .agg(quotes=("quote_id", "size"), words=("n_words", "sum"), articles=("article_id", "nunique"))
    .sort_values("words", ascending=False)
)
speakers.head(15)

# %% [markdown]
# ## Reading the quotes of one speaker
#
# `results.quotes_by(name)` gives one speaker's quotes in text order; change `speaker` to
# read another.

# %%
speaker = speakers.index[0][0] if len(speakers) else None
if speaker is None:
    print("No attributed quote in this run.")
else:
    for row in results.quotes_by(speaker).itertuples():
        print(f"[{row.article_id}, sentence {row.sent_id}, {row.cue}] \u201c{row.text}\u201d\n")

# %% [markdown]
# ## Share of voice
#
# From the `voices` table when the run has it; otherwise the same sums are taken from the
# quotes directly (quoted words per speaker, unattributed quotes as their own row).

# %%
if results.has("voices"):
    voices = results.voices
else:
    print("This run has no voices table: share of voice from the quotes table.")
    voices = (
        quotes.assign(speaker=quotes["speaker"].astype(object))
        .groupby(["article_id", "speaker", "speaker_type"], dropna=False)
        .agg(n_quotes=("quote_id", "size"), n_words=("n_words", "sum"))
        .reset_index()
    )
shares = voice_shares(voices) if len(voices) else pd.DataFrame()
shares.head(15).round(3) if len(shares) else "No quotes in this run."

# %% [markdown]
# By speaker type (person, organization, ...), and by actor group when the study's
# `actors.yaml` assigns groups.

# %%
if len(shares):
    by_type = shares.groupby(shares["speaker_type"].fillna("(unattributed)"))["share"].sum()
    display(by_type.sort_values(ascending=False).round(3))
    if shares["group"].notna().any():
        display(shares.groupby(shares["group"].fillna("(no group)"))["share"].sum().round(3))
    else:
        print("No speaker belongs to an actor group in this run.")

# %% [markdown]
# ## Tone about actors and tone of their quotes
#
# `tone_about` is the mean tone of sentences that name the actor; `quote_tone` the mean
# tone of their own quotes (weighted by sentences and quotes across articles).

# %%
tone = results.actor_sentiment.copy()
tone["tone_x_sent"] = tone["tone_about"] * tone["n_sentences"]
tone["quote_x_n"] = tone["quote_tone"].fillna(0) * tone["n_quotes"].fillna(0)
summary = tone.groupby("actor").agg(
    sentences=("n_sentences", "sum"), quotes=("n_quotes", "sum"),
    tone_x_sent=("tone_x_sent", "sum"), quote_x_n=("quote_x_n", "sum"),
)
summary["tone_about"] = summary["tone_x_sent"] / summary["sentences"].where(summary["sentences"] > 0)
summary["quote_tone"] = summary["quote_x_n"] / summary["quotes"].where(summary["quotes"] > 0)
summary.drop(columns=["tone_x_sent", "quote_x_n"]).sort_values("sentences", ascending=False).head(15).round(3)

# %% [markdown]
# ## The quotes of one article, in order

# %%
first = quotes["article_id"].min() if len(quotes) else None
if first is None:
    print("No quotes in this run.")
else:
    in_article = quotes[quotes["article_id"] == first].sort_values("quote_id")
    display(in_article[["quote_id", "sent_id", "speaker", "cue", "kind", "n_words", "text"]])
