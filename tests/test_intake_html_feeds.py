"""Intake from HTML pages (trafilatura) and RSS/Atom feeds (feedparser)."""

from __future__ import annotations

from pathlib import Path

from eventwire.errors import IntakeError
from eventwire.intake import html_to_text, looks_like_feed, read_path
from eventwire.model import Document
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
SETTINGS = Settings()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastal Monitor</title>
  <id>urn:example:coastal-monitor</id>
  <updated>2024-04-02T12:00:00Z</updated>
  <entry>
    <title>Naval patrol fired on near the straits</title>
    <id>urn:example:coastal-monitor:17</id>
    <link href="https://monitor.example.org/17"/>
    <published>2024-04-02T11:20:00+02:00</published>
    <updated>2024-04-02T12:00:00Z</updated>
    <summary>Short version.</summary>
    <content type="html">&lt;p&gt;Gunmen in speedboats fired on a naval patrol
near the straits on Tuesday.&lt;/p&gt;
&lt;p&gt;The navy said no sailors were hurt.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def read(path: Path) -> list[Document | IntakeError]:
    return list(read_path(path, SETTINGS))


# --- HTML ------------------------------------------------------------------------------------------


def test_html_article_gives_main_text_and_metadata() -> None:
    (doc,) = read(FIXTURES / "article.html")
    assert isinstance(doc, Document)
    assert doc.title == "Militants attack army outpost near river crossing"
    assert doc.outlet == "Harbour Gazette"
    assert doc.published == "2024-02-14"
    assert doc.url == "https://gazette.example.org/world/2024/02/14/outpost-attack"
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Armed men stormed an army outpost")
    assert "killing five soldiers" in paragraphs[0]  # line breaks inside a paragraph collapse
    assert "\n" not in paragraphs[0]
    # boilerplate and the repeated headline are gone
    for junk in ("Home", "Most read", "All rights reserved", "Militants attack army outpost"):
        assert junk not in doc.text
    assert doc.document_id == Document.content_id(doc.text)


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>x</title></head><body><article>'
        "<p>Soldiers from the garrison at Château-Vallée said they had repelled an attack on Sunday "
        "night and that the attackers had withdrawn towards the border before dawn.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert "Château-Vallée" in doc.text


def test_truncated_html_with_no_main_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text("<html><head><title>Breaking: clashes in</title></head><bo", encoding="utf-8")
    (err,) = read(path)
    assert isinstance(err, IntakeError)
    assert err.source == str(path)
    assert "no main text" in err.reason


def test_html_to_text_keeps_blocks_as_paragraphs() -> None:
    fragment = (
        "<p>Shells  hit\n the market.</p><ul><li>Four dead</li><li>Nine hurt</li></ul>Officials &amp; medics"
    )
    assert html_to_text(fragment) == "Shells hit the market.\n\nFour dead\n\nNine hurt\n\nOfficials & medics"
    assert html_to_text("No markup &amp; two\n\nparagraphs") == "No markup & two\n\nparagraphs"


# --- feeds -----------------------------------------------------------------------------------------


def test_rss_entries_become_documents() -> None:
    path = FIXTURES / "feed.rss"
    first, second = read(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.document_id == "wire-2024-0305-01"
    assert first.title == "Drone strike hits fuel depot"
    assert first.text == (
        "A drone struck a fuel depot outside the town of Varn on Tuesday, starting a fire that burned "
        "for hours.\n\nLocal officials said two workers were injured."
    )
    assert first.published == "2024-03-05T10:30:00+00:00"
    assert first.outlet == "Borderland Wire"
    assert first.url == "https://wire.example.org/2024/03/05/fuel-depot"
    assert first.source == f"{path}[0]"
    # an item without a guid: feedparser falls back to no id, so the id is the text hash
    assert second.document_id in (Document.content_id(second.text), second.url)
    assert second.source == f"{path}[1]"


def test_atom_entry_prefers_full_content_and_converts_dates_to_utc(tmp_path: Path) -> None:
    path = tmp_path / "monitor.atom"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.document_id == "urn:example:coastal-monitor:17"
    assert doc.text == (
        "Gunmen in speedboats fired on a naval patrol near the straits on Tuesday.\n\n"
        "The navy said no sailors were hurt."
    )
    assert doc.published == "2024-04-02T09:20:00+00:00"
    assert doc.outlet == "Coastal Monitor"
    assert doc.url == "https://monitor.example.org/17"


def test_entry_without_text_is_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "thin.xml"
    path.write_text(
        "<rss version='2.0'><channel><title>T</title>"
        "<item><title>Only a title</title></item>"
        "<item><title>Ok</title><description>Troops shelled the ridge overnight.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    err, doc = read(path)
    assert isinstance(err, IntakeError) and isinstance(doc, Document)
    assert str(err) == f"{path}[0]: feed entry has no text (no content or summary)"


def test_malformed_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Cut", encoding="utf-8")
    (err,) = read(path)
    assert isinstance(err, IntakeError)
    assert err.reason.startswith("malformed feed (")
    assert "\n" not in str(err)


def test_xml_that_is_not_a_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "inventory.xml"
    path.write_text("<?xml version='1.0'?><inventory><item>bolts</item></inventory>", encoding="utf-8")
    (err,) = read(path)
    assert isinstance(err, IntakeError)
    assert err.reason == "not an RSS or Atom feed"


def test_feed_sniffing_looks_at_the_root_element() -> None:
    assert looks_like_feed(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- note -->\n<rss version='2.0'>")
    assert looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>")
    assert looks_like_feed(b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>")
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><feed>")
    assert not looks_like_feed(b"Plain text mentioning <rss> later")
