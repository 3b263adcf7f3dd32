"""Decoding a corpus file's bytes as text, and telling text from binary.

Text is decoded from UTF-8, UTF-8 or UTF-16/32 with a byte-order mark, or cp1252 /
Latin-1 (see :func:`decode`); a page's declared charset is tried before cp1252.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"PAR1")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32")


class Unreadable(Exception):
    """Bytes that are not text; the message is the rejection reason."""


def is_wide(encoding: str | None) -> bool:
    """Whether a file of this :func:`sniff_encoding` is read whole-stream (UTF-16/32), not line by line."""
    return encoding in _WIDE


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark or a UTF-16 pattern gives away, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head.startswith(_BINARY_MAGIC):
        raise Unreadable("not text (binary content)")
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text.
        sample = head[: len(head) - len(head) % 2]
        if sample and sample[1::2].count(0) > 0.4 * len(sample) / 2 and sample[0::2].count(0) == 0:
            return "utf-16-le"
        if sample and sample[0::2].count(0) > 0.4 * len(sample) / 2 and sample[1::2].count(0) == 0:
            return "utf-16-be"
        raise Unreadable("not text (binary content)")
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes as text: BOM-marked UTF-8/16/32, else UTF-8, else `declared`, else cp1252, else Latin-1.

    `declared` is an encoding the data names itself (an HTML page's charset).
    Returns (text, encoding). Raises :class:`Unreadable` for binary or garbled bytes.
    """
    encoding = sniff_encoding(data[:8192])
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise Unreadable(f"undecodable text ({encoding}: {err.reason} at byte {err.start})") from None
        return text.lstrip("\ufeff"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    text, encoding = decode_line(data)
    if _garbled(text):
        raise Unreadable("undecodable text")
    return text, encoding


def decode_line(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else cp1252, else Latin-1 (which never fails)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _garbled(text: str) -> bool:
    """Mostly control characters: bytes of some other encoding, or not text at all."""
    if not text:
        return False
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r")
    return controls > 0.05 * len(text)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
# Pages that say Latin-1 or ASCII are read as cp1252, as browsers do.
_WINDOWS_1252_ALIASES = {"iso8859-1", "latin-1", "ascii", "cp1252"}


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, as a Python codec name, or None."""
    m = _CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _WINDOWS_1252_ALIASES or name.startswith(("utf-16", "utf-32")):
        return None  # cp1252 is tried anyway; a page with no BOM that claims UTF-16 is not
    return name


def iter_lines(path: Path, max_line: int | None = None,
               start: tuple[int, int] | None = None) -> Iterator[tuple[int, str | None, str]]:
    """(line number from 1, line, encoding) of a text file, each line decoded on its own.

    Decoding line by line lets a mostly UTF-8 file with a few cp1252 lines through,
    each line with the encoding that read it. A BOM-marked UTF-16/32 file is read
    whole-stream instead. A line longer than `max_line` (bytes, or characters for
    UTF-16/32) is skipped without being held in memory, and given as None. `start`:
    (byte offset of a line's start, lines before it), to read on from there (not in
    a UTF-16/32 file: ValueError).
    """
    limit = -1 if max_line is None else max_line + 1
    with open(path, "rb") as f:
        head = f.read(8192)
        encoding = sniff_encoding(head)
        f.seek(0)
        if start is not None:
            if encoding in _WIDE:
                raise ValueError(f"iter_lines: cannot start in the middle of a {encoding} file")
            f.seek(start[0])
        if encoding in _WIDE:
            stream = io.TextIOWrapper(f, encoding=encoding, newline="")
            try:
                number = 0
                while True:
                    line = stream.readline(limit)
                    if not line:
                        return
                    number += 1
                    if number == 1:
                        line = line.lstrip("\ufeff")
                    if max_line is not None and len(line) > max_line and not line.endswith("\n"):
                        _skip_rest(stream.readline, "\n")
                        line = None
                    yield number, line, encoding
            except UnicodeDecodeError as err:
                raise Unreadable(f"undecodable text ({encoding}: {err.reason})") from None
            finally:
                stream.detach()
        number = 0 if start is None else start[1]
        while True:
            raw = f.readline(limit)
            if not raw:
                return
            number += 1
            if max_line is not None and len(raw) > max_line and not raw.endswith(b"\n"):
                _skip_rest(f.readline, b"\n")
                yield number, None, "utf-8"
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            text, used = decode_line(raw)
            yield number, text, used


def _skip_rest(readline, newline) -> None:
    """Read on, a megabyte at a time, to the end of the current line."""
    while True:
        chunk = readline(1 << 20)
        if not chunk or chunk.endswith(newline):
            return
