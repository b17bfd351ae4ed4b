"""Grounding a judgment: the model's answer about the analysis' candidates -> a Summary.

The analysis supplies what the syntax settles (actors, every attribution with exact
spans, every hedge); the model's answer only chooses and words. Each concern is checked
by its own rule:

- **attribution** (:mod:`summarizer.grounding.speakers`): a speaker fix that contradicts
  the source the article names is reverted, with a warning;
- **claims**: a key claim is one attribution: its claimant is the attribution's speaker
  (``unattributed`` when the source names no actor) and its evidence the attribution's
  content spans; a statement that shares no word with those spans is replaced by them;
  an extra claim cites sentences, and a claimant that contradicts an
  attribution covering its cited sentence is corrected to that attribution's speaker;
- **disputes**: every side is an attribution of a different named speaker, so a
  position is always something its actor says;
- **caveats**: every hedge the model keeps becomes a caveat of the kind it chose, with
  the hedge's sentence as evidence; hedges without a verdict keep the proposed kind.
"""

from __future__ import annotations

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
from summarizer.text.normalize import normalize, shorten

POSITION_WORDS = 25
STATEMENT_CHARS = 160
"""A statement replaced by the attributed words is cut to this many characters."""
"""A dispute side without a key-claim statement is shown as this many words of its content."""


def ground_judgment(wire: WireJudgment, candidates: Candidates, original: str) -> Grounded:
    """Check ``wire`` against the candidates and the article; build the public :class:`Summary`."""
    article = Article(original, candidates.sentences)
    violations: list[Violation] = []
    notes: list[SummaryWarning] = []
    attributions = apply_speakers(
        wire.speakers, candidates.attributions, candidates.actors, article=article, out=violations, notes=notes
    )
    by_id = {a.id: a for a in attributions}
    claims = _key_claims(wire, by_id, violations, notes)
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


def claimant_of(attribution: Attribution) -> str:
    """The claimant id of a claim resting on ``attribution``."""
    return attribution.source_actor or UNATTRIBUTED


def _key_claims(
    wire: WireJudgment, by_id: dict[str, Attribution], out: list[Violation], notes: list[SummaryWarning]
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
        if not content_words(statement) & content_words(" ".join(e.text for e in attribution.content)):
            notes.append(
                SummaryWarning(
                    code=WarningCode.REPLACED_STATEMENT,
                    message=(
                        f"claims[{i}]: the statement {shorten(statement, 80)!r} shares no word with what "
                        if statement
                        else f"claims[{i}]: the model wrote no statement for what "
                    )
                    + f"{attribution.id} says; the attributed words stand in for it",
                    item=item_ref("claim", claim_id),
                )
            )
            statement = shorten(" ".join(e.text for e in attribution.content), STATEMENT_CHARS)
        claims.append(
            Claim(
                id=claim_id,
                claimant=claimant_of(attribution),
                statement=statement,
                attribution=CLAIM_ATTRIBUTION[attribution.kind],
                evidence=list(attribution.content),
                attributions=[attribution.id],
            )
        )
    return claims


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
    for hedge in candidates.hedges:
        verdict = wire.caveats.get(hedge.id, hedge.kind.value)
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
