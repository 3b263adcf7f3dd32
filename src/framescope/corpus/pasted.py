"""Page furniture pasted into the article text: hover bios and related-story headlines.

Text copied from a news page can carry what the page showed around the story:

- **Hover bios.** Some sites (The Hill) show a card when the reader hovers over a
  politician's name: the full legal name, then the latest headlines about them, then
  "MORE". Copied text keeps the card inside the sentence, fused to the name:
  "Sen. Jane Q. Doe Jane Quincy DoeSenate passes bill | Doe says ... MORE (D-Ore.) said".
  The card goes; the name as the article wrote it stays: "Sen. Jane Q. Doe (D-Ore.) said".
- **Related-story headlines.** "(RELATED: Headline)" inside a paragraph; an all-capitals
  headline standing alone between paragraphs ("SENATE PASSES BUDGET: WHAT IT MEANS FOR
  YOU"); and the headline lines listed under a bare "READ MORE:" label.

They would otherwise become sentences, actors (a headline's names) and speakers.
"""

from __future__ import annotations

import re

# A name token of a legal name: "Sidney", "K.", "(Mitch)", "O'Rourke", "Ocasio-Cortez", "de".
_NAME_TOKEN = r"(?:[A-Z][\w'’.\-]*|\([A-Z][\w'’.\-]*\)|de|del|da|di|van|von|der|la|le|bin|al)"
# The name as written ending in a surname, a space, the legal name ending in the same
# surname fused to what follows (a headline's capital, a digit, a quote mark or "MORE":
# not a lower-case letter, so "Rob" is not found again in "Robert"), and the card up to "MORE".
_HOVER_BIO = re.compile(
    rf"\b(?P<surname>[A-Z][\w'’\-]*[a-z][\w'’\-]*) (?P<legal>{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,5}}? )?"
    rf"(?P=surname)(?=[A-Z0-9‘“\"$#])(?P<card>.{{0,2000}}?)MORE\b"
)
# The same with a space before the card: then the whole name must come again, first name
# and surname ("Jim Doe Jim Davis Doe Headline ... MORE"), and "MORE" soon after.
_SPACED_HOVER_BIO = re.compile(
    rf"\b(?P<first>[A-Z][\w'’\-]*[a-z]) (?P<surname>[A-Z][\w'’\-]*[a-z][\w'’\-]*) "
    rf"(?P<legal>(?P=first) (?:{_NAME_TOKEN} ){{0,3}})(?P=surname) (?=[A-Z])(?P<card>.{{1,700}}?)MORE\b"
)


def strip_hover_bios(paragraph: str) -> tuple[str, list[str]]:
    """`paragraph` without pasted hover bios, and the bios taken out (see the module notes)."""
    if "MORE" not in paragraph:
        return paragraph, []
    removed: list[str] = []

    def cut(m: re.Match) -> str:
        if m.group("legal") is None and not m.group("card").strip():
            return m.group()  # "Doe DoeMORE": no legal name and no card, too little to go on
        removed.append(m.group()[m.end("surname") - m.start() + 1 :].strip())
        return m.group()[: m.end("surname") - m.start()]

    paragraph = _HOVER_BIO.sub(cut, paragraph)
    if "MORE" in paragraph:
        paragraph = _SPACED_HOVER_BIO.sub(cut, paragraph)
    return paragraph, removed


# "(RELATED: Senate Passes The Budget)", "(READ MORE: ...)", "(SEE ALSO: ...)" inside a paragraph.
_RELATED_ASIDE = re.compile(r"\s*\((?:RELATED|READ MORE|SEE ALSO|SEE RELATED|WATCH)\s*:[^()]{1,200}\)", re.I)


def strip_related_asides(paragraph: str) -> tuple[str, list[str]]:
    """`paragraph` without "(RELATED: ...)" asides, and the asides taken out."""
    if "(" not in paragraph:
        return paragraph, []
    removed = [m.group().strip() for m in _RELATED_ASIDE.finditer(paragraph)]
    if not removed:
        return paragraph, []
    return _RELATED_ASIDE.sub("", paragraph), removed


def capitals_headline(paragraph: str) -> bool:
    """An all-capitals headline of a related story, standing as its own paragraph.

    Seven or more words, or four or more around a colon ("POWER PLAY: CAN THE BILL
    PASS?"); shorter capitals lines are left, since they are often section headings
    ("NEXT STEPS, LIKELY HEADACHES"). No final full stop or colon (a transcript's
    "JANE DOE, HOST:" is not a headline).
    """
    if len(paragraph) > 250 or paragraph[-1:] in ".:" or paragraph.endswith((".”", ".\"", ".’")):
        return False
    letters = [c for c in paragraph if c.isalpha()]
    if len(letters) < 20 or sum(c.isupper() for c in letters) < 0.95 * len(letters):
        return False
    words = paragraph.split()
    return len(words) >= 7 or (len(words) >= 4 and ":" in paragraph)


# The bare label above a list of related headlines: "READ MORE:", "Related stories:", "SEE ALSO".
_LIST_LABEL = re.compile(
    r"^(?:read more|related(?: stories| articles| coverage| links| content)?|see also|see related|more from \w+|"
    r"recommended|also read)\s*:?$",
    re.I,
)


def list_label(paragraph: str) -> bool:
    """A bare label that introduces a list of related headlines ("READ MORE:")."""
    return len(paragraph) <= 40 and _LIST_LABEL.match(paragraph) is not None


def listed_headline(paragraph: str) -> bool:
    """A line that reads as a headline in a list of related stories: short, no final stop."""
    words = paragraph.split()
    return (
        0 < len(words) <= 16
        and len(paragraph) <= 150
        and paragraph[-1] not in ".;,"
        and not paragraph.endswith((".”", ".\"", ".’"))
        and paragraph[:1].isupper()
    )
