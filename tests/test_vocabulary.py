"""Every vocabulary is defined once (summarizer.core.schema); every copy is derived or checked here."""

from __future__ import annotations

import typing

from summarizer import cli
from summarizer.core.options import AnalysisMode, StructuredOutputMode
from summarizer.core.schema import (
    CLAIM_ATTRIBUTION,
    OUTLET,
    UNATTRIBUTED,
    ActorKind,
    AttributionKind,
    CaveatKind,
    ClaimAttribution,
    Summary,
)
from summarizer.prompting.candidates import NOT_A_CAVEAT, Candidates, judgment_json_schema
from summarizer.prompting.templates import CLAIM_ATTRIBUTION_HELP, build_judging_prompt, build_prompt
from summarizer.prompting.wire import wire_json_schema
from summarizer.render._common import ATTRIBUTION_LABELS, CAVEAT_LABELS, KIND_LABELS
from summarizer.text.document import prepare

SENTENCES = prepare("Jane Doe said the bridge is safe. It opened in 1931.", max_chars=1000).sentences


def values(kinds: type) -> list[str]:
    return [k.value for k in kinds]


def test_renderers_name_every_member():
    assert set(ATTRIBUTION_LABELS) == set(ClaimAttribution)
    assert set(KIND_LABELS) == set(AttributionKind)
    assert set(CAVEAT_LABELS) == set(CaveatKind)


def test_every_attribution_kind_maps_to_a_claim_attribution():
    assert set(CLAIM_ATTRIBUTION) == set(AttributionKind)


def test_the_model_only_wire_and_prompt_follow_the_enums():
    props = wire_json_schema(len(SENTENCES), ["Jane Doe"])["properties"]
    assert props["actors"]["items"]["properties"]["kind"]["enum"] == values(ActorKind)
    assert props["claims"]["items"]["properties"]["attribution"]["enum"] == values(ClaimAttribution)
    assert props["caveats"]["items"]["properties"]["kind"]["enum"] == values(CaveatKind)
    assert props["claims"]["items"]["properties"]["claimant"]["enum"][-2:] == [OUTLET, UNATTRIBUTED]
    system = build_prompt(SENTENCES).messages[0]["content"]
    assert set(CLAIM_ATTRIBUTION_HELP) == set(ClaimAttribution)
    for member in [*ActorKind, *ClaimAttribution, *CaveatKind]:
        assert member.value in system


def test_the_judging_wire_and_prompt_follow_the_enums():
    candidates = Candidates(sentences=SENTENCES, actors=[], attributions=[], hedges=[])
    props = judgment_json_schema(candidates)["properties"]
    assert props["extra_caveats"]["items"]["properties"]["kind"]["enum"] == values(CaveatKind)
    assert OUTLET in props["extra_claims"]["items"]["properties"]["claimant"]["enum"]
    system = build_judging_prompt(candidates).messages[0]["content"]
    for member in CaveatKind:
        assert member.value in system
    assert NOT_A_CAVEAT in system and NOT_A_CAVEAT not in values(CaveatKind)


def test_the_result_schema_and_the_cli_follow_the_enums():
    schema = Summary.model_json_schema()
    assert schema["$defs"]["AttributionKind"]["enum"] == values(AttributionKind)
    assert schema["$defs"]["ActorKind"]["enum"] == values(ActorKind)
    assert tuple(StructuredOutputMode) == cli.STRUCTURED_OUTPUT_MODES  # an enumeration (summarizer.llm.modes)
    parser = cli.build_parser()
    for mode in typing.get_args(AnalysisMode):
        assert parser.parse_args(["summarize", "a.txt", "--analysis", mode]).analysis == mode


def test_the_peer_benchmark_uses_the_same_vocabularies():
    """bench/peer_instructor.py runs in its own venv (it cannot import summarizer): its copies are checked."""
    import ast
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "bench" / "peer_instructor.py").read_text(encoding="utf-8")
    literals: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    ann = item.annotation
                    if isinstance(ann, ast.Subscript) and getattr(ann.value, "id", "") == "Literal":
                        elements = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
                        literals[f"{node.name}.{item.target.id}"] = [ast.literal_eval(e) for e in elements]
    assert literals == {
        "Actor.kind": values(ActorKind),
        "Claim.attribution": values(ClaimAttribution),
        "Caveat.kind": values(CaveatKind),
    }
