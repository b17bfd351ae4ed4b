"""Warning codes are one enumeration: every emitter uses it, and the README's list is made from it."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

import summarizer
from summarizer import SummaryResult, SummaryWarning, WarningCode, result_json_schema
from summarizer.core.schema import ITEM_KINDS, item_ref, parse_item_ref
from summarizer.grounding.rules import DROPPED, PART_DROPPED, Grounded, Violation

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "summarizer"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("warning_codes_script", ROOT / "scripts" / "warning_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def package_trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def is_text(node: ast.expr) -> bool:
    """A string literal, an f-string, a concatenation or ``.format`` of one: a code written by hand."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_text(node.left) or is_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and is_text(node.func.value)
    return False


def free_string_codes(path: Path, tree: ast.Module) -> list[str]:
    """``file:line`` of every ``SummaryWarning(...)`` whose code is not given as an expression of the enum."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) == "SummaryWarning":
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if node.args or code is None or is_text(code):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if isinstance(node, ast.Compare):  # note.code == "speaker_from_model"
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides) and any(map(is_text, sides)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} (compared with a string)")
    return found


def test_no_emitter_writes_a_code_as_a_string() -> None:
    trees = package_trees()
    emitters = [
        n for _, t in trees for n in ast.walk(t) if isinstance(n, ast.Call) and called_name(n) == "SummaryWarning"
    ]
    assert len(emitters) >= 15  # the check really sees the emitters
    offending = [hit for path, tree in trees for hit in free_string_codes(path, tree)]
    assert not offending, "use a WarningCode member instead of a string:\n" + "\n".join(offending)


@pytest.mark.parametrize(
    "source",
    [
        'SummaryWarning(code="moved_evidence", message="m")',
        'SummaryWarning(code=f"dropped_{name}", message="m")',
        'SummaryWarning(code="dropped_" + part, message="m")',
        'SummaryWarning(code="dropped_{}".format(part), message="m")',
        'schema.SummaryWarning(code="chunked", message="m")',
        'SummaryWarning("chunked", "m")',
        'if note.code == "speaker_from_model": pass',
    ],
)
def test_the_check_catches_every_way_of_writing_a_code_by_hand(source: str) -> None:
    assert free_string_codes(PACKAGE / "x.py", ast.parse(source))


def test_the_check_accepts_enum_members_and_passed_on_codes() -> None:
    source = (
        "SummaryWarning(code=WarningCode.CHUNKED, message=f'part {i}')\n"
        "SummaryWarning(code=w.code, message='m')\n"
        "if note.code is WarningCode.SPEAKER_FROM_MODEL: pass\n"
    )
    assert free_string_codes(PACKAGE / "x.py", ast.parse(source)) == []


def test_every_code_is_emitted_somewhere() -> None:
    used = {
        node.attr
        for path, tree in package_trees()
        if path != PACKAGE / "core" / "schema.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "WarningCode"
    }
    assert used == {code.name for code in WarningCode}


def test_every_code_has_a_one_line_meaning_and_a_unique_snake_case_value() -> None:
    for code in WarningCode:
        assert code.value == code.name.lower()
        assert code.meaning.strip() and "\n" not in code.meaning and len(code.meaning) < 160, code
    assert len({c.meaning for c in WarningCode}) == len(WarningCode)


def test_the_codes_of_dropped_items_are_the_strings_they_always_were() -> None:
    # before the enum these were f"dropped_{list name without its s}" and f"dropped_{part}"
    assert {name: code.value for name, code in DROPPED.items()} == {n: f"dropped_{n.rstrip('s')}" for n in DROPPED}
    assert {part: code.value for part, code in PART_DROPPED.items()} == {p: f"dropped_{p}" for p in PART_DROPPED}


def test_a_violation_of_an_unknown_list_says_what_to_add() -> None:
    grounded = Grounded(
        summary=summarizer.Summary(headline="h", summary="s"), violations=[Violation(("notes", 0), "x")]
    )
    with pytest.raises(ValueError, match="no warning code for a dropped 'notes'"):
        grounded.warnings()


def test_a_code_serialises_as_its_plain_string_and_reads_back_as_the_enum() -> None:
    warning = SummaryWarning(code=WarningCode.MOVED_EVIDENCE, message="m", item="claim:c1")
    assert json.loads(warning.model_dump_json()) == {"code": "moved_evidence", "message": "m", "item": "claim:c1"}
    again = SummaryWarning.model_validate_json('{"code": "moved_evidence", "message": "m"}')  # stored before `item`
    assert again.code is WarningCode.MOVED_EVIDENCE and again.item is None
    assert again.code == "moved_evidence"
    with pytest.raises(ValidationError, match="code"):
        SummaryWarning.model_validate({"code": "made_up", "message": "m"})


def test_the_json_schema_lists_the_codes() -> None:
    schema = result_json_schema()
    assert schema["$defs"]["WarningCode"]["enum"] == [c.value for c in WarningCode]
    assert schema["$defs"]["SummaryWarning"]["properties"]["code"]["$ref"] == "#/$defs/WarningCode"
    SummaryResult.model_validate(  # a result from before the enum still loads
        {
            "summary": {"headline": "h", "summary": "s"},
            "model": "m",
            "prompt_version": "p",
            "warnings": [{"code": "chunked", "message": "m"}],
        }
    )


def test_warning_code_is_public() -> None:
    assert summarizer.WarningCode is WarningCode
    assert "WarningCode" in summarizer.__all__


def test_the_readme_lists_every_code_with_its_meaning() -> None:
    script = load_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = script.current(readme)
    assert listed == script.render(), "the README's warning codes differ from WarningCode: run scripts/warning_codes.py"
    lines = listed.splitlines()
    assert lines == [f"- `{c.value}` — {c.meaning}" for c in WarningCode]


def test_the_readme_check_fails_on_a_stale_list_and_the_script_rewrites_it(tmp_path: Path) -> None:
    script = load_script()
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(text.replace(f"- `{WarningCode.CHUNKED.value}` — ", "- `chunked` — (stale) "), encoding="utf-8")
    assert script.main(["--check", "--readme", str(readme)]) == 1
    assert script.main(["--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == text
    assert script.main(["--check", "--readme", str(readme)]) == 0
    readme.write_text("no markers here", encoding="utf-8")
    with pytest.raises(ValueError, match="warning-codes:begin"):
        script.main(["--check", "--readme", str(readme)])


def test_item_refs_have_one_format() -> None:
    assert item_ref("claim", "c2") == "claim:c2"
    assert item_ref("dispute", 1) == "dispute:1"
    assert parse_item_ref("attribution:a7") == ("attribution", "a7")
    assert parse_item_ref("actor:ivan-popov") == ("actor", "ivan-popov")
    assert set(ITEM_KINDS) == {"actor", "claim", "attribution", "dispute", "caveat"}
    for bad in ("claim", "claim:", "hedge:h1", "dispute:0", "caveat:first", ":c1"):
        with pytest.raises(ValueError, match="item reference"):
            parse_item_ref(bad)
    with pytest.raises(ValidationError, match="is not '<kind>:<id>'"):
        SummaryWarning(code=WarningCode.MOVED_EVIDENCE, message="m", item="claims[0]")


def test_the_reviewed_file_reads_the_refs_warnings_carry() -> None:
    # core/reviewed.py (issue 13) names items the same way; a warning's item must be a ref it accepts
    from summarizer.core import reviewed

    refs = ["actor:ivan-popov", "claim:c2", "attribution:a7", "dispute:1", "caveat:3"]
    for ref in refs:
        kind, key = parse_item_ref(ref)
        assert reviewed.parse_item_ref(ref) == (reviewed.ReviewKind(kind), key)
        assert reviewed.item_ref_for(kind, key) == item_ref(kind, key) == ref
    assert {k.value for k in reviewed.ReviewKind} == set(ITEM_KINDS)
