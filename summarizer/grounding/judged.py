"""Grounding a judgment: the model's answer about the analysis' candidates -> a Summary.

The analysis supplies what the syntax settles (actors, every attribution with exact
spans, every hedge); the model's answer only chooses and words. Each concern is checked
by its own rule:

- **attribution** (:mod:`summarizer.grounding.speakers`): a speaker fix that contradicts
  the source the article names is reverted, with a warning;
- **claims**: a key claim is one attribution: its claimant is the attribution's speaker
  (``unattributed`` when the source names no actor) and its evidence the attribution's
  content spans; a statement that shares no word with those spans, is about another
  sentence, repeats the prompt's line or is a few words cut from them is replaced by the
  attribution as the article writes it (:func:`as_written`: source, cue and content);
  an extra claim cites sentences, and a claimant that contradicts an
  attribution covering its cited sentence is corrected to that attribution's speaker;
- **disputes**: every side is an attribution of a different named speaker, so a
  position is always something its actor says;
- **caveats**: every hedge becomes a caveat of its proposed kind, with the hedge's
  sentence as evidence, unless the model gave it another kind or called it no caveat.

The prompt shows attributions under sentence-named ids (``s4``); they are read back to the
analysis' ids first, and everything after speaks of those.
"""

from __future__ import annotations

import re

from summarizer.core.schema import (
    CLAIM_ATTRIBUTION,
    OUTLET,
    UNATTRIBUTED,
    Actor,
    Attribution,
    Caveat,
    CaveatKind,
    Claim,
    ClaimAttribution,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryWarning,
    WarningCode,
    item_ref,
)
from summarizer.grounding.evidence import Article, cited, content_words
from summarizer.grounding.rules import Grounded, Violation, cut_off_notes
from summarizer.grounding.speakers import apply_speakers
from summarizer.prompting.candidates import NOT_A_CAVEAT, Candidates, WireJudgment
from summarizer.text.normalize import normalize, one_line, shorten

POSITION_WORDS = 25
"""A dispute side without a key-claim statement is shown as this many words of its content."""
MIN_STATEMENT_WORDS = 4
"""A statement of fewer words cut verbatim from longer attributed words is replaced by them."""
STATEMENT_CHARS = 160
"""A key claim's statement (the model's, or the attribution as written standing in for it) is
cut to this many characters at a word boundary; its evidence keeps the whole text."""
MIN_CONTENT_CHARS = 40
"""The fewest characters of content :func:`as_written` keeps when it cuts the content to fit."""
AS_WRITTEN_EXTRA = 120
"""The attribution as written (:func:`as_written`) stands in for a replaced statement when its
source and cue add at most this many characters to its content; otherwise the content does."""
_QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"'}
"""Double quotation marks (single ones are also apostrophes: "the company\u2019s")."""


def ground_judgment(wire: WireJudgment, candidates: Candidates, original: str) -> Grounded:
    """Check ``wire`` against the candidates and the article; build the public :class:`Summary`."""
    article = Article(original, candidates.sentences)
    wire = _to_analysis_ids(wire, candidates)
    violations: list[Violation] = []
    notes: list[SummaryWarning] = []
    attributions = apply_speakers(
        wire.speakers, candidates.attributions, candidates.actors, article=article, out=violations, notes=notes
    )
    by_id = {a.id: a for a in attributions}
    claims = _key_claims(wire, by_id, article, violations, notes, heads=_line_heads(candidates))
    claims += _extra_claims(
        wire,
        article=article,
        candidates=candidates,
        attributions=attributions,
        first=len(claims),
        out=violations,
        notes=notes,
    )
    disputes = _disputes(wire, by_id, claims, violations)
    caveats = _caveats(wire, candidates, article, violations)
    summary = Summary(
        headline=" ".join(wire.headline.split()),
        summary=" ".join(wire.summary.split()),
        actors=_key_actors(candidates.actors, attributions, claims, disputes),
        claims=claims,
        disputes=disputes,
        caveats=caveats,
        attributions=attributions,
    )
    return Grounded(summary=summary, violations=violations, repairs=notes + cut_off_notes(wire.summary))


def _to_analysis_ids(wire: WireJudgment, candidates: Candidates) -> WireJudgment:
    """``wire`` with the prompt's attribution ids replaced by the analysis' (unknown ones kept as written)."""
    ids = {candidates.label(a): a.id for a in candidates.attributions}

    def to_id(ref: str) -> str:
        # an id the prompt did not show must not pass for the analysis id it happens to spell
        return ids.get(ref, f"{ref} (not listed)" if candidates.labels else ref)

    return wire.model_copy(
        update={
            "claims": [c.model_copy(update={"attribution": to_id(c.attribution)}) for c in wire.claims],
            "speakers": [s.model_copy(update={"attribution": to_id(s.attribution)}) for s in wire.speakers],
            "disputes": [
                d.model_copy(update={"attributions": [to_id(r) for r in d.attributions]}) for d in wire.disputes
            ],
        }
    )


def claimant_of(attribution: Attribution) -> str:
    """The claimant id of a claim resting on ``attribution``."""
    return attribution.source_actor or UNATTRIBUTED


def _line_heads(candidates: Candidates) -> dict[str, str]:
    """Each shown attribution's prompt line up to its content, normalised: ``rt (said)``."""
    return {a.id: normalize(candidates.line_head(a)) for a in candidates.attributions}


def _echoes_the_prompt(statement: str, head: str | None) -> bool:
    """Whether ``statement`` repeats the prompt's line for its attribution ("RT (said): 'that…'")
    rather than saying what is claimed."""
    return head is not None and head in normalize(statement)


def _stub(statement: str, said: str) -> bool:
    """Whether ``statement`` is only a few words cut verbatim out of longer attributed words
    ("North Korea is"): it says less than the words themselves."""
    words, whole = normalize(statement), normalize(said)
    return bool(words) and len(words.split()) < MIN_STATEMENT_WORDS < len(whole.split()) and words in whole


def _better_sentence(statement: str, attribution: Attribution, article: Article) -> int | None:
    """The number of a sentence outside ``attribution`` that shares more content words with
    ``statement`` than the attribution's own sentences do (a small model words the sentence
    next to the id it writes), or ``None``."""
    words = content_words(statement)
    spans = [*attribution.content, *attribution.source, *attribution.cue]
    own = [s for s in article.sentences.values() if any(s.start < e.end and e.start < s.end for e in spans)]
    own_score = len(words & content_words(" ".join(s.text for s in own)))
    best, best_score = None, own_score
    for number, sentence in article.sentences.items():
        if sentence in own:
            continue
        score = len(words & content_words(sentence.text))
        if score > best_score:
            best, best_score = number, score
    return best


def _key_claims(
    wire: WireJudgment,
    by_id: dict[str, Attribution],
    article: Article,
    out: list[Violation],
    notes: list[SummaryWarning],
    *,
    heads: dict[str, str],
) -> list[Claim]:
    claims: list[Claim] = []
    for i, item in enumerate(wire.claims):
        attribution = by_id.get(item.attribution)
        if attribution is None:
            out.append(Violation(("claims", i), f"{item.attribution!r} is not one of the listed attribution ids"))
            continue
        if any(item.attribution in c.attributions for c in claims):
            notes.append(
                SummaryWarning(
                    code=WarningCode.DUPLICATE_CLAIM, message=f"claims[{i}] repeated an earlier claim; left out"
                )
            )
            continue
        claim_id = f"c{len(claims) + 1}"
        statement = " ".join(item.statement.split())
        said = " ".join(e.text for e in attribution.content)
        shared = content_words(statement) & content_words(said)
        elsewhere = None if not shared else _better_sentence(statement, attribution, article)
        echo = _echoes_the_prompt(statement, heads.get(attribution.id))
        stub = _stub(statement, said)
        if not shared or elsewhere is not None or echo or stub:
            quoted = shorten(statement, 80)
            if not statement:
                why = f"claims[{i}]: the model wrote no statement for what "
            elif echo:
                why = f"claims[{i}]: the statement {quoted!r} repeats the prompt's line for what "
            elif stub:
                why = f"claims[{i}]: the statement {quoted!r} is a few words cut from what "
            elif elsewhere is not None:
                why = f"claims[{i}]: the statement {quoted!r} is about sentence {elsewhere}, not what "
            else:
                why = f"claims[{i}]: the statement {quoted!r} shares no word with what "
            notes.append(
                SummaryWarning(
                    code=WarningCode.REPLACED_STATEMENT,
                    message=why + f"{attribution.id} says; the attribution as written stands in for it",
                    item=item_ref("claim", claim_id),
                )
            )
            statement = as_written(attribution, article.original)
        claims.append(
            Claim(
                id=claim_id,
                claimant=claimant_of(attribution),
                statement=shorten(statement, STATEMENT_CHARS),
                attribution=CLAIM_ATTRIBUTION[attribution.kind],
                evidence=list(attribution.content),
                attributions=[attribution.id],
            )
        )
    return claims


def as_written(attribution: Attribution, original: str, limit: int = STATEMENT_CHARS) -> str:
    """The attribution as the article writes it: the text from the first to the last of its
    source, cue and content parts, and a double quotation mark just outside it that it would
    leave unmatched ("Council member John Roe said the estimate was inflated"; "“We cannot
    wait,” Doe told").

    It says who and how, where the content alone ("the estimate was inflated") does not. The
    content alone is returned when the parts lie more than
    :data:`AS_WRITTEN_EXTRA` characters beyond the content, or when the text between them
    crosses a paragraph or holds markup. Over ``limit`` characters, the content is cut in
    the middle so that the source and the cue stay ("“I called things by their proper
    name…,” Popov said")."""
    said = " ".join(e.text for e in attribution.content)
    parts = [*attribution.source, *attribution.cue, *attribution.content]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    for opening, closing in _QUOTE_PAIRS.items():  # a mark the span leaves unmatched comes with it
        if _unmatched(original[start:end], closing, opening) > 0 and start > 0 and original[start - 1] == opening:
            start -= 1
        if _unmatched(original[start:end], opening, closing) > 0 and original[end : end + 1] == closing:
            end += 1
    text = original[start:end]
    if end - start > len(said) + AS_WRITTEN_EXTRA or re.search(r"\n\s*\n|<|>", text):
        return said
    first, last = min(p.start for p in attribution.content), max(p.end for p in attribution.content)
    before, after = original[start:first], original[last:end]
    room = limit - (len(one_line(before + "x" + after)) - 1)  # what the source and the cue leave
    if len(one_line(text)) <= limit or room < MIN_CONTENT_CHARS:
        return one_line(text)
    cut = shorten(original[first:last], room - 1)
    for opening, closing in _QUOTE_PAIRS.items():  # the cut closes a quotation it leaves open
        if _unmatched(before + cut + after, opening, closing) > 0:
            cut += closing
    return one_line(before + cut + after)  # who and how stay; the words are cut


def _unmatched(text: str, mark: str, counterpart: str) -> int:
    """How many of ``mark`` in ``text`` its ``counterpart`` does not match (for a straight
    quotation mark, its own counterpart: 1 when the count is odd)."""
    if mark == counterpart:
        return text.count(mark) % 2
    return text.count(mark) - text.count(counterpart)


def _extra_claims(
    wire: WireJudgment,
    *,
    article: Article,
    candidates: Candidates,
    attributions: list[Attribution],
    first: int,
    out: list[Violation],
    notes: list[SummaryWarning],
) -> list[Claim]:
    by_name = {normalize(a.name): a.id for a in candidates.actors}
    claims: list[Claim] = []
    for i, item in enumerate(wire.extra_claims):
        path = ("extra_claims", i)
        claimant = OUTLET if normalize(item.claimant) == OUTLET else by_name.get(normalize(item.claimant))
        if claimant is None:
            out.append(Violation(path, f"claimant {item.claimant!r} is not one of the listed names or 'outlet'"))
            continue
        numbers = cited(path, item.sentences, article, out)
        if numbers is None:
            continue
        evidence = [article.evidence(n) for n in numbers]
        covering = [a for a in attributions if any(_overlaps(e, c) for e in evidence for c in a.content)]
        said_by = {claimant_of(a) for a in covering}
        claim_id = f"c{first + len(claims) + 1}"
        if covering and claimant not in said_by:
            fixed = claimant_of(covering[0])
            notes.append(
                SummaryWarning(
                    code=WarningCode.CORRECTED_CLAIMANT,
                    message=f"extra_claims[{i}]: the cited words are {covering[0].id}, which the article gives to "
                    f"{fixed!r}, not {claimant!r}; the claimant was corrected",
                    item=item_ref("claim", claim_id),
                )
            )
            claimant = fixed
        kind = ClaimAttribution.OUTLET if claimant == OUTLET else ClaimAttribution.PARAPHRASE
        if covering:
            kind = CLAIM_ATTRIBUTION[covering[0].kind]
        claims.append(
            Claim(
                id=claim_id,
                claimant=claimant,
                statement=" ".join(item.statement.split()),
                attribution=kind,
                evidence=evidence,
                attributions=[a.id for a in covering if claimant_of(a) == claimant],
            )
        )
    return claims


def _disputes(
    wire: WireJudgment, by_id: dict[str, Attribution], claims: list[Claim], out: list[Violation]
) -> list[Dispute]:
    statements = {a: c.statement for c in claims for a in c.attributions}
    disputes: list[Dispute] = []
    for i, item in enumerate(wire.disputes):
        positions: list[Position] = []
        for ref in item.attributions:
            attribution = by_id.get(ref)
            if attribution is None or attribution.source_actor is None:
                continue
            if any(p.actor == attribution.source_actor for p in positions):
                continue  # one side per speaker
            words = " ".join(e.text for e in attribution.content).split()
            text = statements.get(ref) or " ".join(words[:POSITION_WORDS]) + (
                "…" if len(words) > POSITION_WORDS else ""
            )
            positions.append(
                Position(actor=attribution.source_actor, position=text, evidence=list(attribution.content))
            )
        if len(positions) < 2:
            # not re-asked: a small model repeats it, and the rest of its answer is fine
            out.append(
                Violation(
                    ("disputes", i),
                    "a dispute needs attributions of at least two different named speakers",
                    reask=False,
                )
            )
            continue
        disputes.append(Dispute(issue=" ".join(item.issue.split()), positions=positions))
    return disputes


def _caveats(wire: WireJudgment, candidates: Candidates, article: Article, out: list[Violation]) -> list[Caveat]:
    kinds = {k.value: k for k in CaveatKind}
    caveats: list[Caveat] = []
    covered: set[tuple[int, int]] = set()
    hedge_ids = {h.id for h in candidates.hedges}
    fixes: dict[str, str] = {}
    for i, fix in enumerate(wire.caveats):
        if fix.hedge not in hedge_ids:
            out.append(Violation(("caveats", i), f"{fix.hedge!r} is not one of the listed hedge ids", reask=False))
        elif fix.kind != NOT_A_CAVEAT and fix.kind not in kinds:
            out.append(Violation(("caveats", i), f"{fix.kind!r} is not a caveat kind", reask=False))
        else:
            fixes.setdefault(fix.hedge, fix.kind)
    for hedge in candidates.hedges:
        verdict = fixes.get(hedge.id, hedge.kind.value)
        if verdict == NOT_A_CAVEAT:
            continue
        kind = kinds.get(verdict, hedge.kind)
        key = (hedge.sentence.start, hedge.sentence.end)
        if any(c.kind == kind and (c.evidence[0].start, c.evidence[0].end) == key for c in caveats):
            continue  # two cues of one kind in one sentence: one caveat
        covered.add(key)
        caveats.append(Caveat(kind=kind, text=" ".join(hedge.sentence.text.split()), evidence=[hedge.sentence]))
    for i, item in enumerate(wire.extra_caveats):
        numbers = cited(("extra_caveats", i), item.sentences, article, out)
        if numbers is None:
            continue
        evidence = [article.evidence(n) for n in numbers]
        if all((e.start, e.end) in covered for e in evidence):
            continue  # a hedge already covers it
        caveats.append(Caveat(kind=item.kind, text=" ".join(item.text.split()), evidence=evidence))
    return caveats


def _key_actors(
    actors: list[Actor], attributions: list[Attribution], claims: list[Claim], disputes: list[Dispute]
) -> list[Actor]:
    """The actors who speak, are referred to by an item, or are mentioned more than once."""
    used = {a.source_actor for a in attributions} | {c.claimant for c in claims}
    used |= {p.actor for d in disputes for p in d.positions}
    return [a for a in actors if a.id in used or len(a.mentions) > 1]


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end
