"""Routing by language: each stage says which languages it was made for, and skips the rest aloud.

An article's language is the `language` column of `articles` (ISO 639-1, detected by
ingest unless the config gives one; "und" when it could not be told). A stage that was
made for some languages only (VADER and the starter models are English) works on the
articles in those languages and gives every other article a reason, kept in the stage's
per-article table (column ``skipped``: "" for an article the stage worked on) and
counted by the run's summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

UNDETERMINED = "und"

#: Names for the codes a reason is written with (ISO 639-1); other codes are shown as they are.
NAMES = {
    "en": "English", "de": "German", "fr": "French", "it": "Italian", "pl": "Polish", "ru": "Russian",
    "es": "Spanish", "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "sk": "Slovak", "uk": "Ukrainian", "tr": "Turkish", "ar": "Arabic",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "el": "Greek", "hu": "Hungarian", "ro": "Romanian",
}


def language_name(code: str) -> str:
    """"German (de)" for "de"; the code alone when it has no name here."""
    return f"{NAMES[code]} ({code})" if code in NAMES else code


def skip_reason(language: str | None, supported: Sequence[str], stage: str) -> str:
    """Why `stage`, made for the `supported` languages, skips an article in `language`; "" when it does not."""
    if language in supported:
        return ""
    made_for = ", ".join(language_name(code) for code in supported)
    if language in (None, "", UNDETERMINED):
        return f"{stage}: language undetermined; made for {made_for}"
    return f"{stage}: article in {language_name(language)}; made for {made_for}"


def skip_reasons(languages: Iterable[str | None], supported: Sequence[str], stage: str) -> list[str]:
    """:func:`skip_reason` for each language in turn (computed once per distinct language)."""
    cache: dict[str | None, str] = {}
    out = []
    for language in languages:
        if language not in cache:
            cache[language] = skip_reason(language, supported, stage)
        out.append(cache[language])
    return out
