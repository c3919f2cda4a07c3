"""HTML pages: a real ``<table>`` with rowspan/colspan, as government sites publish reports.

Options mirror what saved pages show (devset 015): ``word_soup`` — Word-exported markup, each
label split over several ``<span>``/``<font>`` runs with ``&nbsp;`` in empty cells;
``chrome`` — site header, navigation, a 索引号/发布机构 info table, scripts and footer around the
article, sometimes a layout table the whole article is nested in; ``gbk`` — the page encoded GBK and declared with ``<meta charset="gbk">``.
"""

from __future__ import annotations

import random
from html import escape

from corpus.render.document import Heading, Para, ReportDoc, Table, TCell, build
from corpus.truth import ReportTruth

_CHROME_TOP = """<div class="header"><div class="logo">{site}</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年度报告</div>
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ var s = "2023"; }})();</script>
"""
_CHROME_BOTTOM = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="footer"><p>主办单位：{site}办公室　网站标识码：{code}</p>
<p>地址：{place}人民路1号　邮编：000000</p></div>
<script>document.getElementById("zoom").style.fontSize = "16px";</script>
"""


def _runs(text: str, rng: random.Random) -> str:
    """Word-exported markup: the text cut into runs, each in its own span/font."""
    if not text:
        return '<span style="font-family:宋体">&nbsp;</span>'
    pieces: list[str] = []
    i = 0
    while i < len(text):
        n = rng.randint(1, 8)
        pieces.append(text[i : i + n])
        i += n
    out = []
    for p in pieces:
        face = "Times New Roman" if p.strip().isdigit() else "仿宋_GB2312"
        run = f'<span style="font-family:{face}">{escape(p)}</span>'
        if rng.random() < 0.3:
            run = f'<font face="{face}">{run}</font>'
        out.append(run)
    return "".join(out)


def _cell(cell: TCell, rng: random.Random, soup: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if soup:
        body = f'<p class="MsoNormal" align="center" style="text-align:center">{_runs(cell.text, rng)}</p>'
        return f'<td width="{rng.randint(40, 120)}" valign="center"{attrs}>{body}</td>'
    return f"<td{attrs}>{escape(cell.text)}</td>"


def _table(table: Table, rng: random.Random, soup: bool) -> str:
    cls = (
        ' class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0"'
        if soup
        else ' border="1"'
    )
    rows = ["<tr>" + "".join(_cell(c, rng, soup) for c in row) + "</tr>" for row in table.rows]
    return f"<table{cls}><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _para(text: str, rng: random.Random, soup: bool, tag: str = "p") -> str:
    if soup:
        return f'<{tag} class="MsoNormal" style="text-indent:2em">{_runs(text, rng)}</{tag}>'
    return f"<{tag}>{escape(text)}</{tag}>"


def render_html(
    truth: ReportTruth, *, word_soup: bool = False, chrome: bool = False, gbk: bool = False
) -> bytes:
    """The report as an HTML page."""
    doc: ReportDoc = build(truth)
    rng = random.Random(truth.seed ^ 0x4711)
    charset = "gbk" if gbk else "utf-8"
    title = "".join(doc.title)
    body: list[str] = []
    site = f"{truth.region.county or truth.region.city}人民政府"
    if chrome:
        body.append(_CHROME_TOP.format(site=site))
        info = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in doc.meta)
        body.append(f'<table class="xxgk_info">{info}</table>')
    # older sites lay the page out with tables: the report's tables then sit inside one
    nested = chrome and rng.random() < 0.5
    if nested:
        body.append('<table class="layout" width="100%"><tr><td class="side">栏目导航</td><td>')
    body.append('<div class="article" id="zoom">')
    body.append(
        "".join(
            f"<h1>{escape(t)}</h1>" if i == 0 else f"<h2>{escape(t)}</h2>"
            for i, t in enumerate(doc.title)
        )
    )
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(_para(block.text, rng, word_soup, "h3" if not word_soup else "p"))
        elif isinstance(block, Para):
            body.append(_para(block.text, rng, word_soup))
        else:
            body.append(_table(block, rng, word_soup))
    for line in doc.signature:
        body.append(f'<p style="text-align:right">{escape(line)}</p>')
    body.append("</div>")
    if nested:
        body.append("</td></tr></table>")
    if chrome:
        body.append(
            _CHROME_BOTTOM.format(
                site=site,
                code=f"{truth.seed % 10**10:010d}",
                place=truth.region.county or truth.region.city,
            )
        )
    head = (
        f'<meta charset="{charset}">'
        if rng.random() < 0.5 or gbk
        else (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    )
    style = "<style>table{border-collapse:collapse} td{border:1px solid #000}</style>"
    page = (
        f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n<title>{escape(title)}</title>\n{style}\n"
        f"</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
    return page.encode("gbk" if gbk else "utf-8")
