"""The closing record as one self-contained, printable HTML file.

Rendered from the same Markdown as the Markdown export, with markdown-it-py
configured so that nothing in a note can run: raw HTML is shown as text,
only absolute links to http, https and mailto addresses become links (the
rest, relative and protocol-relative ones too, stay plain text), and images
are not rendered at all, so opening the file never fetches anything.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

STYLESHEET = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
code { font-family: ui-monospace, monospace; background: #eee; padding: 0 .2rem; }
ul { padding-left: 1.4rem; }
em { color: #444; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


SAFE_SCHEMES = ("http", "https", "mailto")


def safe_link(url: str) -> bool:
    """Only absolute web and mail links: ``http(s)://host/...`` and ``mailto:someone``.

    Anything else stays plain text: other schemes (``javascript:``, ``file:``), and every relative
    link (``../../x``, ``notes.html``, ``#part``) or protocol-relative one (``//host/share``), which
    a saved page would resolve against ``file:`` (a path on the reader's disk or an SMB share).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced [ in the host
        return False
    if parts.scheme.casefold() in ("http", "https"):
        return bool(parts.hostname) and "\\" not in url
    return parts.scheme.casefold() == "mailto" and bool(parts.path.strip())


def markdown_renderer() -> MarkdownIt:
    """CommonMark without raw HTML and without images; tables and strikethrough on."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"]).disable("image")
    md.validateLink = safe_link
    return md


def render_html(markdown: str, title: str) -> str:
    body = markdown_renderer().render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No script may run and nothing may load, whatever slipped into the body.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLESHEET}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
