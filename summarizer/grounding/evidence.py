"""Evidence: cited sentence numbers checked against the article, and exact spans built from them.

- every cited sentence number exists (:func:`cited`);
- every quote the model reproduced is looked for in the article with quotes, dashes,
  whitespace and case normalised (:func:`find_quote`); its evidence is then the exact
  original span;
- cited sentences that share no content word with an item's text are left out of its
  evidence when another cited sentence does share one — or, when none does, replaced by a
  neighbouring sentence that clearly says it better, with a warning: small models cite one
  sentence off (:func:`relevant`). The article itself settles this, so it needs no re-ask.

Evidence spans are built from sentence offsets or found quote spans, so
``original[start:end] == text`` holds by construction.
"""

from __future__ import annotations

import re

from summarizer.core.schema import Evidence, SummaryWarning, WarningCode
from summarizer.grounding.rules import Violation
from summarizer.text.normalize import find_normalized, normalize, occurs_as_words
from summarizer.text.sentences import Sentence


class Article:
    """The article's sentences by number, and exact evidence built from them."""

    def __init__(self, original: str, sentences: list[Sentence]) -> None:
        self.original = original
        self.sentences = {s.number: s for s in sentences}
        self.normalized = normalize(" ".join(s.text for s in sentences))

    def evidence(self, number: int) -> Evidence:
        s = self.sentences[number]
        return Evidence(text=self.original[s.start : s.end], start=s.start, end=s.end)

    def span(self, start: int, end: int) -> Evidence:
        return Evidence(text=self.original[start:end], start=start, end=end)


def cited(path: tuple[str, int], numbers: list[int], article: Article, out: list[Violation]) -> list[int] | None:
    """The valid cited sentence numbers (repeats dropped), or ``None`` after reporting a bad one."""
    valid = [n for n in dict.fromkeys(numbers) if n in article.sentences]
    bad = [n for n in numbers if n not in article.sentences]
    if bad:
        out.append(
            Violation(path, f"cites sentence {bad[0]}, but the article's sentences are 1 to {len(article.sentences)}")
        )
        return None
    return valid or None


_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "has",
        "had",
        "were",
        "was",
        "will",
        "would",
        "said",
        "says",
        "about",
        "after",
        "before",
        "their",
        "there",
        "they",
        "them",
        "been",
        "being",
        "which",
        "while",
        "what",
        "when",
        "where",
        "also",
        "into",
        "than",
        "then",
        "some",
        "such",
        "only",
        "other",
        "more",
        "most",
        "over",
        "under",
    ]
)


def content_words(text: str) -> set[str]:
    """The words of four letters or more, stop words left out (what two texts must share to say the same)."""
    return {w for w in re.findall(r"\w{4,}", normalize(text)) if w not in _STOP}


def relevant(
    path: tuple[str, int],
    numbers: list[int],
    statement: str,
    article: Article,
    notes: list[SummaryWarning],
    *,
    named: tuple[str, ...] = (),
) -> list[int]:
    """The cited sentences that share a content word with ``statement`` or name one of ``named``.

    ``named`` are the claimant's (or position holder's) name and aliases: the sentence saying
    who speaks ("Maj. Gen. Ivan Popov commanded...") supports the attribution even when it
    shares no word with what is said.

    A small model often cites the sentence next to the right one. When a neighbour of the
    cited sentences shares at least two content words with the statement, and more than
    twice as many as any cited sentence, it replaces the citation (with a warning,
    appended to ``notes``, that the caller points at the item once it stands: see
    :func:`~summarizer.grounding.rules.point_at`). Otherwise the cited sentences sharing
    a word are kept — all of them if none does.
    """
    words = content_words(statement)

    def shared(n: int) -> int:
        return len(words & content_words(article.sentences[n].text))

    def names(n: int) -> bool:
        text = normalize(article.sentences[n].text)
        return any(occurs_as_words(label, text) for label in named)

    kept = [n for n in numbers if shared(n) or names(n)]
    neighbours = [m for n in numbers for m in (n - 1, n + 1) if m in article.sentences and m not in numbers]
    best = max(neighbours, key=lambda m: (shared(m), -min(abs(m - n) for n in numbers), -m), default=None)
    if best is None or shared(best) < 2 or shared(best) <= 2 * max(map(shared, numbers)):
        return kept or numbers
    given = ", ".join(str(n) for n in numbers)
    notes.append(
        SummaryWarning(
            code=WarningCode.MOVED_EVIDENCE,
            message=f"{path[0]}[{path[1]}] cited sentence{'s' if len(numbers) > 1 else ''} {given}, "
            f"which {'do' if len(numbers) > 1 else 'does'} not say it; "
            f"its evidence is sentence {best}, next to it",
        )
    )
    return [best]


def find_quote(quote: str, numbers: list[int], article: Article) -> Evidence | None:
    """The quote's exact span: in a cited sentence if possible, else anywhere in the article."""
    ordered = [article.sentences[n] for n in numbers]
    ordered += [s for s in article.sentences.values() if s.number not in numbers]
    for sentence in ordered:
        span = find_normalized(quote, article.original, sentence.start, sentence.end)
        if span:
            return article.span(*span)
    return None
