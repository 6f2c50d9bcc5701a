"""Links: URLs broken over lines joined again, duplicate link targets set aside, autolinks."""

from __future__ import annotations

import re

from ..structure import ParsedMeeting
from .lines import _STANDALONE_URL, _unplace
from .shapes import _Context, _Line

_URL_CHARS = r"[^\s<>\"'\]]"
_LINK = re.compile(
    r"(?P<md>\[[^\]\n]*\]\([^)\s]+\)|<(?:https?://|mailto:)[^>\s]+>|`[^`\n]*`)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    rf"|(?P<url>https?://{_URL_CHARS}+)"
    rf"|(?P<www>(?<![\w@./-])www\.{_URL_CHARS}+)"
    r"|(?P<bare>(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    rf"(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de)(?:/{_URL_CHARS}*)?(?![\w@-]))"
)
_LINK_HINT = re.compile(r"://|www\.|@|[a-z0-9]\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de)\b")
_TRAILING_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*$")
_URL_PIECE = re.compile(r"^[A-Za-z0-9\-._~/%?#=&+]+$")
_URL_TRAILING_PUNCT = ".,;:!?'\"”»"


# --- links ---------------------------------------------------------------------------------


def _link_key(url: str) -> str:
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    return key.removeprefix("www.").rstrip("/")


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING_PUNCT:
        url = url[:-1]
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def _join_broken_urls(lines: list[_Line], context: _Context) -> None:
    """Join "https://example.se/some-" + "path/" back into one URL (PDF line wrapping)."""
    known = {
        _link_key(match.group(1))
        for line in lines
        if (match := _STANDALONE_URL.match(line.content))
    }
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _TRAILING_URL.search(line.text)
        following = _next_content(lines, index, 2 if context.double_spaced else 1)
        joinable = match and following is not None
        joinable = joinable and _can_join(match.group(), lines[following].content, known)
        # A URL broken over three lines: look at this line again when the next is used up.
        if joinable and _move_first_token(lines, index, following):
            continue
        index += 1


def _next_content(lines: list[_Line], index: int, max_step: int) -> int | None:
    for candidate in range(index + 1, min(index + 1 + max_step, len(lines))):
        if lines[candidate].content:
            return candidate
    return None


def _can_join(url: str, next_content: str, known: set[str]) -> bool:
    token = next_content.split()[0]
    if not _URL_PIECE.match(token):
        return False
    key = _link_key(_trim_url(url + token))
    if any(other.startswith(key) for other in known):
        return True
    if url.endswith(("-", "_", "=", "&", "?", "%")):
        return True
    return url.endswith("/") and len(next_content.split()) == 1 and bool(re.search(r"[/-]", token))


def _move_first_token(lines: list[_Line], index: int, following: int) -> bool:
    """Move the URL's continuation up; True when that emptied the following line."""
    token, _, rest = lines[following].content.partition(" ")
    lines[index].text += token
    lines[index].joined = True
    if rest.strip():
        lines[following].text = rest.strip()
        return False
    del lines[following]
    return True


def _set_aside_duplicate_links(
    lines: list[_Line], meeting: ParsedMeeting, context: _Context
) -> None:
    """PDF export repeats each link target as a line of its own, often far from its text."""
    text_keys: set[str] = set()
    for line in lines:
        if not _LINK_HINT.search(line.content):
            continue
        if line.joined or not _STANDALONE_URL.match(line.content):
            for match in _LINK.finditer(line.content):
                _note_link(match, text_keys, context)
    seen: set[str] = set()
    for line in lines:
        match = _STANDALONE_URL.match(line.content) if "." in line.content else None
        if not match or line.joined:
            continue
        url = _trim_url(match.group(1))
        key = _link_key(url)
        if url.startswith("http"):
            context.link_targets.setdefault(key, url)
        if key in text_keys or key in seen:
            _unplace(meeting, line, "duplicate_link")
            line.text = ""
        seen.add(key)


def _note_link(match: re.Match[str], keys: set[str], context: _Context) -> None:
    for kind in ("url", "www", "bare"):
        if match.group(kind):
            url = _trim_url(match.group(kind))
            keys.add(_link_key(url))
            if kind == "url":
                context.link_targets.setdefault(_link_key(url), url)


def _linkify(text: str, context: _Context, links: list[str]) -> str:
    if not _LINK_HINT.search(text):
        return text
    return _LINK.sub(lambda match: _link_markdown(match, context, links), text)


def _link_markdown(match: re.Match[str], context: _Context, links: list[str]) -> str:
    if match.group("md"):
        return match.group("md")
    if match.group("email"):
        return f"<{match.group('email')}>"
    raw = match.group()
    url = _trim_url(raw)
    rest = raw[len(url) :]
    if match.group("url"):
        target = url
        markdown = f"<{url}>"
    else:
        target = context.link_targets.get(_link_key(url), "https://" + url)
        safe = target.replace("(", "%28").replace(")", "%29")
        markdown = f"[{url}]({safe})"
    if target not in links:
        links.append(target)
    return markdown + rest
