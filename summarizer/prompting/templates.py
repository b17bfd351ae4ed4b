"""Prompt files: found, versioned, rendered. A missing variable is an error."""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.core.errors import ConfigurationError
from summarizer.core.schema import OUTLET, UNATTRIBUTED, ActorKind, CaveatKind, ClaimAttribution
from summarizer.prompting import candidates as judging
from summarizer.prompting import wire
from summarizer.text.names import candidate_names
from summarizer.text.sentences import Sentence

PROMPT_NAME = "summarize-v1"
"""The model-only prompt: the model finds actors, claims and caveats itself (text the analysis cannot read)."""
JUDGE_PROMPT_NAME = "judge-v5"
"""The prompt over the analysis' candidates: the model judges and summarises them."""
_FILES = ("system", "user", "reask", "schema")


@dataclass(frozen=True)
class PromptSet:
    """The templates of one prompt version."""

    name: str
    templates: dict[str, string.Template]
    version: str
    """``name+hash``: the name plus a hash of the files' contents, so an edited file shows."""

    def render(self, part: str, **values: Any) -> str:
        """Fill one template; a missing variable raises :class:`ConfigurationError`."""
        try:
            return self.templates[part].substitute(values)
        except KeyError as e:
            raise ConfigurationError(f"prompt {self.name}/{part}.txt needs the variable {e}") from None


def prompts_dir() -> Path:
    """Where the prompt files are: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_prompts", here.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise ConfigurationError(f"prompt files not found next to {here}: reinstall the package")


@lru_cache(maxsize=8)
def load_prompts(name: str = PROMPT_NAME) -> PromptSet:
    """Load and version the prompt files of ``name`` (cached)."""
    folder = prompts_dir() / name
    digest = hashlib.sha256()
    templates: dict[str, string.Template] = {}
    for part in _FILES:
        path = folder / f"{part}.txt"
        if not path.is_file():
            raise ConfigurationError(f"missing prompt file {path}")
        text = path.read_text(encoding="utf-8")
        digest.update(text.encode())
        templates[part] = string.Template(text)
    return PromptSet(name=name, templates=templates, version=f"{name}+{digest.hexdigest()[:8]}")


@dataclass(frozen=True)
class Prompt:
    """The messages of a first request, plus the wire schema they ask for."""

    messages: list[dict[str, str]]
    schema: dict[str, Any]
    schema_instructions: str
    """Text to add to the system message where the endpoint cannot enforce the schema."""
    version: str
    name: str = PROMPT_NAME
    """The prompt files' folder name (its re-ask template answers this prompt)."""


def build_prompt(sentences: list[Sentence], prompts: PromptSet | None = None) -> Prompt:
    """The system and user messages for an article's numbered sentences."""
    prompts = prompts or load_prompts()
    names = candidate_names(s.text for s in sentences)
    schema = wire.wire_json_schema(len(sentences), names)
    min_actors, min_claims = wire.minimum_items(len(sentences))
    system = prompts.render(
        "system",
        min_actors=min_actors,
        min_claims=min_claims,
        max_actors=wire.MAX_ACTORS,
        max_claims=wire.MAX_CLAIMS,
        max_disputes=wire.MAX_DISPUTES,
        max_caveats=wire.MAX_CAVEATS,
        max_cites=wire.MAX_CITES,
        actor_kinds=_one_of(ActorKind),
        claim_attributions=", ".join(f"{k.value} ({CLAIM_ATTRIBUTION_HELP[k]})" for k in ClaimAttribution),
        caveat_kinds=_one_of(CaveatKind),
        outlet=OUTLET,
        unattributed=UNATTRIBUTED,
    )
    user = prompts.render(
        "user",
        sentence_count=len(sentences),
        names="; ".join(names) if names else "(none found)",
        numbered_sentences=_defuse(_numbered(sentences)),
    )
    return _prompt(prompts, system, user, schema)


def build_judging_prompt(candidates: judging.Candidates, prompts: PromptSet | None = None) -> Prompt:
    """The messages that show the model the article and the analysis' candidates."""
    prompts = prompts or load_prompts(JUDGE_PROMPT_NAME)
    schema = judging.judgment_json_schema(candidates)
    system = judging_instructions(prompts)["content"]
    attributions, hedges = judging.render_candidates(candidates)
    user = prompts.render(
        "user",
        numbered_sentences=_defuse(_numbered(candidates.sentences)),
        attributions=_defuse(attributions),
        hedges=_defuse(hedges),
    )
    return _prompt(prompts, system, user, schema)


def judging_instructions(prompts: PromptSet | None = None) -> dict[str, str]:
    """The system message of :func:`build_judging_prompt`, the same for every article: the
    fixed start of every request, which the embedded server keeps cached."""
    prompts = prompts or load_prompts(JUDGE_PROMPT_NAME)
    system = prompts.render(
        "system",
        max_claims=judging.MAX_KEY_CLAIMS,
        max_disputes=judging.MAX_DISPUTES,
        max_extra=judging.MAX_EXTRA_CLAIMS,
        max_cites=judging.MAX_CITES,
        caveat_kinds=_one_of(CaveatKind),
    )
    return {"role": "system", "content": system.strip()}


def _prompt(prompts: PromptSet, system: str, user: str, schema: dict[str, Any]) -> Prompt:
    return Prompt(
        messages=[{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}],
        schema=schema,
        schema_instructions=prompts.render("schema", schema=json.dumps(schema, separators=(",", ":"))).strip(),
        version=prompts.version,
        name=prompts.name,
    )


def reask_message(problems: list[str], sentence_count: int, prompts: PromptSet | None = None) -> str:
    """The follow-up user message listing what was wrong with the last answer."""
    prompts = prompts or load_prompts()
    listed = "\n".join(f"- {p}" for p in problems)
    return prompts.render("reask", problems=listed, sentence_count=sentence_count).strip()


CLAIM_ATTRIBUTION_HELP: dict[ClaimAttribution, str] = {
    ClaimAttribution.DIRECT_QUOTE: "the article quotes their words",
    ClaimAttribution.PARAPHRASE: "the article reports what they said",
    ClaimAttribution.REPORTED: "attributed to a report, recording or document",
    ClaimAttribution.OUTLET: "the article's own assertion",
}
"""How the model-only prompt explains each claim attribution (a test checks every member has one)."""


def _one_of(kinds: type[StrEnum]) -> str:
    """``a, b, c or d``: the values of an enumeration, as the prompt lists them."""
    values = [k.value for k in kinds]
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def _numbered(sentences: list[Sentence]) -> str:
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)


def _defuse(article: str) -> str:
    """Keep the article from closing its own delimiter."""
    return article.replace("</article>", "</ article>").replace("<article>", "< article>")
