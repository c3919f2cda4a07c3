"""Make the Great Expectations Data Docs open offline (an intranet, a file share, ``make docs``).

GX 1.x pages load jQuery, Bootstrap, bootstrap-table, Font Awesome and Vega from CDNs; without
them the pages are unstyled and the index tables, which bootstrap-table fills from a JavaScript
array, stay empty. After each build every page is rewritten in place: the CDN ``<script>`` and
``<link>`` tags and remote images are removed, a small inline stylesheet takes Bootstrap's place,
and a small inline script stands in for jQuery: ``$(…).bootstrapTable({columns, data})`` renders
a plain HTML table (each row linked to its validation page), every other jQuery call is a no-op.
Nothing is fetched; the validation pages themselves are static HTML already.
"""

from __future__ import annotations

import re
from pathlib import Path

_REMOTE_SCRIPT = re.compile(
    r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.IGNORECASE
)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=[\"']https?://[^\"']*[\"'][^>]*>", re.IGNORECASE)
_REMOTE_IMG = re.compile(r"<img[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>", re.IGNORECASE)
MARK = "<!-- nianbao: offline -->"

STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0 16px;
       font-size: 14px; color: #222; }
.container-fluid, .row, .col-12, .col-md-2, .col-md-10 { display: block; width: auto; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
.collapse:not(.show), .modal, .ge-cta-footer, #ge-cta-footer, .sticky { display: none; }
.text-danger, .ge-failed-icon { color: #b22222; }
.text-success { color: #2e7d32; }
.fa-times::before { content: "\\2717 "; } .fa-check-circle::before { content: "\\2713 "; }
.cooltip .top { display: none; }
.alert { border: 1px solid #ccc; padding: 6px; margin: 6px 0; }
</style>"""

SHIM = """<script>
(function () {
  function cell(value) { return value === undefined || value === null ? "" : String(value); }
  function render(el, opts) {
    if (!el || !opts || !opts.columns || !opts.data) { return; }
    var head = "<thead><tr>" + opts.columns.map(function (c) {
      return "<th>" + cell(c.title) + "</th>"; }).join("") + "</tr></thead>";
    var body = "<tbody>" + opts.data.map(function (row) {
      var link = row._table_row_link_path;
      return "<tr>" + opts.columns.map(function (c, i) {
        var text = cell(row[c.field]);
        if (i === 0 && link) { text = '<a href="' + link + '">' + (text || "\\u67e5\\u770b") + "</a>"; }
        return "<td>" + text + "</td>"; }).join("") + "</tr>"; }).join("") + "</tbody>";
    el.innerHTML = head + body;
  }
  function wrap(target) {
    var els = typeof target === "string" ? Array.prototype.slice.call(
      document.querySelectorAll(target.charAt(0) === "#" ? target : target)) : [target];
    var api = new Proxy({}, { get: function (_, name) {
      if (name === "bootstrapTable") {
        return function (opts) { els.forEach(function (el) { render(el, opts); }); return api; };
      }
      if (name === "ready") {
        return function (fn) { document.addEventListener("DOMContentLoaded", fn); return api; };
      }
      return function () { return api; };
    } });
    return api;
  }
  window.$ = window.jQuery = function (target) {
    if (typeof target === "function") { document.addEventListener("DOMContentLoaded", target); return; }
    try { return wrap(target); } catch (e) { return wrap([]); }
  };
})();
</script>"""


def make_offline(html: str) -> str:
    """One page without remote assets, with the stand-in style and script (idempotent)."""
    if MARK in html:
        return html
    html = _REMOTE_SCRIPT.sub("", html)
    html = _REMOTE_LINK.sub("", html)
    html = _REMOTE_IMG.sub("", html)
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    insert = f'{MARK}\n<meta charset="utf-8">\n{STYLE}\n{SHIM}\n'
    if head is None:
        return insert + html
    return html[: head.end()] + insert + html[head.end() :]


def make_site_offline(folder: Path) -> int:
    """Rewrite every page of a Data Docs site in place; return how many pages changed."""
    changed = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        offline = make_offline(text)
        if offline != text:
            page.write_text(offline, encoding="utf-8")
            changed += 1
    return changed
