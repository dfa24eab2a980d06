"""Turn a template's bytes into text: BOM, declared charset, then a sane fallback."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.I,
)
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}
#: 7-bit encodings whose text is valid ASCII yet means something else (escape sequences).
_SEVEN_BIT = ("iso2022", "utf-7", "hz")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we try (binary content)."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KiB (after any UTF-16/32 BOM) mean binary content."""
    return b"\x00" in data[:8192]


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):  # unknown, or not a name at all (charset="\0")
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag or XML declaration states in the first 4 KiB."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return _codec((match.group(1) or match.group(2)).decode("ascii", "replace"))


def _byte_order(data: bytes, charset: str) -> str:
    """UTF-16/32 without a BOM: the byte order where the NULs of Latin text fall."""
    if charset not in ("utf-16", "utf-32"):
        return charset
    head = data[:8192]
    return charset + ("-be" if head[0::2].count(0) > head[1::2].count(0) else "-le")


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode *data*; return (text, encoding used).

    Order: byte-order mark, then strict UTF-8 when the bytes are valid UTF-8 (a
    declared charset is often wrong on UTF-8 files), then the declared charset
    (*declared* or a ``<meta charset>``), then windows-1252, then latin-1.

    A declared UTF-16/32 is believed only for bytes that hold NULs (a MIME part without
    a BOM); on 8-bit text it is a mistake, as WHATWG treats ``<meta charset=utf-16>``.
    Pure ASCII is read as UTF-8 unless a 7-bit encoding (ISO-2022-JP, UTF-7) is declared.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"invalid {encoding} after its byte-order mark") from exc
    if looks_binary(data):
        charset = _codec(declared) if declared else declared_charset(data)
        if charset and charset.startswith(("utf-16", "utf-32")):
            charset = _byte_order(data, charset)
            try:
                return data.decode(charset), charset
            except UnicodeDecodeError:
                pass
        raise UndecodableError("binary content (NUL bytes)")
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not text.isascii():
        return text, "utf-8"  # (whatever the declared charset: the common case, no search for it)
    charset = _codec(declared) if declared else declared_charset(data)
    if charset and charset.startswith(("utf-16", "utf-32")):
        charset = None
    if text is not None and (not charset or not charset.startswith(_SEVEN_BIT)):
        return text, "utf-8"
    if charset and charset != "utf-8":
        try:
            return _without_surrogates(data.decode(charset)), charset
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return _last_resort(data)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _without_surrogates(text: str) -> str:
    """Lone surrogates (UTF-7 can encode them) as U+FFFD: no parser or encoder takes them."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _last_resort(data: bytes) -> tuple[str, str]:
    """Bytes that are neither UTF-8, their declared charset nor windows-1252: let
    beautifulsoup4's UnicodeDammit guess (it also uses a charset detector when one is
    installed), else latin-1, which maps every byte. Off the hot path: bs4 is slow to import.
    """
    try:
        from bs4 import UnicodeDammit
    except ImportError:  # pragma: no cover - a declared dependency
        return data.decode("latin-1"), "latin-1"
    import logging
    import warnings

    # It warns about replaced characters, and logs them (printed unprefixed on stderr,
    # naming no file, by logging's last-resort handler): we say nothing.
    logger = logging.getLogger("bs4.dammit")
    was_disabled, logger.disabled = logger.disabled, True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dammit = UnicodeDammit(data, ["cp1252"])
    finally:
        logger.disabled = was_disabled
    if dammit.unicode_markup is not None and dammit.original_encoding:
        return dammit.unicode_markup, str(dammit.original_encoding)
    return data.decode("latin-1"), "latin-1"
