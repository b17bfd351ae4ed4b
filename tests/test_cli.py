"""The `summarizer` command: subcommands, formats, input, exit codes, plugins."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import pytest

from summarizer import SummaryResult, result_json_schema
from summarizer import cli as cli_module
from summarizer.cli import build_parser, main
from summarizer.pipeline import Summarizer
from summarizer.render import render_html, render_markdown
from summarizer.text.html_input import extract_article
from tests.conftest import CASSETTE_MODE, REFERENCE_ARTICLE
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.support.reference import reference_result, replaying_reference
from tests.support.samples import bridge_article, bridge_result
from tests.test_html_input import ARTICLE_PARAGRAPHS, JUNK, saved_page

SECRET = "sk-test-secret-never-printed-0123456789"


@pytest.fixture(autouse=True)
def _no_endpoint_env(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def canned(monkeypatch):
    """Summarizer.summarize returns a hand-built result (for plumbing tests; no model)."""
    calls: list[tuple[str, str]] = []
    article = bridge_article()
    result = bridge_result(article)

    def summarize(self, text, *, input_format="text"):
        calls.append((text, input_format))
        return result

    monkeypatch.setattr(Summarizer, "summarize", summarize)
    return result, article, calls


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("summarizer: error: ")
    return lines[0]


# --- help and schema ---------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["summarize", "--help"], ["analyze", "--help"], ["schema", "--help"]])
def test_every_command_explains_itself(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: summarizer" in out
    assert "exit codes:" in out


def test_every_registered_command_has_help_and_a_handler(capsys):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert {"summarize", "analyze", "schema"} <= set(commands)
    for name, sub in commands.items():
        assert callable(sub.get_default("handler")), name
        assert sub.format_help().startswith(f"usage: summarizer {name}")


def test_no_command_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "choose a command" in err


def test_schema_prints_the_result_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == result_json_schema()


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "summarizer", "schema"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "SummaryResult"


# --- summarize: formats and outputs ----------------------------------------------------------


def test_markdown_is_plain_when_piped(capsys, canned, tmp_path):
    result, article, calls = canned
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    code, out, _ = run(capsys, "summarize", str(path))
    assert code == 0
    assert out == render_markdown(result)
    assert calls == [(article, "auto")]


def test_markdown_is_rendered_with_rich_on_a_terminal(capsys, canned, tmp_path, monkeypatch):
    _, article, _ = canned
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, "summarize", str(path))
    assert code == 0
    assert "\x1b[" in out  # terminal styling
    assert "## Claims" not in out
    assert "Claims" in out
    assert "Jane Doe" in out


def test_json_and_html_formats(capsys, canned, tmp_path):
    result, article, _ = canned
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    code, out, _ = run(capsys, "summarize", str(path), "--format", "json")
    assert code == 0
    assert SummaryResult.model_validate_json(out) == result
    code, out, _ = run(capsys, "summarize", str(path), "--format", "html")
    assert code == 0
    assert out == render_html(result, article)


def test_out_writes_the_file_and_says_so(capsys, canned, tmp_path):
    result, article, _ = canned
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    target = tmp_path / "review.html"
    code, out, err = run(capsys, "summarize", str(path), "-f", "html", "--out", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == render_html(result, article)
    assert str(target) in err


def test_standard_input_and_forced_input_format(capsys, canned, monkeypatch):
    _, article, calls = canned
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article.encode("utf-8"))))
    code, _, _ = run(capsys, "summarize", "-", "--input-format", "text")
    assert code == 0
    assert calls == [(article, "text")]


# --- summarize: a real (recorded) model answer end to end ---------------------------------------


def test_summarize_replays_the_reference_article_through_the_cli(capsys):
    with replaying_reference() as recorded:
        code, out, err = run(
            capsys, "summarize", str(REFERENCE_ARTICLE), "--format", "json", "--base-url", recorded.base_url,
            "--model", recorded.model, "--structured-output", CASSETTE_MODE,
        )  # fmt: skip
    assert code == 0, err
    result = SummaryResult.model_validate_json(out)
    expected = reference_result()
    assert result.summary == expected.summary
    assert (result.model, result.prompt_version, result.usage) == (
        expected.model,
        expected.prompt_version,
        expected.usage,
    )


def test_html_input_goes_through_extraction_and_the_page_shows_the_extracted_text(capsys, tmp_path):
    page_path = tmp_path / "page.html"
    page_path.write_text(saved_page(), encoding="utf-8")
    answer = {
        "headline": "Mayor defends bridge budget",
        "summary": "The mayor defended the budget; a council member disputed it.",
        "actors": [{"name": "Jane Doe", "kind": "person", "role": "mayor"},
                   {"name": "John Roe", "kind": "person", "role": "council member"}],
        "claims": [{"claimant": "Jane Doe", "attribution": "paraphrase", "statement": "Repairs cannot wait.",
                    "sentences": [2], "quote": None},
                   {"claimant": "John Roe", "attribution": "paraphrase", "statement": "The figures are inflated.",
                    "sentences": [4], "quote": None}],
        "disputes": [],
        "caveats": [{"kind": "unclear", "text": "The start date is unclear.", "sentences": [5]}],
    }  # fmt: skip
    with FakeOpenAIServer([Reply.ok(json.dumps(answer))]) as server:
        base = ("summarize", str(page_path), "--base-url", server.base_url, "--model", "fake-model",
                "--analysis", "off")  # the answer above is the model-only wire  # fmt: skip
        code, out, err = run(capsys, *base, "--format", "json")
        assert code == 0, err
        result = SummaryResult.model_validate_json(out)
        code, html, err = run(capsys, *base, "--format", "html")
        assert code == 0, err
    prompt = json.dumps(server.received[0].body["messages"])
    assert ARTICLE_PARAGRAPHS[1][:40] in prompt
    assert not [junk for junk in JUNK if junk in prompt]
    assert result.source_text == extract_article(saved_page())
    assert [c.claimant for c in result.summary.claims] == ["jane-doe", "john-roe"]
    for claim in result.summary.claims:
        for ev in claim.evidence:
            assert result.source_text[ev.start : ev.end] == ev.text
    assert html == render_html(result.model_copy(update={"latency_s": _latency(html)}), saved_page())


def _latency(html: str) -> float:
    """The exact latency of the run the page shows (its data block embeds the whole result)."""
    block = html.split('<script type="application/json" id="review-data">', 1)[1].split("</script>", 1)[0]
    return float(json.loads(block)["result"]["latency_s"])


# --- exit codes: one line on stderr ---------------------------------------------------------


# --- analyze -----------------------------------------------------------------------------


def test_analyze_prints_who_said_what_and_the_hedges_with_no_model(capsys, tmp_path, monkeypatch):
    def no_model(*args, **kwargs):
        raise AssertionError("analyze must not start or call a model")

    monkeypatch.setattr(Summarizer, "__init__", no_model)
    code, out, err = run(capsys, "analyze", str(REFERENCE_ARTICLE))
    assert code == 0 and err == ""
    assert out.startswith("# Analysis\n")
    who = out[out.index("## Who said what") : out.index("## Where the article marks its own uncertainty")]
    popov = who[who.index("### Ivan Popov") : who.index("### Andrey Gurulev")]
    assert "I called things by their proper name" in popov
    assert "The fact that" in who[who.index("### Andrey Turchak") :]
    hedges = out[out.index("## Where the article marks its own uncertainty") :]
    assert "has not been able to independently confirm" in hedges and "has been asked for comment" in hedges


def test_analyze_json_is_the_analysis_and_its_offsets_index_the_file(capsys, tmp_path):
    from summarizer import Analysis

    out_path = tmp_path / "a.json"
    code, out, err = run(capsys, "analyze", str(REFERENCE_ARTICLE), "--format", "json", "--out", str(out_path))
    assert code == 0 and out == "" and "wrote" in err
    analysis = Analysis.model_validate_json(out_path.read_text(encoding="utf-8"))
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    spans = [e for a in analysis.attributions for e in (*a.source, *a.cue, *a.content)]
    spans += [h.cue for h in analysis.hedges]
    assert spans and all(text[e.start : e.end] == e.text for e in spans)


def test_analyze_refuses_a_web_page_and_says_what_to_do(capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(saved_page(), encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(page))
    assert code == 2 and out == ""
    assert "plain text" in one_line_error(err) and "summarize" in err


def test_a_missing_file_is_an_input_error(capsys, tmp_path):
    code, out, err = run(capsys, "summarize", str(tmp_path / "nope.txt"))
    assert code == 2
    assert out == ""
    assert "cannot read" in one_line_error(err)


def test_undecodable_and_empty_input_are_input_errors(capsys, tmp_path):
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    code, _, err = run(capsys, "summarize", str(binary))
    assert code == 2
    assert "not UTF-8" in one_line_error(err)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, _, err = run(capsys, "summarize", str(empty), "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert code == 2
    assert "empty" in one_line_error(err)


def test_an_endpoint_without_a_model_name_is_a_configuration_error(capsys, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(bridge_article(), encoding="utf-8")
    code, _, err = run(capsys, "summarize", str(path), "--base-url", "http://127.0.0.1:9/v1")
    assert code == 2
    assert "--model" in one_line_error(err)


def test_html_input_without_trafilatura_says_what_to_install(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = tmp_path / "page.html"
    path.write_text(saved_page(), encoding="utf-8")
    code, _, err = run(capsys, "summarize", str(path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert code == 2
    assert "pip install 'summarizer[html]'" in one_line_error(err)


def test_a_rejected_api_key_exits_3_without_printing_the_key(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    path = tmp_path / "article.txt"
    path.write_text(bridge_article(), encoding="utf-8")
    with FakeOpenAIServer([Reply.error(401, "invalid api key")]) as server:
        code, out, err = run(capsys, "summarize", str(path), "--base-url", server.base_url, "--model", "m")
    assert code == 3
    assert "401" in one_line_error(err)
    assert SECRET not in out + err
    headers = {k.lower(): v for k, v in server.received[0].headers.items()}
    assert headers["authorization"] == f"Bearer {SECRET}"  # the key was used, just never shown


def test_unusable_model_output_exits_4(capsys, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(bridge_article(), encoding="utf-8")
    with FakeOpenAIServer([Reply.ok("this is not JSON at all")]) as server:
        code, out, err = run(capsys, "summarize", str(path), "--base-url", server.base_url, "--model", "m")
    assert code == 4
    assert out == ""
    assert "did not fit the schema" in one_line_error(err)
    assert len(server.received) == 3  # the first answer and two re-asks


def test_bad_arguments_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["summarize", "x.txt", "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- plugins ------------------------------------------------------------------------------


def _plugin(tmp_path, monkeypatch, name: str, source: str) -> str:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return name


def test_plugin_commands_are_registered(capsys, tmp_path, monkeypatch):
    name = _plugin(
        tmp_path,
        monkeypatch,
        "cli_plugin_ok",
        """
        def register(subparsers):
            p = subparsers.add_parser("hello", help="say hello", description="Say hello.")
            p.add_argument("--name", default="editor")
            p.set_defaults(handler=lambda args: print(f"hello {args.name}") or 7)
    """,
    )
    monkeypatch.setattr(cli_module, "_PLUGIN_COMMANDS", (name,))
    code, out, _ = run(capsys, "hello", "--name", "desk")
    assert (code, out) == (7, "hello desk\n")


def test_a_plugin_module_that_does_not_exist_yet_is_skipped(capsys, monkeypatch):
    monkeypatch.setattr(cli_module, "_PLUGIN_COMMANDS", ("summarizer.batch.no_such_command_module",))
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out


def test_a_plugin_with_a_missing_dependency_is_not_hidden(tmp_path, monkeypatch):
    name = _plugin(tmp_path, monkeypatch, "cli_plugin_broken", "import no_such_dependency_for_cli_tests\n")
    monkeypatch.setattr(cli_module, "_PLUGIN_COMMANDS", (name,))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_for_cli_tests"):
        build_parser()
