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
# # Frames and tone
#
# Which frames the articles carry, how they differ between outlets, which tone goes with
# which frame, and which frames the sentences about each actor carry. Everything is read
# from a run's tables through `framescope.load_results` (default `../results`; set
# `FRAMESCOPE_RESULTS` to open another run). Cells that need several articles or outlets
# say so when the run has too few, rather than fail.

# %%
import os

import pandas as pd

import framescope
from framescope.analysis.figure_tables import actor_frame_table, frame_shares_by_group, primary_frames

results = framescope.load_results(os.environ.get("FRAMESCOPE_RESULTS", "../results"))
articles = results.articles
print(f"{len(articles):,} articles from {articles['outlet'].nunique():,} outlet(s)")

# %% [markdown]
# ## The corpus: frame shares with their intervals
#
# The numbers behind the frame composition figure (`results/figures/frame_composition/`),
# read from its CSV: the corpus rows carry the estimate and its 95% interval.

# %%
composition = results.figure_data("frame_composition")
corpus = composition[composition["scope"] == "corpus"].sort_values("mean", ascending=False)
corpus[["frame", "mean", "ci_low", "ci_high", "n_articles", "source"]].round(3)

# %% [markdown]
# When the run has the `frame_prevalence` table, it holds every estimation method (cc, acc,
# pcc, pacc) for the corpus, each outlet and each month or year: compare them side by side.

# %%
if results.has("frame_prevalence"):
    prevalence = results.frame_prevalence
    overall = prevalence[prevalence["group_type"] == "corpus"]
    display(overall.pivot(index="frame", columns="method", values="estimate").round(3))
else:
    print("This run has no frame_prevalence table.")

# %% [markdown]
# ## Frames by outlet

# %%
outlet_of = {a: o for a, o in zip(articles["article_id"], articles["outlet"]) if isinstance(o, str) and o}
n_outlets = len(set(outlet_of.values()))
if n_outlets < 2:
    print(f"{n_outlets} outlet(s) in this run: nothing to compare between outlets.")
    by_outlet = None
else:
    shares = frame_shares_by_group(results.article_frames, outlet_of)
    by_outlet = shares.pivot(index="group", columns="frame", values="estimate")
    sizes = shares.groupby("group")["n_articles"].first()
    by_outlet = by_outlet.loc[sizes.sort_values(ascending=False).index[:12]]
by_outlet.round(3) if by_outlet is not None else None

# %% [markdown]
# How far each outlet is from the corpus mean, in percentage points (positive: the outlet
# uses the frame more than the corpus does).

# %%
if by_outlet is not None:
    overall_mean = frame_shares_by_group(results.article_frames, dict.fromkeys(outlet_of, "all"))
    reference = overall_mean.set_index("frame")["estimate"]
    display((100 * (by_outlet - reference)).round(1))

# %% [markdown]
# ## Frame x tone
#
# Each sentence's primary frame (the most probable of its predicted frames) beside its tone
# from the sentiment model: the mean tone and the share of negative sentences per frame.

# %%
predicted = results.predicted_frames()  # the predicted rows only: all a primary frame needs
primary = primary_frames(predicted)
tone = results.sentence_sentiment[["article_id", "sent_id", "tone", "model_label"]]
framed = primary.merge(tone, on=["article_id", "sent_id"], how="inner")
frame_tone = framed.groupby("frame").agg(
    sentences=("tone", "size"),
    mean_tone=("tone", "mean"),
    share_negative=("model_label", lambda s: (s == "negative").mean()),
).sort_values("sentences", ascending=False)
frame_tone.round(3)

# %% [markdown]
# ## Actor x frame
#
# Which frames the sentences naming each actor carry (the table behind the actor x frame
# figure): share of each actor's framed sentences per primary frame.

# %%
actor_frames = actor_frame_table(results.mentions, predicted)
if actor_frames.empty:
    print("No sentence that names an actor has a predicted frame.")
else:
    leaders = actor_frames.groupby("actor")["actor_sentences"].first().sort_values(ascending=False).index[:10]
    table = actor_frames[actor_frames["actor"].isin(leaders)].pivot(index="actor", columns="frame", values="share")
    display(table.reindex(leaders).fillna(0).round(2))

# %% [markdown]
# ## Which figures this run drew, and why not the others

# %%
pd.DataFrame(
    [(name, info["drawn"], info.get("reason") or "") for name, info in results.figures().items()],
    columns=["figure", "drawn", "why not"],
)
