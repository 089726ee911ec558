"""HTML exports make only absolute http, https and mailto links clickable (issue 11, item 10).

A relative or protocol-relative link in a saved page resolves against ``file:``: ``//host/share``
opens an SMB share, ``../../x`` a file on the reader's disk. They stay plain text.
"""

from __future__ import annotations

import re

import pytest

from closer_tui.export import export_text
from closer_tui.export.html import render_html, safe_link
from closer_tui.model import Partnership


def hrefs(markdown: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', render_html(markdown, "t"))


@pytest.mark.parametrize(
    "link",
    ["//host/share", "../../x", "notes.html", "/etc/passwd", "#section", "?q=1", "http:relative", "https:///no-host",
     "\\\\host\\share", "file:///etc/passwd", "smb://host/share", "mailto:"],
)
def test_relative_and_protocol_relative_links_are_plain_text(link):
    assert not safe_link(link)
    assert hrefs(f"[see]({link}) and <{link}>") == []


@pytest.mark.parametrize("link", ["https://example.org/a?b#c", "http://example.org", "HTTPS://EXAMPLE.ORG", "mailto:ann@example.org"])
def test_absolute_web_and_mail_links_stay_clickable(link):
    assert safe_link(link)
    assert len(hrefs(f"[see]({link})")) == 1


def test_a_note_with_a_share_link_exports_it_as_text():
    p = Partnership.create("Ann Lee", "Bob Roe")
    p.close.highlights = "[the plan](//fileserver/team/plan.docx) and [old](../../private/notes.md)"
    body = export_text(p, "html").split("<body>", 1)[1]
    assert "<a " not in body
    assert "the plan" in body and "old" in body
