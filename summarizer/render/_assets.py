"""The review page's skeleton, inline stylesheet and script (static: no data is interpolated into CSS or JS;
the script reads its data from the page's JSON data block)."""

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
[hidden] { display: none !important; }
.rv-toggle, .rv-controls button, .rv-panel button, .rv-select button { font: inherit; font-size: .8rem;
  padding: 1px 8px; border: 1px solid #b8b8b8; border-radius: 3px; background: #fafafa; color: var(--ink);
  cursor: pointer; }
.rv-toggle { float: right; margin-left: 12px; }
button:disabled { opacity: .5; cursor: default; }
.rv-controls { display: none; }
body.reviewing .rv-controls { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; margin-top: 4px;
  font-size: .8rem; cursor: default; }
body.reviewing .actor[data-ref], body.reviewing .dispute[data-ref] { border-left: 4px solid #e2e2e2;
  padding: 2px 8px; margin: 4px 0; }
.rv-status { font-weight: 600; color: var(--muted); min-width: 7.5em; }
.rv-note { flex: 1 1 9em; min-width: 7em; font: inherit; padding: 0 4px; }
.rv-flag { width: 100%; color: #8a5a00; }
.rv-was { width: 100%; color: var(--muted); } .rv-was:empty { display: none; }
.rv-editor, .rv-form { width: 100%; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.rv-editor textarea, .rv-form textarea { flex: 1 1 100%; font: inherit; }
body.reviewing [data-review=confirm] { border-left-color: #188038; }
body.reviewing [data-review=reject] { border-left-color: #c5221f; }
body.reviewing [data-review=correct] { border-left-color: #e37400; }
[data-review=confirm] > .rv-controls .rv-status, .rv-state.rv-confirm { color: #188038; }
[data-review=reject] > .rv-controls .rv-status, .rv-state.rv-reject { color: #c5221f; }
[data-review=correct] > .rv-controls .rv-status, .rv-state.rv-correct { color: #b06000; }
body.reviewing [data-review=reject] .rv-text { text-decoration: line-through; }
body.reviewing [data-current] { box-shadow: 0 0 0 2px #1a73e8; }
.rv-panel { margin: 8px 0 12px; padding: 8px 12px; border: 1px solid #c6d5f5; border-radius: 4px; background: #f6f9ff; }
.rv-panel h2 { margin-top: 0; } .rv-panel p { margin: 4px 0; }
.rv-panel input[type=text] { font: inherit; }
.rv-queue { max-height: 15em; overflow: auto; margin: 0; padding-left: 2em; font-size: .85rem; }
.rv-queue button { display: block; width: 100%; border: 0; background: none; padding: 0; text-align: left;
  font-size: .85rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.rv-queue li.rv-current { background: #e8f0fe; }
.rv-kind { font-size: .75rem; color: var(--muted); text-transform: uppercase; }
.rv-state { font-size: .75rem; color: var(--muted); }
.rv-flag-mark, .rv-flagged .rv-kind { color: #8a5a00; }
.rv-added { margin: 0; padding-left: 1.2em; font-size: .85rem; }
.rv-select { position: sticky; top: 0; z-index: 1; margin: 0 0 8px; padding: 6px 10px;
  border: 1px solid #c6d5f5; border-radius: 4px; background: #eef3fd; font-size: .85rem;
  box-shadow: 0 2px 4px rgba(0,0,0,.08); }
.rv-select p { margin: 0 0 4px; } .rv-quote { font-style: italic; }
.rv-problem { color: #c5221f; }
kbd { font: .75rem ui-monospace, monospace; padding: 0 4px; border: 1px solid #ccc; border-radius: 3px;
  background: #fff; }
@media (max-width: 900px) {
  body { display: block; height: auto; } main { display: block; } .pane { overflow: visible; }
}
@media print {
  html, body { height: auto; background: #fff; } body { display: block; font-size: 11pt; }
  main { display: block; } .pane { overflow: visible; padding: 0 0 12pt; } .brief { border: 0; }
  .article { break-before: page; } .item { break-inside: avoid; cursor: default; }
  .item.is-active, mark.ev.is-active { box-shadow: none; outline: 0; }
  .rv-controls, .rv-panel, .rv-toggle, .rv-select { display: none !important; }
  mark.ev, .badge, .key, .swatch, .item { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  ul.quotes { list-style: none; margin: 2px 0 0; padding: 0; font-size: .85rem; }
ul.quotes li { margin: 1px 0; }
a.evlink { color: inherit; border: 0; }
}
"""
    + _ACTOR_RULES
    + "\n"
)

_BASE_SCRIPT = """
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
    if (target.closest(".rv-controls, .rv-panel, .rv-select, .rv-toggle")) { return false; }
    var link = target.closest("a.evlink");
    if (link) { event.preventDefault(); showEvidence(link.closest(".item"), words(link, "data-ev")); return true; }
    var mark = target.closest("mark.ev");
    if (mark && !window.getSelection().isCollapsed) { return false; }  // the editor is selecting text
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
  REVIEW_MODE
})();
"""

_REVIEW_SCRIPT = r"""
  // Review mode: everything it needs comes from the JSON data block the renderer wrote.
  var dataBlock = document.getElementById("review-data");
  var D = null;
  try { D = dataBlock ? JSON.parse(dataBlock.textContent) : null; } catch (e) { D = null; }
  if (!D) { return; }
  var V = D.vocabulary;
  var ACT = V.actions;
  var article = document.getElementById("article-text");
  var chars = Array.from(D.result.source_text);  // code points, as Python counts offsets
  var byRef = {};
  var queue = D.items.map(function (it) { byRef[it.ref] = it; return it.ref; });
  var actorName = {};
  D.actors.forEach(function (a) { actorName[a.id] = a.name; });
  var storeKey = "summarizer.review:" + D.article_sha256;
  var stored = true;
  var current = null;
  var pending = null;
  var original = {};
  var S = loadState();
  var panel = document.getElementById("rv-panel");
  var selbar = document.getElementById("rv-select");
  var toggle = document.getElementById("rv-toggle");

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function option(value, label) {
    var o = make("option", "", label);
    o.value = value;
    return o;
  }
  function button(label, title, onClick) {
    var b = make("button", "", label);
    b.type = "button";
    if (title) { b.title = title; }
    b.addEventListener("click", onClick);
    return b;
  }
  function fresh() {
    return { result_sha256: D.result_sha256, reviewer: "", reviewing: false, updated_at: null,
             entries: {}, order: [], notes: {} };
  }
  function loadState() {
    var s = null;
    try { s = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { stored = false; }
    if (!s || typeof s !== "object" || !s.entries || !Array.isArray(s.order)) { return fresh(); }
    if (s.result_sha256 !== D.result_sha256) {  // another summary of the same article: set it aside
      try {
        window.localStorage.setItem(storeKey + ":" + s.result_sha256, JSON.stringify(s));
      } catch (e) { stored = false; }
      var f = fresh();
      f.reviewer = s.reviewer || "";
      return f;
    }
    s.notes = s.notes || {};
    s.reviewer = s.reviewer || "";
    return s;
  }
  function now() { return new Date().toISOString(); }
  function save() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(S)); stored = true; } catch (e) { stored = false; }
    renderPanel();
  }
  function oneLine(s) { return String(s).replace(/\s+/g, " ").trim(); }
  function actionOf(entry) {
    for (var a in ACT) { if (entry && ACT[a] === entry.status) { return a; } }
    return "";
  }
  function isNew(ref) {
    return V.addable.some(function (kind) { return ref.indexOf(V.new_ref[kind]) === 0; });
  }
  function textField(kind) {
    return (V.editable[kind] || []).filter(function (f) { return f !== V.speaker[kind]; })[0] || null;
  }
  function speakerLabel(id) {
    if (id === null || id === undefined) { return "no named actor"; }
    return actorName[id] || id;
  }

  // --- the review state: one entry per item ref, in the order first acted on
  function put(ref, kind, action, changes, added) {
    if (!S.entries[ref]) { S.order.push(ref); }
    var who = oneLine(S.reviewer);
    S.entries[ref] = { item: ref, kind: kind, status: ACT[action], changes: changes, added: added || null,
                       note: oneLine(S.notes[ref] || "") || null, reviewer: who || null, at: now() };
    S.updated_at = S.entries[ref].at;
    save();
    show(ref);
  }
  function drop(ref) {
    if (!S.entries[ref]) { return; }
    delete S.entries[ref];
    S.order = S.order.filter(function (r) { return r !== ref; });
    S.updated_at = now();
    save();
    show(ref);
  }
  function value(ref, field) {
    var e = S.entries[ref];
    var c = e ? e.changes.filter(function (ch) { return ch.field === field; })[0] : null;
    return c ? c.after : byRef[ref].values[field];
  }
  function change(ref, field, after) {
    var it = byRef[ref];
    var e = S.entries[ref];
    var now_ = value(ref, field);
    if (after === now_ || (after !== null && now_ !== null && oneLine(after) === oneLine(now_))) { return; }
    var changes = (e && actionOf(e) === "correct" ? e.changes : []).filter(function (c) { return c.field !== field; });
    var before = it.values[field];
    if (after !== before && !(after !== null && before !== null && oneLine(after) === oneLine(before))) {
      changes.push({ field: field, before: before, after: after });
    }
    if (changes.length) { put(ref, it.kind, "correct", changes); } else { drop(ref); }
  }
  function act(ref, action) {
    if (ref && byRef[ref]) { put(ref, byRef[ref].kind, action, []); }
  }
  function setNote(ref, text) {
    S.notes[ref] = text;
    var e = S.entries[ref];
    if (e) {
      e.note = oneLine(text) || null;
      e.at = S.updated_at = now();
    }
    save();
  }

  // --- the controls on every reviewable item
  function element(ref) { return byRef[ref] ? document.getElementById(byRef[ref].element) : null; }
  function bar(ref) {
    var el = element(ref);
    return el ? el.querySelector('.rv-controls[data-for="' + CSS.escape(ref) + '"]') : null;
  }
  function controls(it) {
    var el = document.getElementById(it.element);
    if (!el) { return; }
    var text = el.querySelector(".rv-text");
    if (text) { original[it.ref] = text.textContent; }
    if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    var box = make("div", "rv-controls");
    box.setAttribute("data-for", it.ref);
    box.appendChild(make("span", "rv-status"));
    box.appendChild(button("Confirm", "Confirm (c)", function () { act(it.ref, "confirm"); }));
    box.appendChild(button("Wrong", "Mark wrong (w)", function () { act(it.ref, "reject"); }));
    if (textField(it.kind)) { box.appendChild(button("Edit", "Edit (e)", function () { edit(it.ref); })); }
    var sf = V.speaker[it.kind];
    if (sf) {
      var label = make("label", "rv-speaker", "Speaker ");
      var select = make("select");
      var given = it.values[sf];
      if (given === null || !(given in actorName)) {
        var opt = make("option", "", speakerLabel(given) + " (as given)");
        opt.value = given === null ? "" : given;
        select.appendChild(opt);
      }
      D.actors.forEach(function (a) { select.appendChild(option(a.id, a.name)); });
      select.addEventListener("change", function () { change(it.ref, sf, select.value === "" ? null : select.value); });
      label.appendChild(select);
      box.appendChild(label);
    }
    box.appendChild(button("Undo", "Forget what was recorded for this item", function () { drop(it.ref); }));
    var note = make("input", "rv-note");
    note.placeholder = "Note (optional)";
    note.setAttribute("aria-label", "Note");
    note.value = S.notes[it.ref] || "";
    note.addEventListener("change", function () { setNote(it.ref, note.value); });
    box.appendChild(note);
    it.flags.forEach(function (f) { box.appendChild(make("span", "rv-flag", "\u2691 " + f)); });
    box.appendChild(make("span", "rv-was"));
    el.appendChild(box);
  }
  function show(ref) {
    var it = byRef[ref];
    var el = element(ref);
    if (!it || !el) { return; }
    var e = S.entries[ref] || null;
    var action = actionOf(e);
    if (action) { el.setAttribute("data-review", action); } else { el.removeAttribute("data-review"); }
    var box = bar(ref);
    box.querySelector(".rv-status").textContent = e ? e.status : "not reviewed";
    var field = textField(it.kind);
    var text = el.querySelector(".rv-text");
    if (field && text) { text.textContent = oneLine(value(ref, field) || "") || original[ref]; }
    var was = (e ? e.changes : []).map(function (c) {
      if (c.field === V.speaker[it.kind]) {
        return "speaker: " + speakerLabel(c.before) + " \u2192 " + speakerLabel(c.after);
      }
      return "was: \u201c" + oneLine(c.before || "") + "\u201d";
    });
    box.querySelector(".rv-was").textContent = was.join(" \u00b7 ");
    var select = box.querySelector("select");
    if (select) { var v = value(ref, V.speaker[it.kind]); select.value = v === null ? "" : v; }
  }
  function edit(ref) {
    var it = byRef[ref];
    var box = bar(ref);
    if (!it || !box) { return; }
    var field = textField(it.kind);
    if (!field) { var select = box.querySelector("select"); if (select) { select.focus(); } return; }
    var open = box.querySelector(".rv-editor textarea");
    if (open) { open.focus(); return; }
    var editor = make("div", "rv-editor");
    var input = make("textarea");
    input.rows = 2;
    input.setAttribute("aria-label", "New " + field);
    input.value = value(ref, field) || "";
    function close(keep) {
      var v = oneLine(input.value);
      if (keep && !v) { input.focus(); return; }
      editor.remove();
      if (keep) { change(ref, field, v); }
      var el = element(ref);
      if (el) { el.focus({ preventScroll: true }); }
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); close(true); }
      if (event.key === "Escape") { event.preventDefault(); close(false); }
    });
    editor.appendChild(input);
    editor.appendChild(button("Save", "Save (Enter)", function () { close(true); }));
    editor.appendChild(button("Cancel", "Cancel (Esc)", function () { close(false); }));
    box.appendChild(editor);
    input.focus();
    input.select();
  }

  // --- the "needs a look" queue and the current item
  function setCurrent(ref) {
    var old = element(current);
    if (old) { old.removeAttribute("data-current"); }
    current = byRef[ref] ? ref : null;
    var el = element(current);
    if (el) { el.setAttribute("data-current", ""); }
    all("#rv-queue li").forEach(function (li) {
      li.classList.toggle("rv-current", li.getAttribute("data-ref") === current);
    });
  }
  function goTo(ref) {
    var el = element(ref);
    if (!el) { return; }
    if (el.classList.contains("item")) { showEvidence(el, words(el, "data-ev")); }
    setCurrent(ref);
    el.scrollIntoView({ block: "center", behavior: behavior });
    el.focus({ preventScroll: true });
  }
  function next() {
    var i = current ? queue.indexOf(current) : -1;
    for (var k = 1; k <= queue.length; k++) {
      var ref = queue[(i + k) % queue.length];
      if (!S.entries[ref]) { goTo(ref); return; }
    }
    if (queue.length) { goTo(queue[(i + 1) % queue.length]); }
  }
  function renderPanel() {
    var list = document.getElementById("rv-queue");
    list.textContent = "";
    queue.forEach(function (ref) {
      var it = byRef[ref];
      var e = S.entries[ref];
      var li = make("li", it.flags.length ? "rv-flagged" : "");
      li.setAttribute("data-ref", ref);
      li.classList.toggle("rv-current", ref === current);
      var b = button("", it.flags.join("\n"), function () { goTo(ref); });
      if (it.flags.length) { b.appendChild(make("span", "rv-flag-mark", "\u2691 ")); }
      b.appendChild(make("span", "rv-state rv-" + actionOf(e), e ? e.status : "not reviewed"));
      b.appendChild(make("span", "rv-kind", " " + it.kind));
      b.appendChild(document.createTextNode(" " + it.label));
      li.appendChild(b);
      list.appendChild(li);
    });
    var added = document.getElementById("rv-added");
    added.textContent = "";
    S.order.filter(isNew).forEach(function (ref) {
      var e = S.entries[ref];
      var f = V.added[e.kind];
      var li = make("li");
      li.setAttribute("data-ref", ref);
      li.appendChild(make("span", "rv-kind", e.kind));
      var who = f.speaker ? speakerLabel(e.added[f.speaker]) : e.added[f.kind];
      li.appendChild(document.createTextNode(" " + e.added[f.text] + " (" + who + ") "));
      var quote = e.added.evidence.map(function (ev) { return ev.text; }).join(" \u2026 ");
      li.appendChild(make("span", "meta", "\u201c" + quote + "\u201d "));
      li.appendChild(button("Remove", "Remove this added " + e.kind, function () { delete S.notes[ref]; drop(ref); }));
      added.appendChild(li);
    });
    document.getElementById("rv-added-none").hidden = added.childNodes.length > 0;
    var done = queue.filter(function (ref) { return S.entries[ref]; }).length;
    var extra = S.order.filter(isNew).length;
    document.getElementById("rv-progress").textContent = done + " of " + queue.length + " items reviewed" +
      (extra ? ", " + extra + " added" : "") + (S.updated_at ? "; last change " + S.updated_at : "");
    document.getElementById("rv-storage").textContent = stored ?
      "Kept in this browser until you export it (for this article's text only)." :
      "This browser does not keep the review (no localStorage): export it before you close the page.";
  }

  // --- adding a missed claim or caveat from a selection of the article
  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { i++; }
      }
      n++;
    }
    return n;
  }
  function offsetAt(node, off) {  // a DOM boundary point -> code-point offset into the article text
    if (node.nodeType === Node.TEXT_NODE) {
      var seg = node.parentElement ? node.parentElement.closest("[data-start]") : null;
      if (!seg || !article.contains(seg)) { return null; }
      return Number(seg.getAttribute("data-start")) + codePoints(node.data.slice(0, off));
    }
    var point = document.createRange();
    point.setStart(node, off);
    var segs = article.querySelectorAll("[data-start]");
    for (var i = 0; i < segs.length; i++) {
      if (point.comparePoint(segs[i], 0) >= 0) { return Number(segs[i].getAttribute("data-start")); }
    }
    return chars.length;
  }
  function selection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) { return null; }
    var a = offsetAt(range.startContainer, range.startOffset);
    var b = offsetAt(range.endContainer, range.endOffset);
    if (a === null || b === null || b <= a) { return null; }
    if (chars.slice(a, b).join("") !== range.toString()) {
      return { error: "this selection could not be matched to the article text exactly" };
    }
    while (a < b && /\s/.test(chars[a])) { a++; }
    while (b > a && /\s/.test(chars[b - 1])) { b--; }
    return a < b ? { text: chars.slice(a, b).join(""), start: a, end: b } : null;
  }
  function updateSelection() {
    if (selbar.querySelector(".rv-form")) { return; }
    var got = selection();
    pending = got && !got.error ? got : null;
    var preview = document.getElementById("rv-selected");
    var text = pending && pending.text.length > 140 ? pending.text.slice(0, 139) + "\u2026" : pending && pending.text;
    preview.textContent = got && got.error ? got.error : pending ? "\u201c" + text + "\u201d" :
      "Select words in the article to add a claim or caveat the summary missed.";
    all("#rv-select [data-add]").forEach(function (b) { b.disabled = !pending; });
  }
  function addForm(kind) {
    if (!pending) { return; }
    var span = pending;
    var f = V.added[kind];
    var form = make("div", "rv-form");
    form.appendChild(make("p", "rv-quote", "\u201c" + span.text + "\u201d"));
    var text = make("textarea");
    text.rows = 2;
    text.value = span.text;
    text.setAttribute("aria-label", f.text);
    var label = make("label", "", (f.speaker ? "Statement" : "Caveat") + " ");
    label.appendChild(text);
    form.appendChild(label);
    var select = make("select");
    if (f.speaker) {
      var none = make("option", "", "Who says it?");
      none.value = "";
      select.appendChild(none);
      D.actors.forEach(function (a) { select.appendChild(option(a.id, a.name)); });
    } else {
      V.caveat_kinds.forEach(function (k) { select.appendChild(option(k.value, k.label)); });
    }
    select.setAttribute("aria-label", f.speaker || f.kind);
    var choose = make("label", "", (f.speaker ? "Speaker" : "Kind") + " ");
    choose.appendChild(select);
    form.appendChild(choose);
    var note = make("input", "rv-note");
    note.placeholder = "Note (optional)";
    note.setAttribute("aria-label", "Note");
    form.appendChild(note);
    var problem = make("span", "rv-problem");
    function close() { form.remove(); updateSelection(); }
    form.appendChild(button("Add", "Add this " + kind, function () {
      var wording = oneLine(text.value);
      if (!wording || !select.value) { problem.textContent = wording ? "choose one" : "write it"; return; }
      var n = 1;
      while (S.entries[V.new_ref[kind] + n]) { n++; }
      var ref = V.new_ref[kind] + n;
      var added = {};
      added[f.text] = wording;
      added[f.speaker || f.kind] = select.value;
      added.evidence = [{ text: span.text, start: span.start, end: span.end }];
      S.notes[ref] = note.value;
      close();
      put(ref, kind, "add", [], added);
    }));
    form.appendChild(button("Cancel", "", close));
    form.appendChild(problem);
    selbar.appendChild(form);
    text.focus();
  }

  // --- export: the result and the review, as NAME.reviewed.json
  function baseName() {
    var file = "";
    try { file = decodeURIComponent(location.pathname.split("/").pop() || ""); } catch (e) { file = ""; }
    var name = file.replace(/\.html?$/i, "");
    if (name) { return name; }
    return document.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "summary";
  }
  function exportReview() {
    var out = {
      format: V.format,
      result: D.result,
      review: { article_sha256: D.article_sha256, reviewer: oneLine(S.reviewer) || null,
                updated_at: S.updated_at || now(), items: S.order.map(function (ref) { return S.entries[ref]; }) }
    };
    var blob = new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" });
    var link = make("a");
    link.href = URL.createObjectURL(blob);
    link.download = baseName() + ".reviewed.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function setReviewing(on) {
    S.reviewing = on;
    document.body.classList.toggle("reviewing", on);
    panel.hidden = !on;
    selbar.hidden = !on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? "Leave review mode" : "Review mode";
  }

  D.items.forEach(controls);
  queue.forEach(show);
  var reviewer = document.getElementById("rv-reviewer");
  reviewer.value = S.reviewer;
  reviewer.addEventListener("input", function () { S.reviewer = reviewer.value; save(); });
  document.getElementById("rv-export").addEventListener("click", exportReview);
  all("#rv-select [data-add]").forEach(function (b) {
    b.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
    b.addEventListener("click", function () { addForm(b.getAttribute("data-add")); });
  });
  toggle.hidden = false;
  toggle.addEventListener("click", function () { setReviewing(!S.reviewing); save(); });
  setReviewing(!!S.reviewing);
  renderPanel();
  updateSelection();
  document.addEventListener("selectionchange", updateSelection);
  document.addEventListener("focusin", function (event) {
    var host = event.target instanceof Element ? event.target.closest("[data-ref]") : null;
    if (host && byRef[host.getAttribute("data-ref")] && host.id === byRef[host.getAttribute("data-ref")].element) {
      setCurrent(host.getAttribute("data-ref"));
    }
  });
  document.addEventListener("click", function (event) {
    var warning = event.target instanceof Element ? event.target.closest(".warnings li[data-item]") : null;
    if (warning && byRef[warning.getAttribute("data-item")]) { goTo(warning.getAttribute("data-item")); }
  });
  document.addEventListener("keydown", function (event) {
    if (!S.reviewing || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) { return; }
    var key = (event.key || "").toLowerCase();
    if (key === "n") { next(); } else if (key === "c") { act(current, "confirm"); }
    else if (key === "w") { act(current, "reject"); } else if (key === "e" && current) { edit(current); }
    else { return; }
    event.preventDefault();
  });
"""
"""Review mode: the per-item controls, the queue, selections, localStorage and the export.
It reads every vocabulary (format, kinds, statuses, fields, caveat kinds) from the page's
JSON data block, never from itself."""

SCRIPT = _BASE_SCRIPT.replace("  REVIEW_MODE\n", _REVIEW_SCRIPT.lstrip("\n"))
"""The page's one script: links between the brief and the article, then review mode."""


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
<header class="top">
<button type="button" class="rv-toggle" id="rv-toggle" aria-pressed="false" hidden>Review mode</button>
<h1>{title}</h1><p class="legend">{legend}</p></header>
<main>
<section class="pane brief" aria-label="Summary">
<section class="rv-panel" id="rv-panel" aria-label="Review" hidden>
<h2>Review</h2>
<p><label>Reviewer <input type="text" id="rv-reviewer" autocomplete="name" placeholder="your name"></label>
<button type="button" id="rv-export">Export reviewed file</button></p>
<p class="meta" id="rv-progress"></p>
<p class="meta" id="rv-storage"></p>
<p class="meta">Keys: <kbd>n</kbd> next in the queue, <kbd>c</kbd> confirm, <kbd>w</kbd> mark wrong, <kbd>e</kbd> edit.
To add what the summary missed, select its words in the article.</p>
<h3>Needs a look</h3>
<ol class="rv-queue" id="rv-queue"></ol>
<h3>Added by the editor</h3>
<p class="empty" id="rv-added-none">Nothing added yet.</p>
<ul class="rv-added" id="rv-added"></ul>
</section>
{brief}
</section>
<section class="pane article" aria-label="Article text">
<h2>Article text</h2>
<p class="source-note">{note}</p>
<div class="rv-select" id="rv-select" hidden><p id="rv-selected"></p>{add_buttons}</div>
<div class="text" id="article-text">{article}</div>
</section>
</main>
<script type="application/json" id="{data_id}">{data}</script>
<script>{script}</script>
</body>
</html>
"""
"""The page skeleton; every value formatted into it is already HTML-escaped (``data``: JSON
escaped for a script element by :func:`summarizer.render.html.embed_json`). The review
panel, toggle and selection bar stay hidden until the script shows them."""
