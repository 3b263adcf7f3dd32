"""Cleaning one article: normalised text, boilerplate out, the metadata it carried kept.

News text as exported from websites and databases carries furniture that is not the
article: ad markers, copyright and comment-policy lines, newsletter pitches, photo
captions, and credit lines. Some of it is worth keeping as data (the outlet and date
in a dateline, the authors in a byline or contact line, the contributors in a credit
line), so each rule below both drops a paragraph and may record what it said.

The rules work on whole paragraphs and are anchored, so a sentence in the body that
merely mentions "copyright" or "sign up" stays. Every dropped paragraph is listed in
:attr:`Cleaned.removed` for auditing.

Paragraphs: blank lines always separate paragraphs. A single line break also does,
unless the text is hard-wrapped (most lines of about the same width, no longer than
100 characters), in which case wrapped lines are joined back into paragraphs.

Section headings ("Hegseth in Brussels", "‘Stark strategic realities’"): short,
title-like or quoted lines without final punctuation, standing between body
paragraphs. They stay in the text as their own paragraph and are listed in
:attr:`Cleaned.sections`; they are not sentences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from framescope.corpus.dates import DATE, MONTH, WEEKDAY, parse_date
from framescope.corpus.pasted import (
    capitals_headline,
    list_label,
    listed_headline,
    strip_hover_bios,
    strip_related_asides,
)
from framescope.text.sentences import split_sentences

# ---------------------------------------------------------------------------------------
# Normalisation

_LINE_BREAKS = re.compile("[\u2028\x85\x0b\x0c]")
# Zero-width and invisible formatting characters, the BOM and soft hyphens.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061-\u2064\ufeff\u00ad]")
# Control characters other than tab and line feed (C0, DEL, C1).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Runs of spaces, and any other blank (tab, no-break space, thin space...) except "\n". The
# same matches as r"[^\S\n]{2,}|[^\S \n]", written to start with a character class so that the
# regex engine skips from one blank to the next (twice as fast on news text).
_SPACES = re.compile(r"\s(?<!\n)(?:[^\S\n]+|(?<! ))")
# Lone surrogates (a JSON "\\ud800" escape) cannot be written as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _writable(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)


def normalise(raw: str) -> str:
    """Unicode NFC, LF line ends, no invisible or control characters, single spaces."""
    text = raw if raw.isascii() else _writable(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# Mojibake: UTF-8 bytes that were decoded as cp1252 (or Latin-1), "CafÃ©" for "Café",
# "â€™" for "’". A lead character (bytes C2-F4) and continuation characters (bytes
# 80-BF, shown as cp1252 or Latin-1 characters) that together are valid UTF-8.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONT = "[\u0080-\u00bf" + _CP1252_HIGH + "]"
_MOJIBAKE = re.compile(
    f"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})+"
)
_CP1252_BYTE = {c: c.encode("cp1252")[0] for c in _CP1252_HIGH}
_LEAD = re.compile("[\u00c2-\u00f4]")  # a cheap first look: no lead character, no mojibake


def _unmangle(run: str) -> str:
    raw = bytes(_CP1252_BYTE.get(c, ord(c)) for c in run)
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return run
    for char in fixed:
        if len(char.encode("utf-8")) == 2 and not "\u00a0" <= char <= "\u017f":
            return run  # two characters that decode to something unlikely: "É“" is not "ɓ"
        if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"):
            return run
    return fixed


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 text that was decoded as cp1252 or Latin-1 ("CafÃ©" -> "Café").

    Only unambiguous runs are repaired: each must be valid UTF-8 once turned back into
    bytes, and a two-byte sequence must give a Latin letter or sign (U+00A0-U+017F).
    Text mangled twice is repaired twice. Returns (text, number of places repaired).
    """
    places = 0
    if text.isascii() or not _LEAD.search(text):
        return text, 0

    def fix(match: re.Match) -> str:
        nonlocal places
        run = match.group()
        fixed = _unmangle(run)
        places += fixed != run
        return fixed

    for _ in range(3):  # "Ã¢â‚¬â„¢" -> "â€™" -> "’"
        if not _MOJIBAKE.search(text):
            break
        before = places
        text = _MOJIBAKE.sub(fix, text)
        if places == before:
            break
    return text, places


_LINE_END = ".!?:;\"'”’»)…"


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of normalised text (see the module notes on line breaks)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    # Hard-wrapped text: lines broken at a fixed width (so most lines inside a block
    # are nearly as long as the longest), mostly in mid-sentence (so most do not end
    # with final punctuation, unlike one paragraph per line).
    inner = [line for block in blocks for line in block[:-1]]
    width = max((len(line) for block in blocks for line in block), default=0)
    wrapped = (
        width <= 100
        and len(inner) >= 2
        and sum(len(line) >= 0.6 * width for line in inner) >= 0.7 * len(inner)
        and sum(line[-1] not in _LINE_END for line in inner) >= 0.5 * len(inner)
    )
    paragraphs = []
    for block in blocks:
        if not wrapped:
            paragraphs.extend(block)
            continue
        para = block[0]
        for prev, line in zip(block, block[1:]):
            if len(prev) < 0.6 * width:  # a short line ends its paragraph
                paragraphs.append(para)
                para = line
            elif re.search(r"[^\W\d_]-$", prev) and line[:1].islower():
                para = para + line  # a word hyphenated across the wrap
            else:
                para = para + " " + line
        paragraphs.append(para)
    return paragraphs


# ---------------------------------------------------------------------------------------
# Dates in datelines and bylines (read by framescope.corpus.dates)

_TIME = r"(?:\s*(?:[-–—|,]|at)?\s*\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"


# ---------------------------------------------------------------------------------------
# Names in bylines and credits

_PARTICLES = {"de", "da", "del", "della", "der", "den", "di", "du", "dos", "das", "van", "von", "la", "le", "bin", "ibn", "al", "el", "ter", "y"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_ORG_WORDS = {
    "press", "news", "times", "post", "journal", "reuters", "cnn", "ap", "afp", "bloomberg",
    "agency", "service", "network", "magazine", "daily", "tribune", "herald", "gazette", "wire",
    "foundation", "institute", "center", "centre", "university", "review", "report", "television",
    "radio", "media", "group", "company", "inc", "inc.", "llc", "bureau", "npr", "bbc", "nbc", "abc",
    "cbs", "msnbc", "politico", "usa", "today", "staff", "writer", "writers", "reporter", "reporters",
    "correspondent", "correspondents", "editor", "editors", "contributor", "columnist", "chief",
    "international", "online", "digital", "desk", "team", "board", "editorial", "associated",
}
# "Staff writer", "Associated Press writers", "NPR political reporter" before names.
_ROLE_PREFIX = re.compile(
    r"^(?:[\w.'’]+\s+){0,3}?(?:writers?|reporters?|journalists?|correspondents?|researchers?"
    r"|editors?|photographers?|producers?|interns?)\s+(?=(?-i:[A-Z]))",
    re.I,
)
# "in Moscow", "in Damascus, Syria", "in St. Paul, Minnesota" after a credited name.
_PLACE = re.compile(
    r"\s+(?:in|from)\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2}"
    r"(?:,\s+(?:(?:New|North|South|West|Rhode|San|Los|Las|El|Puerto|Costa|Sri|Hong|Saudi)\s+)?[A-Z][\w.'’\-]*(?=\s*(?:,|;|\band\b|$)))?"
)
_POSSESSIVE_PREFIX = re.compile(r"^(?:[A-Z][\w.&]*\s+){0,3}[A-Z][\w.&]*(?:['’]s?)\s+(?=\S)")
_NAME_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*")


def _token_is_capitalised(token: str) -> bool:
    return token[:1].isupper() and all(c.isalpha() or c in "'’-." for c in token)


def person_name(chunk: str) -> str | None:
    """`chunk` as a person's name ("David R. Sands", "JANE DOE" -> "Jane Doe"), else None."""
    tokens = chunk.split()
    if not 2 <= len(tokens) <= 5:
        return None
    capitalised = 0
    for token in tokens:
        low = token.lower()
        if low.strip(".,") in _ORG_WORDS or low[-1] in "'’" or low.endswith(("'s", "’s")):
            return None  # an organisation word, or a possessive: "Fox News' Jane Doe"
        if _token_is_capitalised(token):
            capitalised += 1
        elif low not in _PARTICLES and low not in _SUFFIXES:
            return None
    if capitalised < 2 or not tokens[-1][:1].isalpha():
        return None
    name = " ".join(tokens)
    if name.isupper():
        name = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name)
        name = re.sub(r"\b(Ii|Iii|Iv)\b", lambda m: m.group().upper(), name)
    return name


def _organisation(chunk: str) -> str | None:
    tokens = chunk.split()
    if not 1 <= len(tokens) <= 6:
        return None
    if not all(_token_is_capitalised(t) or t.isdigit() or t.lower() in {"of", "the", "and", "for"} for t in tokens):
        return None
    if tokens[0] == "the":
        chunk = "The" + chunk[3:]
        tokens[0] = "The"
    if tokens[0] == "The" or any(t.lower().strip(".") in _ORG_WORDS for t in tokens) or chunk.isupper():
        return chunk
    return None


def _credit_names(text: str, keep_organisations: bool) -> list[str] | None:
    """Names in "A, B and C" when every part is a person (or an organisation); else None."""
    names = []
    text = _PLACE.sub("", text.strip().strip("."))
    for chunk in _NAME_SPLIT.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        chunk = _ROLE_PREFIX.sub("", chunk)
        name = person_name(chunk)
        if name is None:
            stripped = _POSSESSIVE_PREFIX.sub("", chunk)  # "Fox News' Jane Doe"
            if stripped != chunk:
                name = person_name(stripped)
        if name is None and keep_organisations:
            name = _organisation(chunk)
        if name is None:
            return None
        names.append(name)
    return names or None


def _byline_names(text: str) -> list[str] | None:
    """Authors in "Jane Doe and John Roe" or "JANE DOE, Associated Press"; else None."""
    people = []
    for chunk in _NAME_SPLIT.split(text.strip().strip(".")):
        chunk = chunk.strip()
        if not chunk:
            continue
        name = person_name(_ROLE_PREFIX.sub("", chunk))
        if name is not None:
            people.append(name)
        elif _organisation(chunk) is None and not _is_affiliation(chunk):
            return None
    return people or None


def _is_affiliation(chunk: str) -> bool:
    tokens = chunk.lower().split()
    return 0 < len(tokens) <= 8 and any(t.strip(".") in _ORG_WORDS for t in tokens)


# ---------------------------------------------------------------------------------------
# Boilerplate rules. Each takes a paragraph and returns None (not boilerplate) or a
# dict of what it carried: outlet, published, authors, contributors (maybe empty).

_BULLETS = "•·*▪►‣⦁◦●-–—"
_BULLET = "[" + re.escape(_BULLETS) + r"\s]*"
_OUTLET_DATELINE = re.compile(
    rf"^[-–—•|]?\s*(?P<outlet>[A-Z][^|]{{1,70}}?)\s+[-–—|]\s+(?:{WEEKDAY},?\s+)?{DATE}{_TIME}\s*$", re.I
)
_TOP_DATE = re.compile(
    rf"^(?P<label>published|posted|updated|last updated|first published)?(?:\s+on)?:?\s*"
    rf"(?:{WEEKDAY},?\s+)?{DATE}{_TIME}\s*$",
    re.I,
)
_FURNITURE = {
    "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
    "paid content", "promoted content", "story continues below", "story continued below",
    "continue reading below", "continue reading the main story", "continue reading",
    "advertisement continue reading the main story", "article continues below advertisement",
    "article continues below", "skip advertisement", "skip ad", "loading", "loading...", "close",
    "photo", "photos", "video", "image", "watch", "listen", "link copied", "[pullquote]",
    "more on this", "more on this...", "opinion contributor", "analysis/opinion", "share",
    "advertisement thanks for watching! visit website", "thanks for watching! visit website",
    "newsletter sign-up", "corrections & amplifications", "getty images",
}  # fmt: skip
# (kind, a lower-case word the paragraph must contain for the pattern to be tried (a
# cheap filter; None to always try), pattern, longest paragraph it may match)
_PATTERNS: list[tuple[str, str | None, re.Pattern, int]] = [
    ("copyright", None, re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))", re.I), 400),
    ("copyright", "reserved", re.compile(r"\ball rights reserved\b", re.I), 400),
    ("comment policy", "comment", re.compile(r"\bcomment(?:ing)? (?:policy|guidelines)\b", re.I), 250),
    ("newsletter", "sign", re.compile(r"^(?=.*\bsign(?:ing)?[- ]up\b)(?=.*\b(?:newsletters?|inbox|podcast)\b)", re.I), 300),
    ("newsletter", "subscrib", re.compile(r"^(?=.*\bsubscrib(?:e|ing)\b)(?=.*\b(?:newsletters?|inbox|podcast)\b)", re.I), 300),
    ("newsletter", None, re.compile(r"^(?:sign up|subscribe)\b", re.I), 250),
    ("newsletter", "sign up here", re.compile(r"\bsign up here\.?$", re.I), 250),
    ("newsletter", "sign up to", re.compile(r"\bsign up to (?:receive|get)\b", re.I), 400),
    ("social", None, re.compile(
        rf"^{_BULLET}(?:follow|like|join|read)\b"
        r"(?=.*(?:twitter|facebook|instagram|flipboard|linkedin|tiktok|youtube|threads|bluesky|@\w))", re.I), 160),
    ("read more", None, re.compile(
        r"^(?:read more|read next|read or share this story|related(?: coverage| content| articles?| stories| links?)?"
        r"|more|more coverage|see also|also read|also see|recommended|watch|listen|read|more from [\w .’']{1,40})\s*(?::|$)",
        re.I), 250),
    ("read more", None, re.compile(r"^read more\b", re.I), 250),
    # an author's bio that ends by pointing to their social media
    ("social", "follow", re.compile(
        r"(?:^|[.!?]\s+)(?:you can )?follow (?:him|her|them|me|us|@\w+|[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})"
        r"(?: on| at)? (?:twitter|facebook|instagram|threads|bluesky|@)[^.]*\.?$", re.I), 400),
    ("read more", "read more", re.compile(r"\bread more\.?$", re.I), 250),
    ("update note", None, re.compile(
        r"^(?:(?:update|updated|correction|clarification|editor['’]s note)\s*(?:\([^)]*\))?\s*:?\s*)?"
        r"this (?:story|article|post|report|piece|page) (?:has been|was|is being) (?:updated|corrected|revised)",
        re.I), 400),
    ("update note", None, re.compile(r"^(?:updated|last updated|published|posted)\s*(?:at|on)?:?\s*\d", re.I), 80),
    ("update note", None, re.compile(r"^this (?:article|story) is more than \d+ (?:year|month)s? old$", re.I), 80),
    ("click here", "here", re.compile(r"\b(?:click|tap)(?:ing)? here\b", re.I), 200),
    ("share", None, re.compile(r"^(?:listen to (?:this )?article\b.*)?share this (?:article|story)\b|^share (?:on|via) (?:facebook|twitter|email)", re.I), 200),
    ("timestamp", None, re.compile(r"^\d{1,2} (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago$", re.I), 30),
    ("gallery", None, re.compile(r"^(?:slideshow|gallery)\s*\(\d+ (?:images|photos)\)$", re.I), 40),
    ("photo caption", None, re.compile(r"^(?:image copyright|image caption|enlarge this image|toggle caption|file\s*(?:photo)?\s*[-–—:])", re.I), 600),
    ("photo caption", None, re.compile(r"^(?:photos?|images?|image source|cover image|photo illustration|video|credit|photograph)\s*:\s", re.I), 400),
    ("wire note", None, re.compile(
        r"^(?:this article|this story|this report)? ?(?:is based in part on|contains material from|includes reporting from)"
        r" (?:the )?(?:wire|associated press|reuters)", re.I), 250),
    ("transcript note", None, re.compile(r"^(?:this is a rush transcript|npr transcripts are created)", re.I), 400),
    ("disclaimer", None, re.compile(r"^the (?:opinions|views) expressed (?:by|in)\b|^content created by the daily caller news foundation", re.I), 400),
    ("tweet embed", None, re.compile(rf"^[—–-]\s*.{{1,80}}\(@\w{{1,20}}\)\s+{MONTH}\.?\s+\d{{1,2}},\s+\d{{4}}$", re.I), 160),
    # BBC: "Media playback is unsupported on your device Media caption The ..."
    ("media embed", "media", re.compile(r"^(?:media playback is (?:unsupported|not supported) on your device|media caption\b)", re.I), 600),
    # New York Times, Politico: a sign-up box flattened into one paragraph
    ("newsletter", "newsletter", re.compile(r"^(?:[\w’'#-]+ ){0,4}newsletters?\b.{0,60}?\bsign[- ]up\b", re.I), 1500),
    ("newsletter", "robot", re.compile(r"\bplease verify you['’]re not a robot\b", re.I), 1500),
    ("newsletter", "signing up", re.compile(r"\bby signing up,? you agree to\b", re.I), 1000),
    # ABC News: "Interested in Ukraine? Add Ukraine as an interest to stay up to date ..."
    ("interest prompt", "interest", re.compile(r"^interested in .{1,80}\?\s*add .{1,80} as an interest\b", re.I), 400),
    # Vox, the Guardian and others: reader-funding appeals
    ("appeal", "support", re.compile(r"^(?:please )?support (?:[\w’'.]+ ){0,4}journalism\.?$|^support the guardian\b", re.I), 80),
    ("appeal", "contribution", re.compile(
        r"\b(?:financial contribution|make a (?:one-time |monthly )?(?:contribution|gift)|consider (?:making a )?(?:contribution|gift|donation))\b"
        r"(?=.*\b(?:journalism|our (?:staff|work|mission|reporting|newsroom)))", re.I), 1500),
    # CNN: "- Check out the CNN Electoral Map ...": a promotion in a bulleted line
    ("promo", "check out", re.compile(r"^[-–—•*]\s*check out\b", re.I), 250),
]
# A photo credit closing a caption: "(AP Photo/Jane Doe, File)", "(Jane Doe via AP)",
# "REUTERS/Jane Doe/File Photo", "Jane Doe/Getty Images". Tried on the last characters
# of a paragraph only, since captions end with their credit.
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:AP|AFP|Reuters|EPA|UPI)?\s*Photos?\b[^()]*\)"
    r"|\([^()]{1,80}\bvia (?:AP|Getty Images|Reuters|AFP)\)"
    r"|\bREUTERS/\s?\S[^.]{0,80}"
    r"|(?:/|\|\s*|\bvia\s+|\b(?:Source|Photographer|Photo|Credit):\s*)(?:[A-Z]\w+\s+)?(?:Getty Images|Getty|AFP|AP|Reuters|EPA|Pool|Sipa USA)"
    r"|\b[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,3}/(?:AP|AFP|NPR|Bloomberg|The New York Times|The Washington Post))"
    r"(?:,\s*FILE)?\)?\.?\s*$"
    r"|\b[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,3} Getty Images\)?$"
)
_CONTACT_NAMED = re.compile(rf"^{_BULLET}(?P<name>[^,.;:@]{{3,60}}?)\s+(?:can|may) be reached\b", re.I)
_CONTACT = re.compile(r"\b(?:can|may) be (?:reached|contacted) (?:at|via|by|on)\b", re.I)
_CONTACT_START = re.compile(r"^(?:contact|e-?mail|send tips|send letters|reach|tips\??)\b.{0,150}@", re.I)
_WRITE_TO = re.compile(r"^write to (?P<rest>.+@.+)$", re.I)
_CONTRIBUTED = re.compile(
    rf"^{_BULLET}(?P<names>.{{2,200}}?)\s+(?:also\s+)?contributed\b(?:\s+(?:to|research|reporting|additional|from|this|for)\b.*|\s*\.?)$",
    re.I,
)
_REPORTED_FROM = re.compile(r"^[A-Z][^.]{0,80}\breported from\b[^.]{0,80}\.\s+(?=\S)")
_CONTRIBUTING = re.compile(r"^(?:contributing(?: reporters?| writers?)?|additional reporting by|reporting was contributed by):?\s*(?P<names>.+?)\.?$", re.I)
_BYLINE = re.compile(r"^by\s+(?P<names>[^|]{3,150}?)\s*(?:\|\s*(?P<rest>.*))?$", re.I)
_REUTERS = re.compile(r"^\(?\s*(?P<body>(?:additional\s+)?(?:reporting|writing)\s+by\b.*?)\s*\)?\.?$", re.I)
_REUTERS_PART = re.compile(r"^(?P<role>additional reporting|reporting|writing|editing|compiled|graphics)\s+by\s+(?P<names>.+)$", re.I)
# "WASHINGTON (AP) —", "SAN FRANCISCO/WASHINGTON (Reuters) -", "MADISON, Wis. (AP) —", "(CNN)".
# Every repeated part starts with a separator, so a long run of capitals cannot make
# the pattern backtrack exponentially.
_WIRE_DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][\w.'’\-]*(?:[ /][A-Z][\w.'’\-]*){0,4}(?:,\s[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*)?)?\s)?"
    r"\((?:AP|Reuters|AFP|UPI|CNN|CNN Business|Bloomberg|dpa|RNS|JTA)\))\s*(?:[-–—]+\s*)?"
)
# "WASHINGTON —", "FLINT, Mich. —": a capitalised place and a dash opening the first paragraph.
_CAPS_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z.'’\-]{2,}(?:[ /][A-Z][A-Z.'’\-]+){0,3}"
    r"(?:,\s+[A-Z][\w.'’\-]+(?:\s[A-Z][\w.'’\-]+)?)?)\s+[—–]\s+"
)


@dataclass
class Cleaned:
    """One cleaned article and the metadata its boilerplate carried."""

    text: str  # paragraphs separated by "\n\n"
    outlet: str | None = None
    published: str | None = None  # ISO "YYYY-MM-DD"
    published_raw: str | None = None  # the date as the text wrote it ("Wednesday, February 12, 2025")
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    title: str | None = None
    sections: list[tuple[int, str]] = field(default_factory=list)  # (paragraph index, heading)
    removed: list[str] = field(default_factory=list)  # dropped boilerplate, for auditing
    removed_kinds: list[str] = field(default_factory=list)  # why each was dropped: "copyright", ...
    dateline: str | None = None  # "WASHINGTON (AP)"

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n") if self.text else []

    @property
    def headings(self) -> frozenset[int]:
        """Indices of the paragraphs that are section headings, not body text."""
        return frozenset(i for i, _ in self.sections)


def clean_article(raw: str, title: str | None = None, headings=()) -> Cleaned:
    """Clean one article's raw text.

    Parameters
    ----------
    raw : str
        The article as exported: any line ends, boilerplate included.
    title : str, optional
        The title when known from elsewhere (a corpus field). A first line repeating
        it is dropped; without it, a title-like first line becomes the title.
    headings : collection of str, optional
        Paragraphs known to be subheadings (an HTML page's <h2>...): sections even
        when they do not look like headings ("A long fight").
    """
    found = Cleaned(text="")
    body: list[str] = []
    paragraphs = split_paragraphs(normalise(raw))
    in_highlights = in_related = False
    for index, para in enumerate(paragraphs):
        near_top = len(body) < 3 and index < 6
        if in_highlights and len(para) <= 250 and para[-1] not in _FINAL_PUNCTUATION + "\"'”’)":
            kind = "highlights"  # the bullet points after "Story highlights" have no final stop
        else:
            in_highlights = False
            para = _strip_pasted(para, found)
            if not para:
                continue
            para = _strip_file_caption(para, found)
            if index < 3 and (not body or (len(body) == 1 and title and _fold(body[0]) == _fold(title))):
                para = _strip_fused_caption(para, title, found)
            kind = _boilerplate(para, near_top, found)
            if kind is None and near_top:
                kind = _top_credit(paragraphs, index, found)
            if kind is None and ((in_related and listed_headline(para)) or (body and capitals_headline(para))):
                kind = "related headline"  # under "READ MORE:", or a related story's headline in capitals
        if kind == "highlights":
            in_highlights = True
        if kind != "page furniture":  # "Advertisement" inside a list of related headlines
            in_related = (kind == "read more" and list_label(para)) or (in_related and kind == "related headline")
        if kind:
            found.removed.append(para)
            found.removed_kinds.append(kind)
        else:
            body.append(para)

    body = _take_title(body, title, found)
    _strip_dateline(body, found)
    known = {" ".join(normalise(h).split()) for h in headings}
    found.sections = [(i, body[i]) for i in _heading_indices(body, known)]
    found.text = "\n\n".join(body)
    return found


_HIGHLIGHTS = re.compile(r"^story highlights\b", re.I)
# "FILE - In this March 3, 2020, file photo, the chair speaks ... in Washington."
_FILE_CAPTION = re.compile(r"^file\s*[-–—:]\s*(?:in this|this)\b.{0,300}?\bphoto\b", re.I)
# "<caption> | Jane Doe/AFP/Getty Images <title> <body>": a caption fused to the text.
_FUSED_CREDIT = re.compile(
    r"^(?P<caption>.{10,500}?)\s\|\s(?:[A-Z][\w.'’\-]*\s){0,3}[A-Z][\w.'’\-]*"
    r"(?:/(?:AFP|AP|EPA|Getty Images|AP Photo|Reuters|POLITICO|Bloomberg|Pool|Sipa USA|NurPhoto))+\s+(?=\S)"
)


def _strip_pasted(para: str, found: Cleaned) -> str:
    """Take hover bios and "(RELATED: ...)" asides out of a paragraph (see framescope.corpus.pasted)."""
    for strip, kind in ((strip_hover_bios, "hover bio"), (strip_related_asides, "related headline")):
        para, removed = strip(para)
        found.removed.extend(removed)
        found.removed_kinds.extend([kind] * len(removed))
    return para.strip()


def _top_credit(paragraphs: list[str], index: int, found: Cleaned) -> str | None:
    """A name alone above an outlet line at the top ("Susan Page" / "USA TODAY"): authors and outlet."""
    if index > 2:
        return None
    para = paragraphs[index]
    nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    prev = paragraphs[index - 1] if index else ""
    if len(para) <= 80 and len(nxt) <= 40 and _organisation(nxt) and not _organisation(para):
        names = _byline_names(para)
        if names:
            _add(found.authors, names)
            return "byline"
    if len(para) <= 40 and found.removed_kinds[-1:] == ["byline"] and found.removed[-1:] == [prev] and _organisation(para):
        found.outlet = found.outlet or para
        return "outlet line"
    return None


def _strip_file_caption(para: str, found: Cleaned) -> str:
    """Cut an AP-style "FILE - In this ... photo, ..." caption run into the paragraph after it.

    A caption alone in its paragraph is left for the "photo caption" rule to drop.
    """
    if not _FILE_CAPTION.match(para) or _CAPTION_CREDIT.search(para[-120:]):
        return para
    spans = split_sentences(para)
    if len(spans) < 2:
        return para
    found.removed.append(para[: spans[0].end])
    found.removed_kinds.append("photo caption")
    return para[spans[1].start :]


def _strip_fused_caption(para: str, title: str | None, found: Cleaned) -> str:
    """Cut a caption and credit fused to the start of the first paragraph, and the title after it."""
    m = _FUSED_CREDIT.match(para) if " | " in para[:600] else None
    if m:
        found.removed.append(para[: m.end()].strip())
        found.removed_kinds.append("photo caption")
        para = para[m.end() :]
        if title:
            t = re.search(re.escape(title), para[: len(title) + 60], re.I)
            if t and t.end() < len(para):
                found.removed.append(para[: t.end()])
                found.removed_kinds.append("title")
                para = para[t.end() :].lstrip()
    return para


def _boilerplate(para: str, near_top: bool, found: Cleaned) -> str | None:
    """The kind of boilerplate `para` is, or None; records the metadata it carries in `found`."""
    if not any(c.isalnum() for c in para):
        return "separator"  # "***", "___", "—"
    if _HIGHLIGHTS.match(para) and len(para) <= 300:
        return "highlights"
    low = para.lower()
    if low.rstrip(":. ") in _FURNITURE or low in _FURNITURE:
        return "page furniture"
    if len(para) <= 160:
        m = _OUTLET_DATELINE.match(para)
        if m and len(m.group("outlet").split()) <= 8:
            found.outlet = found.outlet or m.group("outlet").strip(" -–—|")
            _take_date(found, para[m.start("outlet") + len(m.group("outlet")) :])
            return "outlet dateline"
    if near_top and len(para) <= 80:
        m = _TOP_DATE.match(para)
        if m:
            label = (m.group("label") or "").lower()
            if "updated" not in label:
                _take_date(found, para)
            return "date line"
    if len(para) <= 400:
        kind = _credits(para, found)
        if kind:
            return kind
    for kind, needle, pattern, longest in _PATTERNS:
        if len(para) <= longest and (needle is None or needle in low) and pattern.search(para):
            return kind
    tail = para[-120:]
    if len(para) <= 600 and any(mark in tail for mark in ("/", "(", "|", "via ", "Getty", "Photo")):
        if _CAPTION_CREDIT.search(tail):
            return "photo caption"
    if len(para) <= 120 and para[0] in "([" and para[-1] in ")]" and (para[-2] not in ".!?" or ":" in para[:30]):
        return "aside"  # "(Pixabay)", "[music]", "(APPLAUSE)", "(Also on X: ...)": credits and links
    return None


def boilerplate_kind(paragraph: str, near_top: bool = False) -> str | None:
    """Why `paragraph` would be dropped as boilerplate ("copyright", "contact", ...), or None.

    `near_top` says the paragraph opens the article, where bare date lines are
    boilerplate too.
    """
    return _boilerplate(paragraph, near_top, Cleaned(text=""))


def _credits(para: str, found: Cleaned) -> str | None:
    """Contact, contributor, byline and wire credit lines; keeps the names they give."""
    if para[0] == "(" and para[-1] == ")":
        para = para[1:-1].strip()  # "(Jane Doe contributed to this article.)"
    low = para.lower()
    m = _CONTACT_NAMED.match(para) if " be reached" in low else None
    if m:
        name = person_name(m.group("name").strip())
        if name is not None:
            _add(found.authors, [name])
            return "contact"
    if ("@" in para or "mail" in low) and " be " in low and _CONTACT.search(para):
        return "contact"
    if _CONTACT_START.match(para):
        return "contact"
    m = _WRITE_TO.match(para)
    if m:
        parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", m.group("rest"))
        names = [re.sub(r"\s+at\s+\S+@\S+.*$", "", part).strip() for part in parts]
        _add(found.authors, [n for n in map(person_name, names) if n])
        return "contact"
    credit = _REPORTED_FROM.sub("", para)  # "Doe reported from Kyiv. Jane Roe contributed ..."
    m = (_CONTRIBUTED.match(credit) if "contributed" in low else None) or _CONTRIBUTING.match(credit)
    if m:
        names = _credit_names(m.group("names"), keep_organisations=True)
        if names is not None:
            _add(found.contributors, names)
            return "contributors"
    m = _BYLINE.match(para)
    if m and len(para) <= 200:
        names = _byline_names(m.group("names"))
        if names is not None:
            _add(found.authors, names)
            if m.group("rest") and parse_date(m.group("rest")):  # "| Staff Writer" is no date
                _take_date(found, m.group("rest"))
            return "byline"
    m = _REUTERS.match(para)
    if m:
        authors, contributors = [], []
        for part in re.split(r"\s*;\s*", m.group("body")):
            pm = _REUTERS_PART.match(part.strip())
            if pm is None:
                return None
            role = pm.group("role").lower()
            names = re.sub(r"\s+(?:in|from|at)\s+[A-Z][\w .,'’\-]*$", "", pm.group("names").strip(" .)"))
            names = _credit_names(re.sub(r"\s+(?:in|from)\s+[A-Z][\w.'’\-]*(?=,|\s+and\b)", "", names), keep_organisations=False)
            if names is None:
                return None
            if role in ("reporting", "writing"):
                authors.extend(names)
            elif role == "additional reporting":
                contributors.extend(names)
        _add(found.authors, authors)
        _add(found.contributors, contributors)
        return "wire credit"
    return None


def _take_date(found: Cleaned, text: str) -> None:
    """Record the first date the boilerplate gives that reads as one (else the first given): as written, and read."""
    if found.published is not None:
        return
    day = parse_date(text)
    if day is not None or found.published_raw is None:
        found.published_raw = " ".join(text.split()).strip(" -–—|,") or None
        found.published = day


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name not in target:
            target.append(name)


def _strip_dateline(body: list[str], found: Cleaned) -> None:
    """Drop "WASHINGTON (AP) —" or "WASHINGTON —" from the start of the first paragraph."""
    if not body:
        return
    head = body[0][:160]
    m = _WIRE_DATELINE.match(head) or _CAPS_DATELINE.match(head)
    if m and m.end() < len(body[0]):
        found.dateline = m.group("dateline").strip()
        found.removed.append(body[0][: m.end()].strip())
        found.removed_kinds.append("wire dateline")
        body[0] = body[0][m.end() :]


_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "vs", "vs.", "via", "into", "over", "after", "about", "up", "off", "is", "are",
}  # fmt: skip
_FINAL_PUNCTUATION = ".,;:!?…"
_QUOTE_PAIRS = {"‘": "’", "“": "”", '"': '"', "'": "'", "«": "»", "»": "«", "„": "“", "「": "」", "‹": "›"}


def heading_like(para: str, longest: int = 80) -> bool:
    """A short title-like or quoted line without final punctuation."""
    if not para or len(para) > longest or para[0] in _BULLETS + "(" or not any(c.isalpha() for c in para):
        return False
    last = para[-1]
    if last in _FINAL_PUNCTUATION or last in "-–—":
        return False
    if last in "\"'”’»“«」›" and len(para) > 1 and para[-2] in _FINAL_PUNCTUATION:  # „...“ and »...« too
        return False
    words = para.split()
    if len(words) > 10:
        return False
    if _QUOTE_PAIRS.get(para[0]) == last and len(para) > 2:
        return True  # a quoted phrase: "‘Stark strategic realities’"
    content = [w.strip("\"'“”‘’()") for w in words]
    content = [w for w in content if w and w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not content or not content[0][0].isupper() or not words[0].lstrip("\"'“‘")[:1].isupper():
        return False
    return sum(w[0].isupper() for w in content) >= 0.5 * len(content)


def _body_like(para: str) -> bool:
    return not heading_like(para) and (len(para.split()) >= 12 or para[-1:] in ".!?\"”’»“«…)")


def _take_title(body: list[str], title: str | None, found: Cleaned) -> list[str]:
    """Take a title line off the top: the known title repeated, or a title-like first line."""
    if not body:
        return body
    first = body[0]
    if title:
        found.title = title
        if _fold(first) == _fold(title):
            found.removed.append(first)
            found.removed_kinds.append("title")
            return body[1:]
        return body
    if (
        len(first) <= 150
        and first[-1] not in ".,;:"
        and first[0] not in _BULLETS
        and not (first[-1] in "\"'”’»" and first[-2:-1] in _FINAL_PUNCTUATION)
        and len(body) > 1
        and _body_like(body[1])
        and len(body[1]) > len(first)
    ):
        found.title = first
        return body[1:]
    return body


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _heading_indices(body: list[str], known=frozenset()) -> list[int]:
    """Paragraphs that are section headings: heading-like (or `known`), with body text after them."""
    out = []
    for i, para in enumerate(body):
        if i + 1 < len(body) and (heading_like(para) or (para in known and len(para) <= 150)) and _body_like(body[i + 1]):
            out.append(i)
    return out
