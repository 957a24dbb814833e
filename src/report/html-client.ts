// The HTML report's inline style and script. The script reads the findings from a JSON
// block (never executed, never parsed as HTML) and renders one page of rows at a time
// with createElement/textContent only, so a report of 100k findings never becomes one
// giant DOM and no text from a scanned repository is ever parsed as markup.
//
// Row arrays: the column order is that of findingRow in html.ts.

export const HTML_STYLE = String.raw`
:root { color-scheme: light dark; --fg: #1d2127; --muted: #5c6570; --bg: #fff; --line: #d8dde3; --head: #f2f4f7; --bar: #3a6fb0; --live: #b00020; }
@media (prefers-color-scheme: dark) { :root { --fg: #e4e7eb; --muted: #9aa4ae; --bg: #16191d; --line: #333a42; --head: #20252b; --bar: #6b9be0; --live: #ff6b7f; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 3rem; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
code { font: 12.5px ui-monospace, monospace; }
.lg-muted { color: var(--muted); }
#lg-figures { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; list-style: none; padding: 0; margin: .75rem 0; }
#lg-figures strong { font-size: 1.2rem; }
.lg-summary-grid { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.lg-counts { border-collapse: collapse; max-height: 20rem; }
.lg-counts caption, figcaption { text-align: left; font-weight: 600; margin-bottom: .25rem; }
.lg-counts th, .lg-counts td { border-bottom: 1px solid var(--line); padding: .15rem .6rem; text-align: left; }
.lg-counts td:last-child, .lg-counts td:nth-child(2) { text-align: right; }
#lg-by-rule td:nth-child(2) { text-align: left; }
figure { margin: 0; }
.lg-bar { fill: var(--bar); }
.lg-bar-count, .lg-bar-year { font-size: 10px; fill: var(--fg); }
#lg-controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
#lg-controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
#lg-controls input, #lg-controls select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); padding: .2rem .35rem; min-width: 9rem; }
#lg-controls input[aria-invalid="true"] { border-color: var(--live); }
.lg-pager { display: flex; gap: .75rem; align-items: center; margin: .5rem 0; }
#lg-table { border-collapse: collapse; width: 100%; }
#lg-table th, #lg-table td { padding: .2rem .5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
#lg-table thead th { background: var(--head); position: sticky; top: 0; }
#lg-table thead button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
#lg-table thead th[aria-sort="ascending"] button::after { content: " \25B2"; }
#lg-table thead th[aria-sort="descending"] button::after { content: " \25BC"; }
tr.lg-repo th { background: var(--head); font-size: 1rem; padding-top: .6rem; }
tr.lg-file th { font-family: ui-monospace, monospace; font-weight: 600; padding-left: 1.25rem; }
.lg-count { color: var(--muted); font-weight: normal; font-family: system-ui, sans-serif; margin-left: .5rem; }
td.lg-secret code { word-break: break-all; }
td.lg-message { max-width: 28rem; overflow-wrap: anywhere; }
td.lg-verification[data-status="live"] { color: var(--live); font-weight: 700; }
`;

export const HTML_SCRIPT = String.raw`
(function () {
  "use strict";
  var REPO = 0, FILE = 1, LOC = 2, LINE = 3, RULE = 4, SECRET = 5, CONF = 6, SEV = 7, VER = 8, VREASON = 9,
    COMMIT = 10, AUTHOR = 11, EMAIL = 12, DATE = 13, MSG = 14, FP = 15, DECODED = 16,
    // Computed here: a number per sort key (commit time; rule, confidence, severity and
    // verification ranks) and the lower-cased search text.
    TIME = 17, RULE_RANK = 18, CONF_RANK = 19, SEV_RANK = 20, VER_RANK = 21, HAY = 22;
  var PAGE = 200;
  var RANK = {
    conf: { high: 0, medium: 1, low: 2 },
    sev: { critical: 0, high: 1, medium: 2, low: 3, info: 4 },
    ver: { live: 0, unknown: 1, invalid: 2, "not-verifiable": 3, "": 4 }
  };
  var DATE_FILTER = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  function $(id) { return document.getElementById(id); }
  function rankOf(rank, v) { var r = rank[v]; return r === undefined ? 9 : r; }
  function distinct(col) {
    var seen = new Set();
    all.forEach(function (r) { seen.add(r[col]); });
    return Array.from(seen);
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var status = $("lg-status");
  var meta, all;
  try {
    meta = JSON.parse($("lg-meta").textContent);
    all = JSON.parse($("lg-data").textContent);
  } catch (err) {
    status.textContent = "The findings data could not be read: " + err;
    return;
  }
  // Sort keys as numbers, once: a sort of 100k rows then compares numbers only.
  var ruleNames = distinct(RULE).sort(cmp), ruleRank = new Map();
  ruleNames.forEach(function (name, i) { ruleRank.set(name, i); });
  all.forEach(function (r) {
    r[TIME] = r[DATE] ? Date.parse(r[DATE]) || 0 : 0;
    r[RULE_RANK] = ruleRank.get(r[RULE]);
    r[CONF_RANK] = rankOf(RANK.conf, r[CONF]);
    r[SEV_RANK] = rankOf(RANK.sev, r[SEV]);
    r[VER_RANK] = rankOf(RANK.ver, r[VER]);
  });
  var byLocation = all.slice().sort(function (a, b) { return cmp(a[REPO], b[REPO]) || cmp(a[FILE], b[FILE]) || a[LINE] - b[LINE]; });
  var RANK_COLUMN = { rule: RULE_RANK, confidence: CONF_RANK, severity: SEV_RANK, verification: VER_RANK };

  // Every order starts from location order and moves rows only by its own key, so ties
  // stay in location order: ranks by bucketing (linear), dates by a stable sort.
  function sortRows(key, desc) {
    if (key === "location") return desc ? byLocation.slice().reverse() : byLocation;
    if (key === "date") return byLocation.slice().sort(function (a, b) { return desc ? b[TIME] - a[TIME] : a[TIME] - b[TIME]; });
    var col = RANK_COLUMN[key], buckets = [], out = [];
    byLocation.forEach(function (r) { (buckets[r[col]] || (buckets[r[col]] = [])).push(r); });
    (desc ? buckets.reverse() : buckets).forEach(function (rows) { for (var i = 0; i < rows.length; i++) out.push(rows[i]); });
    return out;
  }
  // Newest commits first on the first click; every other key starts at its top rank.
  var FIRST_DESC = { date: true };
  var state = { rule: "", conf: "", ver: "", from: "", to: "", text: "", sort: "location", desc: false, page: 0 };
  var view = [], repoCounts = new Map(), fileCounts = new Map(), renders = 0;

  // Option values carry a "=" prefix so that "" can mean both "all" and "not verified".
  function fillSelect(id, values, label) {
    var s = $(id);
    values.forEach(function (v) {
      var o = el("option", "", label ? label(v) : v);
      o.value = "=" + v;
      s.appendChild(o);
    });
  }
  fillSelect("lg-f-rule", ruleNames);
  fillSelect("lg-f-confidence", distinct(CONF).sort(function (a, b) { return rankOf(RANK.conf, a) - rankOf(RANK.conf, b); }));
  fillSelect("lg-f-verification", distinct(VER).sort(function (a, b) { return rankOf(RANK.ver, a) - rankOf(RANK.ver, b); }),
    function (v) { return v || "not verified"; });

  function dateOk(value) { return value === "" || DATE_FILTER.test(value); }

  function matches(r) {
    if (state.rule && "=" + r[RULE] !== state.rule) return false;
    if (state.conf && "=" + r[CONF] !== state.conf) return false;
    if (state.ver && "=" + r[VER] !== state.ver) return false;
    if (state.from && !(r[DATE] && r[DATE].slice(0, state.from.length) >= state.from)) return false;
    if (state.to && !(r[DATE] && r[DATE].slice(0, state.to.length) <= state.to)) return false;
    if (state.text) {
      if (r[HAY] === undefined) r[HAY] = [r[REPO], r[FILE], r[RULE], r[AUTHOR], r[EMAIL], r[COMMIT], r[MSG]].join("\n").toLowerCase();
      if (r[HAY].indexOf(state.text) < 0) return false;
    }
    return true;
  }

  // Groups follow the sort: a repository, and a file within it, appear where their first
  // row in sort order does, and keep their rows together.
  function groupOrder(list) {
    var repos = new Map();
    list.forEach(function (r) {
      var files = repos.get(r[REPO]);
      if (!files) { files = new Map(); repos.set(r[REPO], files); }
      var rows = files.get(r[FILE]);
      if (!rows) { rows = []; files.set(r[FILE], rows); }
      rows.push(r);
    });
    var out = [];
    repoCounts = new Map();
    fileCounts = new Map();
    repos.forEach(function (files, repo) {
      var n = 0;
      files.forEach(function (rows, file) {
        n += rows.length;
        fileCounts.set(repo + "\u0000" + file, rows.length);
        for (var i = 0; i < rows.length; i++) out.push(rows[i]);
      });
      repoCounts.set(repo, n);
    });
    return out;
  }

  // All rows in the current sort order; a filter keeps that order, so only a new sort sorts.
  var sorted = [], sortedBy = "";
  function update() {
    var by = state.sort + ":" + state.desc;
    if (by !== sortedBy) {
      sorted = sortRows(state.sort, state.desc);
      sortedBy = by;
    }
    view = groupOrder(sorted.filter(matches));
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    render();
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function groupRow(cls, label, count, continued) {
    var tr = el("tr", cls), th = el("th", "", label);
    th.colSpan = 10;
    th.scope = "colgroup";
    th.appendChild(el("span", "lg-count", plural(count, "finding") + (continued ? " (continued)" : "")));
    tr.appendChild(th);
    return tr;
  }

  function cell(tr, cls, text, title) {
    var td = el("td", cls, text);
    if (title) td.title = title;
    tr.appendChild(td);
    return td;
  }

  function findingRow(r) {
    var tr = el("tr", "lg-finding");
    cell(tr, "lg-line", r[LOC] === "commit-message" ? "message" : String(r[LINE]));
    var rule = (meta.rules[r[RULE]] || "") + (r[DECODED] ? " (decoded from " + r[DECODED] + ")" : "");
    cell(tr, "lg-rule", r[RULE], rule);
    var secret = cell(tr, "lg-secret", undefined, "fingerprint " + r[FP]);
    secret.appendChild(el("code", "", r[SECRET]));
    cell(tr, "lg-confidence", r[CONF]);
    cell(tr, "lg-severity", r[SEV]);
    var v = cell(tr, "lg-verification", r[VER] || "\u2014", r[VREASON]);
    v.setAttribute("data-status", r[VER]);
    cell(tr, "lg-commit", r[COMMIT].slice(0, 12), r[COMMIT]);
    cell(tr, "lg-date", r[DATE].slice(0, 10), r[DATE]);
    cell(tr, "lg-author", r[AUTHOR], r[EMAIL]);
    cell(tr, "lg-message", r[MSG].split("\n")[0], r[MSG]);
    return tr;
  }

  function render() {
    var frag = document.createDocumentFragment();
    var start = state.page * PAGE, end = Math.min(view.length, start + PAGE);
    var repo = null, file = null;
    for (var i = start; i < end; i++) {
      var r = view[i];
      var cont = i === start && i > 0;
      if (r[REPO] !== repo) {
        repo = r[REPO];
        file = null;
        frag.appendChild(groupRow("lg-repo", repo, repoCounts.get(repo), cont && view[i - 1][REPO] === repo));
      }
      if (r[FILE] !== file) {
        file = r[FILE];
        var sameFile = cont && view[i - 1][REPO] === repo && view[i - 1][FILE] === file;
        frag.appendChild(groupRow("lg-file", file || "(commit message)", fileCounts.get(repo + "\u0000" + file), sameFile));
      }
      frag.appendChild(findingRow(r));
    }
    $("lg-rows").replaceChildren(frag);
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    status.textContent = view.length
      ? "Showing " + (start + 1) + "\u2013" + end + " of " + plural(view.length, "finding") +
        (view.length < all.length ? " (filtered from " + all.length + ")" : "")
      : "No findings match these filters" + (all.length ? " (" + plural(all.length, "finding") + " in the report)" : "");
    document.querySelectorAll(".lg-page").forEach(function (p) { p.textContent = "Page " + (state.page + 1) + " of " + pages; });
    document.querySelectorAll(".lg-prev").forEach(function (b) { b.disabled = state.page === 0; });
    document.querySelectorAll(".lg-next").forEach(function (b) { b.disabled = state.page >= pages - 1; });
    document.querySelectorAll("#lg-table thead th").forEach(function (th) {
      var b = th.querySelector("button");
      if (b && b.getAttribute("data-sort") === state.sort) th.setAttribute("aria-sort", state.desc ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    // For anything waiting on the page (tests, scripts): rows shown, and renders so far.
    $("lg-table").setAttribute("data-rendered", String(view.length));
    $("lg-table").setAttribute("data-renders", String(++renders));
  }

  function onSelect(id, key) {
    $(id).addEventListener("change", function (e) { state[key] = e.target.value; state.page = 0; update(); });
  }
  onSelect("lg-f-rule", "rule");
  onSelect("lg-f-confidence", "conf");
  onSelect("lg-f-verification", "ver");

  var timer = 0;
  function onText(id, key, valid) {
    var input = $(id);
    input.addEventListener("input", function () {
      var v = input.value.trim();
      var ok = valid ? valid(v) : true;
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      state[key] = ok ? (key === "text" ? v.toLowerCase() : v) : "";
      state.page = 0;
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
  }
  onText("lg-f-from", "from", dateOk);
  onText("lg-f-to", "to", dateOk);
  onText("lg-f-text", "text");
  $("lg-controls").addEventListener("submit", function (e) { e.preventDefault(); });

  document.querySelectorAll("#lg-table thead button").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-sort");
      if (state.sort === key) state.desc = !state.desc;
      else { state.sort = key; state.desc = !!FIRST_DESC[key]; }
      state.page = 0;
      update();
    });
  });
  document.querySelectorAll(".lg-prev").forEach(function (b) {
    b.addEventListener("click", function () { if (state.page > 0) { state.page--; render(); } });
  });
  document.querySelectorAll(".lg-next").forEach(function (b) {
    b.addEventListener("click", function () { if ((state.page + 1) * PAGE < view.length) { state.page++; render(); } });
  });

  update();
})();
`;
