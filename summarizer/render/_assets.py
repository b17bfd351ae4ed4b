"""The review page's skeleton, inline stylesheet and script (static: no data is interpolated into CSS or JS)."""

from __future__ import annotations

import base64
import hashlib

ACTOR_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#ff7f0e", "#7f7f7f",
)  # fmt: skip
"""Actor colours, assigned in the order the summary lists its actors (then cycled)."""

_ACTOR_RULES = "\n".join(f".a-{i} {{ --actor: {colour}; }}" for i, colour in enumerate(ACTOR_COLOURS))

STYLE = (
    """
:root { --claim: #fff0a0; --dispute: #ffc8b4; --caveat: #cfe2ff; --ink: #1d1d1f; --muted: #5f6368;
  --line: #e2e2e2; --active: #c5221f; --paper: #fff; --bg: #f5f5f2; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header.top { padding: 10px 24px; background: var(--paper); border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 4px; font-size: 1.35rem; line-height: 1.3; }
.legend { margin: 0; color: var(--muted); font-size: .85rem; }
.key { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 3px; color: var(--ink);
  background: var(--kind); }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(340px, 5fr) 6fr; }
.pane { overflow: auto; padding: 14px 24px 48px; }
.brief { background: var(--paper); border-right: 1px solid var(--line); }
h2 { font-size: 1rem; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h3 { font-size: .95rem; margin: 10px 0 4px; }
.lede { margin: 0 0 8px; }
ul.plain, ol.plain { list-style: none; margin: 0; padding: 0; }
.actor { margin: 2px 0; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; background: var(--actor, #999);
  margin-right: 6px; vertical-align: -1px; }
.claimant { border-left: 4px solid var(--actor, #bbb); padding-left: 6px; }
.item { margin: 4px 0; padding: 6px 10px; border-radius: 4px; border-left: 4px solid var(--kind); cursor: pointer; }
.item:hover, .item:focus { background: #f4f6fb; outline: none; }
.item.is-active { background: #fff6e0; box-shadow: 0 0 0 2px var(--active); }
.item p { margin: 0; }
.meta { color: var(--muted); font-size: .85rem; }
.badge { display: inline-block; font-size: .75rem; padding: 0 6px; border-radius: 3px; background: var(--kind);
  color: var(--ink); margin-right: 6px; }
ul.quotes { list-style: none; margin: 2px 0 0; padding: 0; font-size: .85rem; }
ul.quotes li { margin: 1px 0; }
a.evlink { color: #174ea6; text-decoration: none; border-bottom: 1px dotted currentColor; }
.warnings { margin: 12px 0; padding: 8px 12px; border: 1px solid #e0a800; background: #fff8e1; border-radius: 4px; }
.warnings h2 { margin-top: 0; color: #8a5a00; }
.empty { color: var(--muted); font-style: italic; margin: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 12px; font-size: .8rem; color: var(--muted); }
.facts dt { font-weight: 600; } .facts dd { margin: 0; overflow-wrap: anywhere; }
.article .source-note { color: var(--muted); font-size: .85rem; margin: 0 0 8px; }
.article .text { max-width: 72ch; white-space: pre-wrap; overflow-wrap: break-word;
  font: 16.5px/1.7 Georgia, "DejaVu Serif", "Times New Roman", serif; }
.k-attribution { --kind: #eef0f3; } .k-cue { --kind: #e1e4e8; }
mark.ev.k-cue { font-weight: 600; text-decoration: underline; text-decoration-color: var(--actor, #777); }
.k-claim { --kind: var(--claim); } .k-dispute { --kind: var(--dispute); } .k-caveat { --kind: var(--caveat); }
mark.ev { background: var(--kind); color: inherit; border-radius: 2px; cursor: pointer;
  border-bottom: 3px solid var(--actor, transparent); }
mark.ev.multi { background-image: repeating-linear-gradient(135deg, rgba(0,0,0,.09) 0 3px, transparent 3px 7px); }
mark.ev:focus { outline: 2px dashed var(--active); }
mark.ev.is-active { outline: 2px solid var(--active); outline-offset: 1px; background-color: #ffd966; }
@media (max-width: 900px) {
  body { display: block; height: auto; } main { display: block; } .pane { overflow: visible; }
}
@media print {
  html, body { height: auto; background: #fff; } body { display: block; font-size: 11pt; }
  main { display: block; } .pane { overflow: visible; padding: 0 0 12pt; } .brief { border: 0; }
  .article { break-before: page; } .item { break-inside: avoid; cursor: default; }
  .item.is-active, mark.ev.is-active { box-shadow: none; outline: 0; }
  mark.ev, .badge, .key, .swatch, .item { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  ul.quotes { list-style: none; margin: 2px 0 0; padding: 0; font-size: .85rem; }
ul.quotes li { margin: 1px 0; }
a.evlink { color: inherit; border: 0; }
}
"""
    + _ACTOR_RULES
    + "\n"
)

SCRIPT = """
(function () {
  "use strict";
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var behavior = reduce ? "auto" : "smooth";
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function words(el, name) { return (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean); }
  function clear() { all(".is-active").forEach(function (el) { el.classList.remove("is-active"); }); }
  function segments(evIds) {
    var found = [];
    evIds.forEach(function (id) {
      all('mark.ev[data-ev~="' + id + '"]').forEach(function (m) { if (found.indexOf(m) < 0) { found.push(m); } });
    });
    return found;
  }
  function showEvidence(item, evIds) {
    clear();
    if (item) { item.classList.add("is-active"); }
    var marks = segments(evIds);
    marks.forEach(function (m) { m.classList.add("is-active"); });
    if (marks.length) { marks[0].scrollIntoView({ block: "center", behavior: behavior }); }
  }
  function showItem(mark) {
    var items = words(mark, "data-items");
    if (!items.length) { return; }
    var n = Number(mark.getAttribute("data-next") || 0) % items.length;
    mark.setAttribute("data-next", String(n + 1));
    var item = document.getElementById(items[n]);
    if (!item) { return; }
    clear();
    item.classList.add("is-active");
    var prefix = items[n] + "-ev-";
    segments(words(mark, "data-ev").filter(function (id) { return id.indexOf(prefix) === 0; }))
      .forEach(function (m) { m.classList.add("is-active"); });
    item.scrollIntoView({ block: "center", behavior: behavior });
    item.focus({ preventScroll: true });
  }
  function activate(target, event) {
    var link = target.closest("a.evlink");
    if (link) { event.preventDefault(); showEvidence(link.closest(".item"), words(link, "data-ev")); return true; }
    var mark = target.closest("mark.ev");
    if (mark) { showItem(mark); return true; }
    var item = target.closest(".item");
    if (item) { showEvidence(item, words(item, "data-ev")); return true; }
    return false;
  }
  document.addEventListener("click", function (event) {
    if (event.target instanceof Element) { activate(event.target, event); }
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target instanceof Element &&
        !event.target.closest("a.evlink") && activate(event.target, event)) {
      event.preventDefault();
    }
  });
})();
"""


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline code."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
"""Nothing may load from the network; only this file's own stylesheet and script may run."""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="summarizer">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header class="top"><h1>{title}</h1><p class="legend">{legend}</p></header>
<main>
<section class="pane brief" aria-label="Summary">
{brief}
</section>
<section class="pane article" aria-label="Article text">
<h2>Article text</h2>
<p class="source-note">{note}</p>
<div class="text" id="article-text">{article}</div>
</section>
</main>
<script>{script}</script>
</body>
</html>
"""
"""The page skeleton; every value formatted into it is already HTML-escaped."""
