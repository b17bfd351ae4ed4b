"""Cues that are punctuation: a speaker's name and a colon ("PENCE: Well, look...", headlines
"Poll: Voters..."), and a quotation signed with a dash ("“...” ― Jane Doe")."""

from __future__ import annotations

from summarizer.analysis.attr_context import Candidate, Context
from summarizer.analysis.cues import NOT_SPEAKERS

DASH_CHARS = ("―", "—", "–", "--")
DASHES = frozenset({"―", "—", "–", "--"})
MAX_SPEAKER = 8
"""At most this many tokens name the speaker before a colon or after a signing dash."""
MAX_LABEL_WORDS = 3
"""Below the headline, a speaker's label before a colon has at most this many words unless it
is written in capitals ("PENCE:", "Sen. Kaine:", "REP. ADAM SCHIFF OF CALIFORNIA:"); a longer one
in title case is a section heading."""
SPEAKER_TAGS = frozenset({"PROPN", "NOUN", "PUNCT", "DET", "ADJ", "NUM", "CCONJ", "ADP", "PART"})
"""Parts of speech a speaker's name may have (a colon after a clause is not a speaker's)."""


def punctuation_cues(ctx: Context) -> list[Candidate]:
    """The colon and dash cues of the article."""
    out: list[Candidate] = []
    for index, (start, end) in enumerate(ctx.paragraphs):
        if end <= start:
            continue
        found = _colon(ctx, start, end, headline=index == 0)
        if found is not None:
            out.append(found)
        if any(d in ctx.text[int(ctx.tokens[start].idx) : int(ctx.tokens[end - 1].idx) + 1] for d in DASH_CHARS):
            out.extend(_dash(ctx, start, end))
    return out


def _colon(ctx: Context, start: int, end: int, *, headline: bool) -> Candidate | None:
    doc = ctx.doc
    opened = ctx.quoted[start] >= 0 and doc[start].is_quote
    if opened:
        start += 1  # a quoted transcript: "WALLACE: ...
    colon = next((i for i in range(start, min(end, start + MAX_SPEAKER + 1)) if doc[i].text == ":"), None)
    if colon is None or colon == start or end - colon < 3:
        return None
    prefix = doc[start:colon]
    first = prefix[0]
    if not first.text[:1].isupper() or first.lower_ in NOT_SPEAKERS or any(t.is_quote for t in prefix):
        return None
    if not opened and any(ctx.quoted[t.i] >= 0 for t in prefix):
        return None
    if not headline and any(t.pos_ not in SPEAKER_TAGS for t in prefix):
        return None
    if not any(t.pos_ in {"PROPN", "NOUN"} or (t.is_upper and len(t.text) > 2) for t in prefix):
        return None
    if not prefix[-1].text[:1].isupper():
        return None  # a label ending in a common noun: "Another challenge:", "Among the tidbits in the letter:"
    words = [t for t in prefix if not t.is_punct]
    if not headline and len(words) > MAX_LABEL_WORDS and not all(t.is_upper for t in words if t.is_alpha):
        return None  # a section heading ("Veto Power Impedes Peace Efforts: ..."), not a transcript's speaker
    return Candidate(cue=(colon, colon + 1), content=[(colon + 1, end)], source=(start, colon))


def _dash(ctx: Context, start: int, end: int) -> list[Candidate]:
    """A quotation followed by a dash and a short name that ends the paragraph."""
    doc = ctx.doc
    out: list[Candidate] = []
    for i in range(start + 1, end - 1):
        text = ctx.tokens[i].text
        fused = len(text) > 1 and text[0] in '”"' and text[1:] in DASHES  # "...”― Jane Doe"
        if not fused and (text not in DASHES or ctx.quoted[i] >= 0 or ctx.quoted[i - 1] < 0):
            continue
        name = [t for t in doc[i + 1 : end] if not t.is_space]
        if not name or len(name) > MAX_SPEAKER or not name[0].text[:1].isupper():
            continue
        if any(t.pos_ in {"VERB", "AUX"} or ctx.quoted[t.i] >= 0 for t in name):
            continue
        first = i - 1
        while first > start and (ctx.quoted[first - 1] >= 0 or doc[first - 1].is_space or doc[first - 1].is_punct):
            first -= 1
        source = (int(name[0].i), int(name[-1].i) + 1)
        dash = int(ctx.tokens[i].idx) + (1 if fused else 0)
        content = [(first, i + 1)] if fused else [(first, i)]
        out.append(
            Candidate(cue=(i, i + 1), content=content, source=source, cue_chars=(dash, dash + len(text) - fused))
        )
    return out
