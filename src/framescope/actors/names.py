"""Corpus names: one name per person across a corpus, from the mentions of all its articles."""

from __future__ import annotations

from framescope.actors.nameparts import is_full, suffix, surname_keys
from framescope.actors.wordlists import NICKNAMES


def corpus_names(mentions) -> tuple[dict[tuple[str, str], str], "pd.DataFrame"]:
    """One name per person across a corpus, from the ``mentions`` table of all articles.

    Within an article, `find_mentions` already gives each person one name (the fullest
    form the article uses). Across articles:

    - full names that differ only by a nickname ("Joe Biden", "Joseph Biden") are one
      person, named by the form most articles use (ties: the longer, then alphabetical);
      "Donald Trump Jr." stays apart from "Donald Trump";
    - a bare surname ("Okafor", from an article that never gives the first name) takes
      the full name when exactly one full name with that surname occurs in the corpus,
      and stays as it is when there are none or several.

    Organisations and places keep their names (the gazetteer already names them one way).
    Two names of one article are never merged into one (the article knew better).

    Returns
    -------
    (mapping, index)
        ``mapping``: (article_id, article name) -> corpus name, for the names that change.
        ``index``: the ``actors`` table, one row per corpus actor: ``actor``,
        ``actor_type``, ``group``, ``n_articles``, ``n_mentions`` and ``variants`` (the
        article names it gathers, sorted).
    """
    import numpy as np
    import pandas as pd

    # Vectorised over the mentions (a corpus has millions): each column becomes integer codes
    # into its distinct values once, and the work on rows is numpy on those codes. Python
    # loops run only over distinct names, and over the (article, name) pairs that change.
    name_code, names = _factorized(mentions["actor"])
    aid_code, aids = _factorized(mentions["article_id"])
    type_code, types = _factorized(mentions["actor_type"])
    if "group" in mentions.columns:
        group_code, groups = _factorized(mentions["group"])
    else:
        group_code, groups = np.full(len(name_code), -1, dtype=np.int64), []
    has_name = name_code >= 0  # mentions without an actor are left out
    if not has_name.all():
        name_code, aid_code, type_code, group_code = (c[has_name] for c in (name_code, aid_code, type_code, group_code))
    columns = ["actor", "actor_type", "group", "n_articles", "n_mentions", "variants"]
    if not len(name_code):
        return {}, pd.DataFrame([], columns=columns)
    n_names, n_aids = len(names), len(aids) + 1
    # Missing article ids (code -1) count as one article of their own, as a dict key would;
    # code -1 also picks the last entry, False, of these per-value tables.
    aid_code = np.where(aid_code < 0, n_aids - 1, aid_code)
    aid_is_str = np.array([isinstance(a, str) for a in aids] + [False])
    type_is_str = np.array([isinstance(t, str) for t in types] + [False])
    type_is_person = np.array([t == "person" for t in types] + [False])
    group_is_str = np.array([isinstance(g, str) for g in groups] + [False])

    # each article's person names: the distinct (article, name) pairs, as article * n_names + name
    person = type_is_person[type_code]
    pairs = _distinct(aid_code[person] * n_names + name_code[person])
    pair_aid, pair_name = np.divmod(pairs, n_names)
    per_name = np.bincount(pair_name, minlength=n_names)
    n_articles = {names[i]: int(per_name[i]) for i in np.flatnonzero(per_name).tolist()}
    target = _corpus_targets(n_articles)

    # per article, never fold two of its names into one: a pair changes when its name has a
    # target and no other name of the article has the same one
    code_of = {name: i for i, name in enumerate(names)}
    goal = np.arange(n_names)
    for name, best in target.items():
        goal[code_of[name]] = code_of[best]
    real = aid_is_str[pair_aid]
    pairs, pair_aid, pair_name = pairs[real], pair_aid[real], pair_name[real]
    pair_goal = goal[pair_name]
    _, which, count = _grouped(pair_aid * n_names + pair_goal)
    changes = (pair_goal != pair_name) & (count[which] == 1)
    mapping = dict(sorted(((aids[a], names[n]), names[g]) for a, n, g in
                          zip(pair_aid[changes].tolist(), pair_name[changes].tolist(), pair_goal[changes].tolist())))

    # each person mention's corpus name: look its pair up among the (sorted) pairs that change
    corpus = name_code.copy()
    changed, changed_goal = pairs[changes], pair_goal[changes]
    if len(changed):
        keys = aid_code * n_names + name_code
        at = np.minimum(np.searchsorted(changed, keys), len(changed) - 1)
        hit = person & (changed[at] == keys)
        corpus[hit] = changed_goal[at[hit]]
    index = _actors_index(corpus, type_code, aid_code, group_code, name_code, names, types, groups,
                          type_is_str, aid_is_str, group_is_str)
    return mapping, pd.DataFrame(index, columns=columns)


def _factorized(column) -> tuple["np.ndarray", list]:
    """(int64 codes, distinct values as a list) of a column; missing values get code -1."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64, copy=False), uniques.tolist()


def _distinct(keys: "np.ndarray") -> "np.ndarray":
    """The distinct values of an integer array, sorted (hashing, then sorting the few left:
    several times faster on millions of keys than `np.unique`)."""
    import numpy as np
    import pandas as pd

    return np.sort(pd.unique(keys))


def _grouped(keys: "np.ndarray") -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """(distinct keys sorted, each key's position among them, how often each occurs)."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(keys, sort=True)
    return np.asarray(distinct), codes, np.bincount(codes, minlength=len(distinct))


def _corpus_targets(n_articles: dict[str, int]) -> dict[str, str]:
    """Person name -> the corpus name it takes, for the names that change (see `corpus_names`).

    ``n_articles``: each person name of the corpus and the number of articles using it.
    """
    full_by_key: dict[str, list[str]] = {}
    singles = []
    for name in sorted(n_articles):
        core = name.split()
        keys = surname_keys(core)
        if not keys:
            continue
        if is_full(core):
            full_by_key.setdefault(keys[0], []).append(name)
        elif len(core) == 1:
            singles.append(name)

    target: dict[str, str] = {}
    clusters_by_key: dict[str, list[list[str]]] = {}
    for key, names in full_by_key.items():
        clusters: list[list[str]] = []
        for name in names:
            core = name.split()
            home = None
            for c in clusters:
                other = c[0].split()
                if suffix(core) == suffix(other) and core[1:] == other[1:] and \
                        frozenset((core[0], other[0])) in NICKNAMES:
                    home = c
                    break
            if home is None:
                clusters.append([name])
            else:
                home.append(name)
        clusters_by_key[key] = clusters
        for c in clusters:
            best = max(c, key=lambda s: (n_articles[s], len(s.split()), len(s), [-ord(ch) for ch in s]))
            for name in c:
                if name != best:
                    target[name] = best
    for name in singles:
        clusters = clusters_by_key.get(name, [])
        if len(clusters) == 1:
            c = clusters[0]
            target[name] = max(c, key=lambda s: (n_articles[s], len(s.split()), len(s), [-ord(ch) for ch in s]))
    return target


def _actors_index(corpus, type_code, aid_code, group_code, name_code, names, types, groups,
                  type_is_str, aid_is_str, group_is_str) -> list[dict]:
    """The rows of the ``actors`` table, sorted by (actor, actor_type), from per-mention codes.

    One entry per (corpus name, type); mentions without a type are left out. ``n_articles``
    counts the entry's distinct article ids (strings only), ``group`` is the least of its
    groups, ``variants`` the sorted article names it gathers.
    """
    import numpy as np

    typed = type_is_str[type_code]
    if not typed.all():
        corpus, type_code, aid_code, group_code, name_code = (
            c[typed] for c in (corpus, type_code, aid_code, group_code, name_code))
    if not len(corpus):
        return []
    n_types, n_names, n_aids, n_groups = len(types), len(names), len(aid_is_str), len(group_is_str)
    entries, entry, n_mentions = _grouped(corpus * n_types + type_code)
    with_aid = aid_is_str[aid_code]
    n_articles = np.bincount(_distinct(entry[with_aid] * n_aids + aid_code[with_aid]) // n_aids,
                             minlength=len(entries))
    least: dict[int, str] = {}  # entry -> its least group
    with_group = group_is_str[group_code]
    for e, g in zip(*(part.tolist() for part in
                      np.divmod(_distinct(entry[with_group] * n_groups + group_code[with_group]), n_groups))):
        if e not in least or groups[g] < least[e]:
            least[e] = groups[g]
    variants: list[list[str]] = [[] for _ in range(len(entries))]
    for e, n in zip(*(part.tolist() for part in np.divmod(_distinct(entry * n_names + name_code), n_names))):
        variants[e].append(names[n])
    rows = []
    for e, key in enumerate(entries.tolist()):
        c, t = divmod(key, n_types)
        rows.append({"actor": names[c], "actor_type": types[t], "group": least.get(e),
                     "n_articles": int(n_articles[e]), "n_mentions": int(n_mentions[e]),
                     "variants": sorted(variants[e])})
    rows.sort(key=lambda row: (row["actor"], row["actor_type"]))
    return rows
