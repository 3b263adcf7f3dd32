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
# # Exploring a framescope run
#
# This notebook reads the tables of a run (by default `../results`, the seed article after
# `make run`) through `framescope.load_results`. Set `FRAMESCOPE_RESULTS` to open another run.

# %%
import os

import framescope

results = framescope.load_results(os.environ.get("FRAMESCOPE_RESULTS", "../results"))
results.names()

# %% [markdown]
# ## What came in, and what was kept

# %%
results.summary

# %%
results.manifest.groupby("status").size()

# %%
results.articles[["article_id", "outlet", "published", "authors", "n_words"]]

# %% [markdown]
# ## Who is named, and who speaks

# %%
mentions = results.mentions
mentions.groupby(["actor", "actor_type"]).size().sort_values(ascending=False).head(15)

# %%
quotes = results.quotes
direct = quotes[quotes["kind"] == "direct"]
direct.groupby("speaker", dropna=False)["n_words"].agg(["count", "sum"]).sort_values("sum", ascending=False)

# %%
# Read one speaker's quotes in full
speaker = direct["speaker"].dropna().value_counts().index[0] if direct["speaker"].notna().any() else None
for text in direct.loc[direct["speaker"] == speaker, "text"]:
    print(f"{speaker}: “{text}”")

# %% [markdown]
# ## Tone and frames

# %%
results.actor_sentiment.sort_values("n_sentences", ascending=False).head(10)

# %%
frames = results.article_frames
frames.pivot(index="frame", columns="article_id", values="share").sort_values(
    frames["article_id"].iloc[0], ascending=False
).round(3)

# %%
results.metrics("frames")["per_label"]
