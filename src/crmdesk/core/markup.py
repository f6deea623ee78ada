"""Knowledge base article bodies: a small Markdown subset rendered to safe HTML.

The body is stored as Markdown (what Qt's ``QTextDocument.toMarkdown`` writes from
the article editor).  :func:`to_html` renders only what the editor makes: headings
(``#`` .. ``###``), paragraphs, bullet and numbered lists, **bold**, *italic*,
``code`` and links to ``http(s)://`` or ``mailto:``.  Everything is escaped first
and no raw HTML is passed through, so a body can never carry a script, a style or
an image from elsewhere into the reader.  :func:`plain_text` gives the words for the
search index and suggestions.
"""

from __future__ import annotations

import re
from html import escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\*)|(?<![_\w])_(?!\s)(.+?)(?<!\s)_(?!\w)")
_CODE = re.compile(r"`([^`]+)`")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def _inline(text: str) -> str:
    """One line of text with its inline marks, escaped."""
    codes: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        codes.append(f"<code>{escape(m.group(1))}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    links: list[str] = []

    def keep_link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if not _SAFE_LINK.match(target):
            return m.group(0)
        links.append(f'<a href="{escape(target, quote=True)}">{_marks(escape(label))}</a>')
        return f"\x01{len(links) - 1}\x01"

    text = _LINK.sub(keep_link, text)
    html = _marks(escape(text, quote=False))
    html = re.sub("\x01(\\d+)\x01", lambda m: links[int(m.group(1))], html)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], html)


def _marks(html: str) -> str:
    html = _BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", html)
    return _ITALIC.sub(lambda m: f"<i>{m.group(1) or m.group(2)}</i>", html)


def to_html(body: str) -> str:
    """The article body as HTML for Qt's rich text (``QTextBrowser``)."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None

    def close_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "<br/>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for raw in (body or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            close_paragraph()
            close_list()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = None if bullet else _NUMBERED.match(line)
        if heading:
            close_paragraph()
            close_list()
            level = min(len(heading.group(1)) + 1, 6)  # h1 is the article's title
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            item = (bullet or numbered)
            assert item is not None
            out.append(f"<li>{_inline(item.group(1))}</li>")
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return "\n".join(out)


def plain_text(body: str) -> str:
    """The words of a body without its marks (for the search index)."""
    text = _LINK.sub(lambda m: m.group(1), body or "")
    text = re.sub(r"^\s*(#{1,6}|[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())
