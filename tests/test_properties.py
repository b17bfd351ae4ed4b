"""Property-based tests: offsets always index the caller's original string.

For any input (unicode, curly quotes, CRLF, tabs, NBSP, zero-width characters, long
lines): paragraphs and sentences map back to exact slices of the original, loose matching
finds spans whose text normalises to what was looked for, and grounding builds evidence
with ``original[start:end] == text`` whatever the model cites.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from summarizer.grounding.ground import ground
from summarizer.prompting.wire import WireSummary
from summarizer.text.clean import clean
from summarizer.text.normalize import find_normalized, normalize, normalize_with_offsets
from summarizer.text.sentences import MAX_SENTENCE_CHARS, split_sentences

FAST = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SPECIAL = [
    "\r\n", "\r", "\n", "\n\n", "\t", " ", "  ", "\u00a0", "\u2003", "\u3000", *INVISIBLE,
    "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u2014", "\u2013", "-", "\u2026", "...",
    ".", "!", "?", ",", ";", ":", "(", ")", "Mr.", "Dr.", "U.S.", "e.g.", "ß", "İ", "ﬁ", "é", "e\u0301",
    "Иван", "Попов", "李明", "東京", "أحمد", "😀", "\u2028", "\x0b", "\x0c", "\x85",
]  # fmt: skip
WORDS = ["Jane", "Doe", "said", "the", "council", "mayor", "bridge", "will", "open", "in", "May", "not", "ready"]


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """Text built from words, punctuation, odd whitespace and unicode; sometimes a long line."""
    token = st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIAL), st.text(min_size=1, max_size=3))
    pieces = draw(st.lists(token, max_size=80))
    if draw(st.integers(0, 9)) == 0:  # a long line: no newline, maybe no sentence end
        pieces.insert(draw(st.integers(0, len(pieces))), " ".join(draw(st.sampled_from(WORDS)) for _ in range(400)))
    return "".join(p if p in SPECIAL else f"{p} " for p in pieces)


def collapse(text: str) -> str:
    """What the cleaner makes of a slice of a line: invisibles out, whitespace collapsed."""
    return " ".join("".join(ch for ch in text if ch not in INVISIBLE).split())


# -- the cleaner ---------------------------------------------------------------------------------


@FAST
@given(article_texts())
def test_paragraphs_index_the_original(original):
    cleaned = clean(original)
    assert cleaned.original is original
    last_end = 0
    for paragraph in cleaned.paragraphs:
        assert paragraph.text
        assert paragraph.text == paragraph.text.strip()
        assert len(paragraph.offsets) == len(paragraph.text)
        assert list(paragraph.offsets) == sorted(set(paragraph.offsets))
        start, end = paragraph.span(0, len(paragraph.text))
        assert last_end <= start < end <= len(original)
        assert "\n" not in original[start:end]
        assert "\r" not in original[start:end]
        assert collapse(original[start:end]) == paragraph.text
        for i, ch in enumerate(paragraph.text):
            source = original[paragraph.offsets[i]]
            assert source == ch or (ch == " " and source.isspace())
        last_end = end
    for dropped in cleaned.dropped:
        assert original[dropped.start : dropped.end] == dropped.text


# -- the sentence splitter -----------------------------------------------------------------------


@SLOW
@given(article_texts())
def test_sentences_index_the_original_and_lose_nothing(original):
    cleaned = clean(original)
    sentences = split_sentences(cleaned)
    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))
    last_end = 0
    for s in sentences:
        assert s.text
        assert s.text == s.text.strip()
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert last_end <= s.start < s.end <= len(original)
        assert collapse(original[s.start : s.end]) == s.text
        last_end = s.end
    for index, paragraph in enumerate(cleaned.paragraphs):
        joined = "".join(s.text for s in sentences if s.paragraph == index)
        assert joined.replace(" ", "") == paragraph.text.replace(" ", ""), "text lost between sentences"


# -- loose matching ------------------------------------------------------------------------------

STRIPPED = " \"'.,;:!?-"


@FAST
@given(article_texts(), st.data())
def test_normalize_with_offsets_agrees_with_normalize(text, data):
    norm, offsets = normalize_with_offsets(text)
    assert norm.strip() == normalize(text)
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


@FAST
@given(article_texts(), st.data())
def test_find_normalized_spans_normalise_to_the_needle(haystack, data):
    assume(haystack)
    a = data.draw(st.integers(0, len(haystack) - 1))
    b = data.draw(st.integers(a + 1, min(len(haystack), a + 80)))
    needle = data.draw(st.sampled_from([haystack[a:b], _restyle(haystack[a:b]), haystack[a:b].upper()]))
    span = find_normalized(needle, haystack)
    key = normalize(needle).strip(STRIPPED)
    if span is None:
        assert not key or key not in normalize(haystack) or _only_inside_an_expansion(key, haystack)
        return
    start, end = span
    assert 0 <= start < end <= len(haystack)
    assert normalize(haystack[start:end]) == key


@FAST
@given(article_texts(), article_texts())
def test_find_normalized_within_bounds(haystack, needle):
    for lo in (0, len(haystack) // 2):
        span = find_normalized(needle, haystack, lo)
        if span is not None:
            start, end = span
            assert lo <= start < end <= len(haystack)
            assert normalize(haystack[start:end]) == normalize(needle).strip(STRIPPED)


@pytest.mark.parametrize(
    ("needle", "haystack", "expected"),
    [("i", "İstanbul", None), ("s", "Straße", (0, 1)), ("ss", "Straße", (4, 5)), ("sse", "Straße", (4, 6)),
     ("fi", "ﬁsh", (0, 1)), ("f", "ﬁsh ﬂag f", (8, 9)), ("opens", "the \u201cdoor\u201d opens", (11, 16))],
)  # fmt: skip
def test_find_normalized_never_splits_a_folded_character(needle, haystack, expected):
    assert find_normalized(needle, haystack) == expected


def _restyle(text: str) -> str:
    """The same words as a model might retype them: straight quotes, ASCII dashes, one space."""
    table = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": "-", "\u2013": "-"}
    return re.sub(r"\s+", " ", "".join(table.get(ch, ch) for ch in text))


def _only_inside_an_expansion(key: str, haystack: str) -> bool:
    """Every occurrence of ``key`` starts or ends inside one character's folding (``ß`` -> ``ss``)."""
    norm, offsets = normalize_with_offsets(haystack)
    found = norm.find(key)
    while found >= 0:
        end = found + len(key)
        starts_clean = found == 0 or offsets[found - 1] != offsets[found]
        ends_clean = end == len(norm) or offsets[end] != offsets[end - 1]
        if starts_clean and ends_clean:
            return False
        found = norm.find(key, found + 1)
    return True


# -- grounding -----------------------------------------------------------------------------------


@st.composite
def wire_answers(draw: st.DrawFn, sentences: list[Any]) -> dict[str, Any]:
    """A random wire answer: real and invented names, valid and invalid sentence numbers, quotes."""
    n = len(sentences)
    words = [w for s in sentences for w in s.text.split()] or ["nobody"]
    name = st.one_of(st.sampled_from(words), st.text(min_size=1, max_size=12),
                     st.builds(lambda a, b: f"{a} {b}", st.sampled_from(words), st.sampled_from(words)))  # fmt: skip
    cites = st.lists(st.integers(-1, n + 2), min_size=1, max_size=3)
    actors = draw(st.lists(st.fixed_dictionaries({"name": name, "kind": st.sampled_from(["person", "group"]),
                                                  "role": st.none()}), min_size=1, max_size=4))  # fmt: skip
    refs = st.sampled_from([a["name"] for a in actors] + ["outlet", "unattributed", "someone else"])

    def quote() -> str | None:
        sentence = draw(st.sampled_from(sentences)).text
        a = draw(st.integers(0, len(sentence) - 1))
        piece = sentence[a : draw(st.integers(a + 1, len(sentence)))]
        return draw(st.sampled_from([None, piece, _restyle(piece), f"\u201c{piece}\u201d", "not in it"]))

    claims = [
        {"claimant": draw(refs), "attribution": draw(st.sampled_from(["direct_quote", "paraphrase", "outlet"])),
         "statement": "s", "sentences": draw(cites), "quote": quote()}
        for _ in range(draw(st.integers(1, 4)))
    ]  # fmt: skip
    position = st.fixed_dictionaries({"actor": refs, "position": st.just("p"), "sentences": cites})
    return {
        "headline": "h", "summary": "s", "actors": actors,
        "claims": claims,
        "disputes": draw(st.lists(st.fixed_dictionaries(
            {"issue": st.just("i"), "positions": st.lists(position, min_size=2, max_size=3)}), max_size=2)),
        "caveats": draw(st.lists(st.fixed_dictionaries(
            {"kind": st.just("unverified"), "text": st.just("t"), "sentences": cites}), max_size=2)),
    }  # fmt: skip


@SLOW
@given(article_texts(), st.data())
def test_grounded_evidence_is_always_an_exact_slice(original, data):
    sentences = split_sentences(clean(original))
    assume(sentences)
    wire = WireSummary.model_validate(data.draw(wire_answers(sentences)))
    grounded = ground(wire, original, sentences)
    summary = grounded.summary
    evidence = [ev for c in summary.claims for ev in c.evidence]
    evidence += [ev for d in summary.disputes for p in d.positions for ev in p.evidence]
    evidence += [ev for c in summary.caveats for ev in c.evidence]
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(original)
        assert original[ev.start : ev.end] == ev.text
    ids = {a.id for a in summary.actors} | {"outlet", "unattributed"}
    assert all(c.claimant in ids for c in summary.claims)
    assert all(p.actor in ids for d in summary.disputes for p in d.positions)
    cited = {(s.start, s.end) for s in sentences}
    for c in summary.caveats:
        assert all((ev.start, ev.end) in cited for ev in c.evidence)
