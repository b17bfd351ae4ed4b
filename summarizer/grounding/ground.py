"""Grounding: turn parsed wire output into the public schema, or say what is wrong.

Rules (each broken rule is a :class:`Violation` naming the item it concerns):

- every cited sentence number exists;
- every actor name occurs in the article (normalised), or is corrected to no other name;
- every reference (claimant, position actor) resolves to a listed, grounded actor;
- every quote the model reproduced occurs in the article (quotes, dashes, whitespace and
  case normalised); its evidence is then the exact original span. A quote that does not
  occur is rejected, not its claim: after the last re-ask the claim stands on its cited
  sentences, with a ``dropped_quote`` warning;
- a dispute keeps at least two positions by different actors.

Two repairs need no re-ask because the article itself settles them: a claimant or
position actor that is not listed but is named in the article is added as an actor (with
a warning), and cited sentences that share no content word with an item's text are left
out of its evidence when another cited sentence does share one — or, when none does,
replaced by a neighbouring sentence that clearly says it better (with a warning: small
models cite one sentence off).

Two checks only warn, because the article cannot settle them: a claim whose claimant is
not named in or near its evidence, or whose words are also given to another claimant
(small models misattribute quotes), and a summary that stops mid-sentence.

Evidence spans are built from sentence offsets or found quote spans, so
``original[start:end] == text`` holds by construction.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.core.schema import (
    OUTLET,
    UNATTRIBUTED,
    Actor,
    Caveat,
    Claim,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryWarning,
)
from summarizer.grounding.evidence import Article, cited
from summarizer.grounding.rules import Grounded, Violation, cut_off_notes
from summarizer.prompting.wire import WireSummary
from summarizer.text.normalize import find_normalized, normalize, occurs_as_words
from summarizer.text.sentences import Sentence

_SPECIAL_CLAIMANTS = {OUTLET, UNATTRIBUTED}
_TITLES = re.compile(
    r"^((maj|gen|lt|col|capt|sgt|adm|gov|sen|rep|dr|mr|mrs|ms|prof|pres|president|senator|"
    r"general|major|minister|judge|justice|secretary|chief|officer|mp)\.?\s+)+",
    re.IGNORECASE,
)


def ground(wire: WireSummary, original: str, sentences: list[Sentence]) -> Grounded:
    """Check ``wire`` against the article and build the public :class:`Summary`."""
    article = Article(original, sentences)
    violations: list[Violation] = []
    actors, rejected_names = _actors(wire, article, violations)
    resolver = _Resolver(actors, article)
    claims = _claims(wire, article, resolver, rejected_names, violations)
    disputes = _disputes(wire, article, resolver, rejected_names, violations)
    caveats = _caveats(wire, article, resolver.repairs, violations)
    notes = _attribution_notes(claims, resolver.actors, article) + cut_off_notes(wire.summary)
    summary = Summary(
        headline=" ".join(wire.headline.split()),
        summary=" ".join(wire.summary.split()),
        actors=resolver.actors,
        claims=claims,
        disputes=disputes,
        caveats=caveats,
    )
    return Grounded(summary=summary, violations=violations, repairs=resolver.repairs + notes)


# -- actors ---------------------------------------------------------------------------------


def _actors(wire: WireSummary, article: Article, out: list[Violation]) -> tuple[list[Actor], set[str]]:
    actors: list[Actor] = []
    seen: dict[str, Actor] = {}
    rejected: set[str] = set()
    for i, item in enumerate(wire.actors):
        name = " ".join(item.name.split())
        key = normalize(name)
        if key in seen:
            continue  # the same actor listed twice: keep the first
        if not occurs_as_words(name, article.normalized):
            bare = _TITLES.sub("", name)
            if bare != name and occurs_as_words(bare, article.normalized):
                name, key = bare, normalize(bare)
            else:
                rejected.add(key)
                out.append(Violation(("actors", i), _name_problem(name, article)))
                continue
        if any(_shortens(key, item.kind, a.name, a.kind) for a in actors):
            continue  # "Popov" when "Ivan Popov" is listed: the same person
        # "Ivan Popov" after "Popov": keep the fuller name
        actors = [a for a in actors if not _shortens(normalize(a.name), a.kind, name, item.kind)]
        actor = Actor(
            id=_unique_id(_slug(name), {a.id for a in actors}),
            name=name,
            kind=item.kind,
            role=" ".join(item.role.split()) if item.role and item.role.strip() else None,
            aliases=_aliases(name, item.kind, article),
        )
        seen[key] = actor
        actors.append(actor)
    return actors, rejected


def _shortens(short_key: str, short_kind: str, long_name: str, long_kind: str) -> bool:
    """Whether a person's name ends with ``short_key``'s words ("Popov" of "Ivan Popov")."""
    if short_kind != "person" or long_kind != "person":
        return False
    short, full = short_key.split(), normalize(long_name).split()
    return len(short) < len(full) and full[-len(short) :] == short


def _name_problem(name: str, article: Article) -> str:
    message = f"the name {name!r} does not occur in the article"
    suggestions = _similar_names(name, article)
    if suggestions:
        message += f"; the article names {', '.join(repr(s) for s in suggestions)}"
    return message + ": write names exactly as the article does"


def _similar_names(name: str, article: Article) -> list[str]:
    """Capitalised names in the article sharing the last word of ``name``."""
    last = name.rsplit(maxsplit=1)[-1] if name.split() else ""
    if len(last) < 3:
        return []
    text = " ".join(s.text for s in article.sentences.values())
    pattern = rf"((?:[A-Z][\w'’-]+\s+){{0,3}}(?i:{re.escape(last)}))\b"
    found = {m.group(1) for m in re.finditer(pattern, text)}
    return sorted(found, key=len, reverse=True)[:3]


def _aliases(name: str, kind: str, article: Article) -> list[str]:
    """Shorter names the article also uses: a person's surname, an organisation minus 'the'."""
    words = name.split()
    candidates = []
    if kind == "person" and len(words) >= 2:
        candidates.append(words[-1])
    if words and words[0].lower() == "the" and len(words) >= 2:
        candidates.append(" ".join(words[1:]))
    return [c for c in candidates if len(c) >= 3 and occurs_as_words(c, article.normalized)]


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(name)).strip("-")
    return slug[:40].rstrip("-") or "actor"


def _unique_id(base: str, taken: set[str]) -> str:
    if base in _SPECIAL_CLAIMANTS:
        base = f"{base}-actor"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


_ORG_WORDS = re.compile(
    r"\b(ministry|council|department|agency|party|army|news|police|court|bank|group|company|corp|inc|"
    r"university|committee|office|government|parliament|congress|senate|union|association|times|post)\b",
    re.IGNORECASE,
)


class _Resolver:
    """Resolves a name the model wrote to a grounded actor id; adopts names the article uses."""

    def __init__(self, actors: list[Actor], article: Article) -> None:
        self.actors = list(actors)
        self.article = article
        self.repairs: list[SummaryWarning] = []
        self.exact: dict[str, str] = {}
        for actor in actors:
            self._index(actor)

    def _index(self, actor: Actor) -> None:
        for label in (actor.name, actor.id, *actor.aliases):
            self.exact.setdefault(normalize(label), actor.id)

    def labels(self, actor_id: str) -> tuple[str, ...]:
        """The name and aliases of actor ``actor_id`` (none for "outlet" and "unattributed")."""
        actor = next((a for a in self.actors if a.id == actor_id), None)
        return (actor.name, *actor.aliases) if actor is not None else ()

    def resolve(self, reference: str, *, adopt: bool = True) -> str | None:
        key = normalize(_TITLES.sub("", reference.strip()))
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        matches = {a.id for a in self.actors if occurs_as_words(key, normalize(a.name)) or occurs_as_words(a.name, key)}
        if len(matches) == 1:
            return matches.pop()
        return self._adopt(reference) if adopt and not matches else None

    def _adopt(self, reference: str) -> str | None:
        """Add an unlisted actor the article itself names (its fullest form there)."""
        bare = _TITLES.sub("", " ".join(reference.split()))
        if not bare[:1].isupper() or not occurs_as_words(bare, self.article.normalized):
            return None
        name = next((n for n in _similar_names(bare, self.article) if occurs_as_words(bare, normalize(n))), bare)
        kind = "organization" if _ORG_WORDS.search(name) else "person" if 2 <= len(name.split()) <= 4 else "other"
        actor = Actor(
            id=_unique_id(_slug(name), {a.id for a in self.actors}),
            name=name,
            kind=kind,
            aliases=_aliases(name, kind, self.article),
        )
        self.actors.append(actor)
        self._index(actor)
        self.repairs.append(
            SummaryWarning(
                code="added_actor", message=f"{name!r} was referred to but not listed; added from the article"
            )
        )
        return actor.id


def _reference_problem(
    path: tuple[str, int], field_name: str, reference: str, rejected: set[str], out: list[Violation]
) -> None:
    if normalize(reference) in rejected:
        out.append(Violation(path, f"{field_name} {reference!r} is not a grounded actor", reask=False))
    else:
        out.append(
            Violation(path, f"{field_name} {reference!r} is not the name of one of the actors; use a listed name")
        )


# -- citations ------------------------------------------------------------------------------


# -- claims, disputes, caveats ----------------------------------------------------------------


def _claims(
    wire: WireSummary, article: Article, resolver: _Resolver, rejected: set[str], out: list[Violation]
) -> list[Claim]:
    claims: list[Claim] = []
    for i, item in enumerate(wire.claims):
        path = ("claims", i)
        claimant = normalize(item.claimant)
        actor_id = claimant if claimant in _SPECIAL_CLAIMANTS else resolver.resolve(item.claimant)
        if actor_id is None:
            _reference_problem(path, "claimant", item.claimant, rejected, out)
            continue
        numbers = cited(path, item.sentences, article, out)
        if numbers is None:
            continue
        quoted = bool(item.quote and item.quote.strip(" \"'“”‘’"))
        quote = _find_quote(item.quote, numbers, article) if item.quote and quoted else None
        if quoted and quote is None:
            # the words are rejected, not the claim: its cited sentences are real evidence
            out.append(
                Violation(
                    path,
                    f"the quote {item.quote!r} is not in the article as written; copy the words exactly or use null",
                    dropped=False,
                    part="quote",
                )
            )
        if quote is not None:
            evidence = [quote]  # the verified words themselves are the evidence
        else:
            relevant = _relevant(
                path, numbers, item.statement, article, resolver.repairs, named=resolver.labels(actor_id)
            )
            evidence = [article.evidence(n) for n in relevant]
        if _repeats(actor_id, item.statement, evidence, claims):
            resolver.repairs.append(
                SummaryWarning(code="duplicate_claim", message=f"claims[{i}] repeated an earlier claim; left out")
            )
            continue
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                claimant=actor_id,
                statement=" ".join(item.statement.split()),
                attribution=item.attribution,
                evidence=evidence,
            )
        )
    return claims


def _repeats(claimant: str, statement: str, evidence: list[Evidence], claims: list[Claim]) -> bool:
    """A small model may loop: the same claimant with the same evidence or statement."""
    spans = {(e.start, e.end) for e in evidence}
    key = normalize(statement)
    return any(
        c.claimant == claimant and ({(e.start, e.end) for e in c.evidence} == spans or normalize(c.statement) == key)
        for c in claims
    )


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


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w{4,}", normalize(text)) if w not in _STOP}


def _relevant(
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
    twice as many as any cited sentence, it replaces the citation (with a warning).
    Otherwise the cited sentences sharing a word are kept — all of them if none does.
    """
    words = _content_words(statement)

    def shared(n: int) -> int:
        return len(words & _content_words(article.sentences[n].text))

    def names(n: int) -> bool:
        text = normalize(article.sentences[n].text)
        return any(occurs_as_words(label, text) for label in named)

    kept = [n for n in numbers if shared(n) or names(n)]
    neighbours = [m for n in numbers for m in (n - 1, n + 1) if m in article.sentences and m not in numbers]
    best = max(neighbours, key=lambda m: (shared(m), -min(abs(m - n) for n in numbers), -m), default=None)
    if best is None or shared(best) < 2 or shared(best) <= 2 * max(map(shared, numbers)):
        return kept or numbers
    cited = ", ".join(str(n) for n in numbers)
    notes.append(
        SummaryWarning(
            code="moved_evidence",
            message=f"{path[0]}[{path[1]}] cited sentence{'s' if len(numbers) > 1 else ''} {cited}, "
            f"which {'do' if len(numbers) > 1 else 'does'} not say it; "
            f"its evidence is sentence {best}, next to it",
        )
    )
    return [best]


def _find_quote(quote: str, numbers: list[int], article: Article) -> Evidence | None:
    """The quote's exact span: in a cited sentence if possible, else anywhere in the article."""
    ordered = [article.sentences[n] for n in numbers]
    ordered += [s for s in article.sentences.values() if s.number not in numbers]
    for sentence in ordered:
        span = find_normalized(quote, article.original, sentence.start, sentence.end)
        if span:
            return article.span(*span)
    return None


# Where a claim's claimant must be named: from this many characters before its evidence to the
# end of the sentence its evidence ends in. A quote's speaker is named in the quote's own last
# sentence ("..., Popov said.") or in the one or two before it, not in the next paragraph.
_NAMED_BEFORE = 400


def _attribution_notes(claims: list[Claim], actors: list[Actor], article: Article) -> list[SummaryWarning]:
    """Warnings for attributions the article does not visibly support (the claims are kept)."""
    by_id = {a.id: a for a in actors}
    notes: list[SummaryWarning] = []
    for i, claim in enumerate(claims):
        actor = by_id.get(claim.claimant)
        if actor is None or not claim.evidence:
            continue  # the outlet's own claims and unattributed ones name no one
        start = min(e.start for e in claim.evidence)
        end = max(e.end for e in claim.evidence)
        until = next((x.end for x in article.sentences.values() if x.start <= end <= x.end), end)
        near = normalize(article.original[max(0, start - _NAMED_BEFORE) : until])
        if not any(occurs_as_words(label, near) for label in (actor.name, *actor.aliases)):
            notes.append(
                SummaryWarning(
                    code="unsupported_attribution",
                    message=f"{claim.id}: {actor.name!r} is not named in or near its evidence; check who said it",
                )
            )
        spans = {(e.start, e.end) for e in claim.evidence}
        other = next(
            (c for c in claims[:i] if c.claimant != claim.claimant and {(e.start, e.end) for e in c.evidence} == spans),
            None,
        )
        if other is not None:
            first = by_id[other.claimant].name if other.claimant in by_id else other.claimant
            notes.append(
                SummaryWarning(
                    code="conflicting_attribution",
                    message=f"{claim.id} gives the words of {other.id} ({first!r}) to {actor.name!r}; "
                    "at most one of them is right",
                )
            )
    return notes


def _disputes(
    wire: WireSummary, article: Article, resolver: _Resolver, rejected: set[str], out: list[Violation]
) -> list[Dispute]:
    disputes: list[Dispute] = []
    for i, item in enumerate(wire.disputes):
        path = ("disputes", i)
        positions: list[Position] = []
        problems: list[Violation] = []
        for position in item.positions:
            actor_id = resolver.resolve(position.actor)
            if actor_id is None:
                _reference_problem(path, "position actor", position.actor, rejected, problems)
                continue
            numbers = cited(path, position.sentences, article, problems)
            if numbers is None:
                continue
            numbers = _relevant(
                path, numbers, position.position, article, resolver.repairs, named=resolver.labels(actor_id)
            )
            if any(p.actor == actor_id for p in positions):
                continue  # one position per actor
            positions.append(
                Position(
                    actor=actor_id,
                    position=" ".join(position.position.split()),
                    evidence=[article.evidence(n) for n in numbers],
                )
            )
        if len(positions) < 2:
            out += problems
            out.append(Violation(path, "a dispute needs positions of at least two different listed actors"))
            continue
        out += [replace(v, dropped=False) for v in problems]  # the dispute stands without them
        disputes.append(Dispute(issue=" ".join(item.issue.split()), positions=positions))
    return disputes


def _caveats(wire: WireSummary, article: Article, notes: list[SummaryWarning], out: list[Violation]) -> list[Caveat]:
    caveats: list[Caveat] = []
    for i, item in enumerate(wire.caveats):
        numbers = cited(("caveats", i), item.sentences, article, out)
        if numbers is None:
            continue
        numbers = _relevant(("caveats", i), numbers, item.text, article, notes)
        caveats.append(
            Caveat(kind=item.kind, text=" ".join(item.text.split()), evidence=[article.evidence(n) for n in numbers])
        )
    return caveats
