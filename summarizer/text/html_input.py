"""Saved web pages as input: detect HTML and extract the article text with trafilatura.

The extracted article (paragraphs separated by blank lines) becomes the text every
evidence offset indexes; the pipeline returns it as ``SummaryResult.source_text``.
trafilatura is an optional dependency: ``pip install 'summarizer[html]'``.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.core.errors import ConfigurationError, InputError

INSTALL_HINT = "pip install 'summarizer[html]'"
"""How to install the HTML extractor."""

MIN_ARTICLE_WORDS = 10
"""Fewer words than this after extraction means no article was found."""

_SNIFF_CHARS = 4096
_DOCUMENT_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_STRUCTURAL_TAG = re.compile(
    r"</?(?:html|head|body|article|main|section|header|footer|nav|aside|div|p|span|script|style|meta|link|title|h[1-6]|ul|li|a|br)\b[^<>]*>",
    re.IGNORECASE,
)
_MIN_TAGS = 6
_MIN_TAG_SHARE = 0.02


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a web page rather than plain article text.

    True when it starts like an HTML document (``<!DOCTYPE html>``, ``<html>``), or when
    its beginning is dense with structural tags. Plain text that merely mentions a tag
    or two is not HTML.
    """
    head = text[:_SNIFF_CHARS]
    if _DOCUMENT_START.match(head):
        return True
    tags = _STRUCTURAL_TAG.findall(head)
    if len(tags) < _MIN_TAGS:
        return False
    return sum(len(tag) for tag in tags) >= _MIN_TAG_SHARE * len(head.strip())


def extract_article(html: str) -> str:
    """The article text of a saved web page, paragraphs separated by blank lines.

    Navigation, scripts, styles, footers, comments and other page furniture are left out.

    Raises:
        ConfigurationError: trafilatura is not installed.
        InputError: no article text could be found in the page.
    """
    extracted = _trafilatura().extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
    )
    paragraphs = [line.strip() for line in (extracted or "").splitlines() if line.strip()]
    text = "\n\n".join(paragraphs)
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        found = "nothing" if not words else f"only {words} word{'s' if words != 1 else ''}"
        raise InputError(
            f"no article text found in this HTML page ({found} after removing page furniture): "
            "pass the saved page of a single article, or the article's plain text"
        )
    return text


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError:
        raise ConfigurationError(f"reading HTML input needs the trafilatura package: {INSTALL_HINT}") from None
    return trafilatura
