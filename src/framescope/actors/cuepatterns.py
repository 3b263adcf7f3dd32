"""Cue patterns of the English quote attribution (framescope.actors.quotes): verbs of saying
as regular expressions, and the phrases before and after a quote that say who spoke."""

from __future__ import annotations

import re

from framescope.actors.wordlists import FINITE_CUES, INVERTIBLE_CUES, PARTICIPLE_CUES, REPORTING_CUES, trie_regex

# ---------------------------------------------------------------------------
# Cues (the cue words are lists in data/actors/, read by framescope.actors.wordlists)
# ---------------------------------------------------------------------------


def alt(words) -> str:
    return "(?:" + trie_regex(sorted(set(words))) + ")"


ADVERBS = (r"(?:(?:also|later|then|has|had|have|once|previously|recently|earlier|again|further|repeatedly|even|"
            r"still|now|simply|finally|quickly|flatly|first|last|herself|himself|themselves|"
            r"reportedly|publicly|privately|separately|similarly|subsequently|later|often|never|only|just|"
            r"would|will|could|did|does|do|has since|had once|\w+ly)\s+)*")
CUE_RE = re.compile(rf"(?<![\w-])(?:(?P<fin>{alt(FINITE_CUES)})|(?P<part>{alt(PARTICIPLE_CUES)})|(?P<acc>[Aa]ccording to))(?![\w-])")
AFTER_NP_CUE = re.compile(
    rf"[\s,]*(?:[—–-]+\s*)?(?P<np>[^~“”\"«»\n]{{1,160}}?)\s+{ADVERBS}(?P<cue>{alt(FINITE_CUES)})(?![\w-])"
)
AFTER_INVERT = re.compile(
    rf"[\s,]*(?:[—–-]+\s*)?(?P<cue>{alt(INVERTIBLE_CUES)})\s+(?P<np>[^,;:~“”\"«»\n]+(?:,\s+[A-Z][^,;:~“”\"«»\n]*)?)"
)
# A sentence without any of these words holds no reported speech (a quick test first).
ANY_REPORTING = re.compile(rf"(?<![\w-])(?:{alt(REPORTING_CUES)}|[Aa]ccording to)(?![\w-])")
REPORT_AFTER_SUBJECT = re.compile(rf"\s+{ADVERBS}(?P<cue>{alt(REPORTING_CUES)})(?![\w-])")
REPORT_AT_END = re.compile(
    rf",\s+(?P<np>[^,~“”\"\n]{{1,80}}?)\s+{ADVERBS}(?P<cue>{alt(REPORTING_CUES)})(?:\s+(?:on|in|at|last|this)\b[^,\n]*)?$"
)
ACCORDING_AT_END = re.compile(r",\s+(?P<cue>according to)\s+(?P<np>[^,~“”\"\n]{1,80})$")
# "Tass quoted a Kremlin official as saying ...": the one quoted speaks, not the outlet.
QUOTED_AS = re.compile(r"\bquoted\s+(?P<np>[^~“”\"\n]{1,80}?)\s+as\s+say(?:ing|s)\b")
TOLD_THAT = re.compile(r"\s+(?:[^\s,.;:~“”\"]+\s+){0,6}?that\b")
THAT = re.compile(r"\s+that\b")

PRONOUNS = {"he": "m", "she": "f", "they": None, "we": None, "i": None, "it": None, "you": None}
PRONOUN_END = re.compile(r"(?<![\w’'])(he|she|they|we|I|it|He|She|They|We|It)$")
DEPENDENT = re.compile(r"(?:\b(?:for|of|at|from|with|to|by|about|on|against|than|like|under|behind|into|onto|upon|"
                        r"toward|towards|among|amongst|between|despite|without)\s+(?:the\s+)?|"
                        r"\b(?:[Ii]n|[Dd]uring)\s+(?:an?|the)\s+)$")  # "In a CNN interview, X said"
OUTLET_TAIL = re.compile(
    r"(?:['’]s)?\s+(?:state\s+)?(?:news\s+)?(?:service|agency|newspaper|network|website|channel|outlet|"
    r"television|TV|radio|broadcaster|daily|magazine|wire|reported|report)$"
)
HEAD_CONTINUES = re.compile(
    r"\s*(?:$|,|\(|—|–|-|(?:on|in|at|during|last|this|earlier|later|also|himself|herself|themselves|again|"
    r"recently|previously|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
    r"told|said|wrote|added|once|then|who|which|of)\b)"
)
UNNAMED_START = re.compile(
    r"(?:a|an|the|one|two|three|four|five|several|some|many|most|other|another|his|her|their|its|our|"
    r"senior|top|both|no|each|local|federal|state|[A-Z][\w.’'-]*)\b"
)
RELATIVE_END = re.compile(r"\b(?:who|that|which|whom|whose|what|where|when|if|whether|it|there)$", re.I)
ACCORDING_TAIL = re.compile(r"\b[Aa]ccording\s+to\s+(?P<np>[^~“”\"\n;:,!?]{1,80}"
                             r"(?:,\s+(?:[A-Z]|an?\s|the\s)[^~“”\"\n;:,!?]*)?)$")
DET_START = re.compile(r"(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w.-]*['’]s)\s")
PARTY_AT_END = re.compile(r"\s*\([^()]{1,20}\)$")
PARTY_BEFORE = re.compile(r"(?:\b[RDI][-–]|[A-Z][\w.’'-]*\s+of\s)$")  # "Ted Cruz, R-Texas", "Ann Moss of Ohio"
PREP_TAIL = re.compile(r"\s+(?:on|in|at|during|after|before|last|this|earlier|later|told|according)\b.*$")

# (compiled once: the module-level cache of `re` costs a look-up per call)
PRE_NAME = re.compile(r"(?:the|The|former|then|late|\s)+")
ADVERB_AT_END = re.compile(r"\s(also|later|then|has|had|have|once|previously|recently|earlier|again|further|"
                            r"repeatedly|reportedly|publicly|privately|separately|subsequently|often|never|only|"
                            r"just|would|will|could|did|does|do|\w+ly|even|yesterday|today|on\s+(?:Mon|Tues|"
                            r"Wednes|Thurs|Fri|Satur|Sun)day|(?:earlier\s+|later\s+)?(?:last|this)\s+(?:week|month|year|night))$")
AND_AT_END = re.compile(r"\s+and\s+$")
CLAUSE_BREAK = re.compile(r"[;:~“”\"]|,\s+(?!and\b)")
PHRASE_BREAK = re.compile(r"[,;:~“”\"(]|\b(?:and|but|while|as|because|when|after|before)\b")
HE_SHE_OPENS = re.compile(r"\s*(?:But |And |Still, |Then |Later, )?(?:He|She)\b")
SAID_AT_END = re.compile(r"\b(?:said|says|according to)\s+$")
# "“...,” while Ms. X added ...": another clause with its own speaker, not the quote's
CLAUSE_WORD = re.compile(r"(?:while|and|but|whereas|when|after|before|because|although|though|if|who|which)\b")
VERB_ED_BEFORE = re.compile(r"\b[a-z]{3,}ed\s+$")
SAID_PRONOUN = re.compile(r"\s(?:said|says|added|adds|insisted|insists|argued|argues)(?:\s+that)?\s+$")
# an absolute clause opening the sentence: "With the crowd chanting "...", X told them": the crowd chants
WITH_ABSOLUTE = re.compile(r"\s*(?:(?:And|But)\s+)?[Ww]ith\s+(?P<np>[^,;:~“”\"]{1,60}?)\s+"
                            rf"(?P<cue>{alt(set(PARTICIPLE_CUES) | {'chanting', 'shouting', 'yelling', 'screaming'})})"
                            r"(?:\s+out)?\s*[,:]?\s*")
# a sentence opened by a description of a person: "The House Budget chairman tailored his ..."
OPENING_DESCRIPTION = re.compile(r"\s*((?:The|the)\s+(?:[A-Z][\w.’'-]*\s+){0,3}([a-z][a-z-]+))\s+[a-z]")
# what may stand before a name in apposition: "The family's pastor, the Rev. Ann Moss, said"
APPOSITION_LEAD = re.compile(r"\s*(?:the\s+)?(?:(?:Rev|Dr|Mr|Mrs|Ms|Prof|Msgr)\.?\s+)?")
# "Paul Ashworth of Capital Economics said": the person, not the organisation
OF_BEFORE = re.compile(r"\s+of\s+(?:the\s+)?$")
PRONOUN_OPENS = re.compile(r"\s*(?:But |And |Still, |Later, |Then |Also |So |Yet )?(He|She|he|she)\b")


def initial_ok(before: str) -> bool:
    """Words before a subject that leave it the subject (not "a lawyer for X", "told X")."""
    return not DEPENDENT.search(before) and "~" not in before
