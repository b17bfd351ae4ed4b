"""Evidence: cited sentence numbers checked against the article, and exact spans built from them."""

from __future__ import annotations

from summarizer.core.schema import Evidence
from summarizer.grounding.rules import Violation
from summarizer.text.normalize import normalize
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
