"""Reports degraded the ways real publishing degrades a table, to prove the extractor never lands
a wrong number: it may leave a cell out (with a note), it must not guess.

Each degradation is a named class (:data:`DEGRADATIONS`); any set of them renders one
:class:`~corpus.truth.ReportTruth` as text (UTF-8 bytes, ``.txt`` or ``.md``), deterministically
from a seed:

- ``lost_separators``: crawler text (devset 004) or PDF text where the space between two adjacent
  cells is lost at random boundaries (``3 0 0 0 0 0 3`` → ``30 0 0 0 03``), and some whole rows
  run together (``7130000074``).
- ``dropped_blanks``: blank cells printed empty and then dropped by a text exporter (pdftotext
  without ``-layout``, copy-paste from a PDF): a row prints fewer numbers than columns and nothing
  says which were blank.
- ``detached_labels``: PDF-to-markdown output (devset 012): blocks of label lines and blocks of
  number-only pipe rows, each in template order but interleaved irregularly, some labels split in
  two across lines (``（一）予`` / ``以公开``).
- ``generic_headers``: OCR / reformatting tools printing each table row as its own pipe table
  whose header names no column (``| 项目 | 数据1 | … | 数据6 | 总计 |``).
- ``worded_changes``: 2019 第二十条 本年增/减 printed ``+3``, ``-5``, ``减7``, ``增3``, and glued to its
  neighbour (``20减7``).
- ``fullwidth_marks``: blank cells printed as ``／``, ``－``, ``—`` or ``无``: ``value`` null, ``text``
  the mark character for character.

The truth's own wording flags (thousands separators, full-width digits, no 总计 column, bare
disputes row, …) and, in some reports, publisher arithmetic slips (:class:`~corpus.truth.Slip`)
come along: a slip is printed as it is, and the extractor must not "repair" it.

``python -m corpus.degrade --seed N`` prints report ``N`` of :func:`random_degraded`, and what
the extractor read wrong or left out of it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from corpus.render.document import Heading, Para, ReportDoc, Table, TCell, build, number_text
from corpus.render.markdown import pipe_table
from corpus.render.text import cell_per_line_lines, crawler_head, tsv_lines
from corpus.truth import SLIP_RULES, Key, Options, ReportTruth, generate_truth
from extract.model import Extraction
from extract.scoring import CellVerdicts, Expected, classify_cells

DEGRADATIONS: tuple[str, ...] = (
    "lost_separators",
    "dropped_blanks",
    "detached_labels",
    "generic_headers",
    "worded_changes",
    "fullwidth_marks",
)

#: Text layouts a degraded report is laid out in; the last four lose something on their own.
LAYOUTS = ("tsv", "cell_per_line", "pipe", "pdftext", "crawler", "detached", "generic")
_BLANK_SHOWING = ("tsv", "cell_per_line", "pipe", "detached", "generic")
_MARKDOWN = ("pipe", "detached", "generic")

#: Marks a blank cell is printed as by publishers who type full-width (not numbers, not zero).
FULLWIDTH_MARKS = ("／", "－", "—", "无")

_CAPTIONS = {
    "proactive": "表二：主动公开政府信息情况",
    "requests": "表三：收到和处理政府信息公开申请情况",
    "disputes": "表四：政府信息公开行政复议、行政诉讼情况",
}


@dataclass(slots=True)
class Degraded:
    """One degraded report: what it was made from, how, the bytes, and what each cell prints.

    ``printed`` is every statutory cell's text as printed (before separators are lost or blanks
    dropped): the extractor's ``text`` must repeat it for blanks and marks. ``effects`` counts
    what each degradation actually did (lost boundaries, dropped blanks, …), so a test can show
    a class is not a no-op."""

    truth: ReportTruth
    classes: frozenset[str]
    layout: str
    seed: int
    data: bytes
    printed: dict[Key, str]
    effects: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return f"degraded-{self.seed}{'.md' if self.layout in _MARKDOWN else '.txt'}"

    def expected(self) -> dict[Key, Expected]:
        """The expectation :func:`extract.scoring.classify_cells` checks an extraction against."""
        return {k: Expected(v, self.printed[k]) for k, v in self.truth.cells.items()}

    def verdicts(self, extraction: Extraction) -> CellVerdicts:
        return classify_cells(self.expected(), extraction)


# ----------------------------------------------------------------------------- printed cells


def _printed(
    truth: ReportTruth, classes: frozenset[str], rng: random.Random, effects: Counter[str]
) -> tuple[dict[Key, str], set[Key]]:
    """Each cell's printed text, and the cells glued to their left neighbour (``20减7``)."""
    printed = {k: number_text(v, truth, k[2]) for k, v in truth.cells.items()}
    glued: set[Key] = set()
    if "fullwidth_marks" in classes:
        for k in truth.blanks:
            printed[k] = rng.choice(FULLWIDTH_MARKS)
            effects["marks"] += 1
    if "worded_changes" in classes and truth.template == "2019":
        style = rng.choice(("signed", "worded", "mixed"))
        full = truth.wording.fullwidth_digits
        for k, v in sorted(truth.cells.items()):
            if k[2] != "change" or not isinstance(v, int) or v == 0:
                continue
            digits = number_text(abs(v), truth, k[2])
            how = rng.choice(("signed", "worded")) if style == "mixed" else style
            if how == "signed":
                sign = ("＋" if full else "+") if v > 0 else ("－" if full else "-")
            else:
                sign = "增" if v > 0 else "减"
            printed[k] = sign + digits
            effects["worded_changes"] += 1
            if how == "worded" and rng.random() < 0.5:
                glued.add(k)
    return printed, glued


def _substitute(doc: ReportDoc, printed: dict[Key, str]) -> ReportDoc:
    """The document with every statutory cell showing its degraded printed text."""

    def table(t: Table) -> Table:
        rows = tuple(
            tuple(replace(c, text=printed[c.key]) if c.key in printed else c for c in row)
            for row in t.rows
        )
        return replace(t, rows=rows)

    blocks = tuple(table(b) if isinstance(b, Table) else b for b in doc.blocks)
    return replace(doc, blocks=blocks)


# ----------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Ctx:
    """What the row-level degradations need while one report is laid out."""

    rng: random.Random
    classes: frozenset[str]
    drop_blanks: bool
    glued: set[Key]
    effects: Counter[str]


def _chunks(row: tuple[TCell, ...], ctx: _Ctx) -> list[str]:
    """The numbers of one row as printed pieces: blanks dropped, changes glued, separators lost."""
    out: list[str] = []
    for cell in row:
        if cell.key is None:
            continue
        if cell.text == "" and ctx.drop_blanks:
            ctx.effects["dropped_blanks"] += 1
            continue
        if out and cell.key in ctx.glued:
            out[-1] += cell.text
            ctx.effects["glued"] += 1
            continue
        out.append(cell.text)
    if "lost_separators" in ctx.classes and len(out) > 1:
        if ctx.rng.random() < 0.25:  # the whole row runs together (crawler)
            ctx.effects["lost_separators"] += len(out) - 1
            ctx.effects["rows_run_together"] += 1
            return ["".join(out)]
        p = ctx.rng.uniform(0.15, 0.5)
        merged = [out[0]]
        for text in out[1:]:
            if ctx.rng.random() < p:
                merged[-1] += text
                ctx.effects["lost_separators"] += 1
            else:
                merged.append(text)
        return merged
    return out


def _labels(row: tuple[TCell, ...]) -> list[str]:
    return [c.text for c in row if c.key is None and c.text]


# ----------------------------------------------------------------------------- layouts


def _pipe_md(doc: ReportDoc, rng: random.Random) -> list[str]:
    """Pipe tables as a converter writes them: header row, rule, the rest; blanks as ``|  |``."""
    lines = [f"# {' '.join(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {block.text}", ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        else:
            lines += [*pipe_table(block.word_rows()), ""]
    return [*lines, *doc.signature]


def _wrap(text: str, rng: random.Random) -> tuple[str, str]:
    """Where a PDF line breaks a label: anywhere past its opening, mid-word."""
    k = rng.randint(min(len(text) - 1, max(2, len(text) // 3)), len(text) - 1)
    return text[:k], text[k:]


def _pdftext(doc: ReportDoc, ctx: _Ctx) -> list[str]:
    """Text pulled out of a PDF (sample 002): ``label n n n`` per row, long labels wrapped,
    merged stub labels on lines of their own, page-number lines; empty cells vanish."""
    rng = ctx.rng
    width = rng.choice((24, 28, 32))
    lines = ["", *doc.title, ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        elif isinstance(block, Para):
            text = block.text
            while len(text) > 36:
                lines.append(text[:36])
                text = text[36:]
            lines += [text, ""]
        else:
            for row in block.rows:
                texts: list[str] = []
                for cell in row:
                    if cell.key is not None or not cell.text:
                        continue
                    if block.name == "requests" and cell.rowspan > 1:  # merged stub label
                        head, tail = (
                            _wrap(cell.text, rng) if len(cell.text) > 5 else (cell.text, "")
                        )
                        lines += [head, ""] + ([tail] if tail else [])
                        continue
                    texts.append(cell.text)
                if texts and len(texts[0]) > width:
                    head, texts[0] = _wrap(texts[0], rng)
                    lines += [head, ""]
                line = " ".join([*texts, *_chunks(row, ctx)])
                lines += [line, ""] if line else []
    out: list[str] = []
    every = rng.choice((40, 55, 70))
    style = rng.choice(("- {} -", "— {} —"))
    for i, line in enumerate([*lines, *doc.signature], 1):
        out.append(line)
        if i % every == 0:
            out += [style.format(i // every), ""]
    return out


def _crawler(doc: ReportDoc, ctx: _Ctx, truth: ReportTruth) -> list[str]:
    """A crawler's saved page (devset 004): header lines, then the whole body on one line."""
    rng = ctx.rng
    head = crawler_head(doc, rng, truth)
    parts: list[str] = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            parts.append(block.text)
            continue
        for row in block.rows:
            labels = _labels(row)
            numbers = " ".join(_chunks(row, ctx))
            text = (" " if rng.random() < 0.5 else "").join(labels)
            joiner = " " if labels and numbers and rng.random() < 0.6 else ""
            parts.append(text + joiner + numbers)
    body = ""
    for part in parts:
        if part:
            body += part if rng.random() < 0.5 else " " + part
    return [*head, body.strip(), *doc.signature]


def _detached(doc: ReportDoc, ctx: _Ctx) -> list[str]:
    """A PDF-to-markdown converter (devset 012): label lines and number-only pipe rows, each in
    template order, interleaved in irregular blocks; some labels split over two lines."""
    rng = ctx.rng
    lines = [f"# {' '.join(doc.title)}", ""]
    page = rng.randint(1, 3)
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [block.text if rng.random() < 0.5 else f"## {block.text}", ""]
            continue
        if isinstance(block, Para):
            lines += [block.text, ""]
            continue
        # one label unit per number row, header lines riding with the unit after them, so a
        # block of n labels names n number rows (when the converter kept them in step)
        labels: list[list[str]] = []
        numbers: list[list[str]] = []
        pending: list[str] = []
        for row in block.rows:
            for text in _labels(row):
                if len(text) > 3 and rng.random() < 0.3:
                    pending += _wrap(text, rng)
                    ctx.effects["split_labels"] += 1
                else:
                    pending.append(text)
            if any(c.key is not None for c in row):
                labels.append(pending)
                pending = []
                numbers.append(_chunks(row, ctx))
        if pending:
            labels.append(pending)
        matched = rng.random() < 0.5  # 3 labels then their 3 rows … or blocks of any size
        while labels or numbers:
            a = rng.randint(1, 6)
            b = a if matched else rng.randint(1, 6)
            for unit in labels[:a]:
                lines += unit
            labels = labels[a:]
            chunk, numbers = numbers[:b], numbers[b:]
            if chunk:
                ctx.effects["detached_blocks"] += 1
                if rng.random() < 0.15:
                    page += 1
                    lines += ["", f"— {page} —", f"## {_CAPTIONS[block.name]}"]
                lines += pipe_table(chunk)
                lines.append("")
        lines.append("")
    return [*lines, *doc.signature]


def _generic(doc: ReportDoc, ctx: _Ctx) -> list[str]:
    """OCR / reformatting tools: every table row its own pipe table under a header that names
    no column (``| 项目 | 数据1 | … | 数据6 | 总计 |``); the template's columns in template order."""
    lines = [f"# {' '.join(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {block.text}", ""]
            continue
        if isinstance(block, Para):
            lines += [block.text, ""]
            continue
        for row in block.rows:
            keys = [c.key for c in row if c.key is not None]
            if not keys:
                # 第二十条第（一）项 names the rows below; header rows naming columns are gone
                text = " ".join(_labels(row))
                if block.name == "proactive" and text.startswith("第二十条"):
                    lines += [text, ""]
                continue
            header = ["项目", *(f"数据{i}" for i in range(1, len(keys) + 1))]
            if block.name == "requests" and keys[-1][2] == "total":
                header[-1] = "总计"
            ctx.effects["generic_tables"] += 1
            label = " ".join(_labels(row))
            lines += [*pipe_table([header, [label, *_chunks(row, ctx)]]), ""]
    return [*lines, *doc.signature]


# ----------------------------------------------------------------------------- entry points


def _layout(classes: frozenset[str], has_empty: bool, rng: random.Random) -> str:
    """The layout the classes call for; without one, any layout that shows what is printed."""
    if "generic_headers" in classes:
        return "generic"
    if "detached_labels" in classes:
        return "detached"
    if "lost_separators" in classes or "dropped_blanks" in classes:
        return rng.choice(("crawler", "crawler", "pdftext"))
    options = [*_BLANK_SHOWING[:3], *(() if has_empty else ("pdftext", "crawler"))]
    return rng.choice(options)


def degrade_report(
    truth: ReportTruth, classes: frozenset[str], seed: int, layout: str | None = None
) -> Degraded:
    """``truth`` rendered through ``classes`` (and ``layout``, default: as the classes call for).

    A layout that cannot show empty cells (PDF text, crawler) drops them whether or not
    ``dropped_blanks`` was asked for: that is what such text does."""
    unknown = set(classes) - set(DEGRADATIONS)
    if unknown:
        raise ValueError(f"unknown degradations {sorted(unknown)}; expected some of {DEGRADATIONS}")
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    rng = random.Random(f"degrade:{seed}")
    effects: Counter[str] = Counter()
    printed, glued = _printed(truth, classes, rng, effects)
    has_empty = any(printed[k] == "" for k in truth.blanks)
    layout = layout or _layout(classes, has_empty, rng)
    drop = "dropped_blanks" in classes or layout in ("pdftext", "crawler")
    if layout in ("tsv", "cell_per_line", "pipe"):
        glued = set()  # a grid keeps every cell in its own field
    ctx = _Ctx(rng, classes, drop, glued, effects)
    doc = _substitute(build(truth), printed)
    if layout == "tsv":
        lines = tsv_lines(doc, rng)
    elif layout == "cell_per_line":
        lines = cell_per_line_lines(doc, rng, rng.choice(("  ", "\t")), row_gap=True)
    elif layout == "pipe":
        lines = _pipe_md(doc, rng)
    elif layout == "pdftext":
        lines = _pdftext(doc, ctx)
    elif layout == "crawler":
        lines = _crawler(doc, ctx, truth)
    elif layout == "detached":
        lines = _detached(doc, ctx)
    else:
        lines = _generic(doc, ctx)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return Degraded(truth, frozenset(classes), layout, seed, data, printed, effects)


def degrade(truth: ReportTruth, classes: frozenset[str], seed: int) -> bytes:
    """The report of ``truth`` degraded by ``classes``, as UTF-8 text (same seed, same bytes)."""
    return degrade_report(truth, classes, seed).data


def random_classes(rng: random.Random) -> frozenset[str]:
    """A random combination: none (~10%), one, or several; at most one markdown layout class."""
    if rng.random() < 0.1:
        return frozenset()
    picked = {c for c in DEGRADATIONS if rng.random() < 0.3}
    if not picked:
        picked = {rng.choice(DEGRADATIONS)}
    if {"detached_labels", "generic_headers"} <= picked:
        picked.discard(rng.choice(("detached_labels", "generic_headers")))
    return frozenset(picked)


def random_degraded_report(seed: int) -> Degraded:
    """Report ``seed``: a generated truth (blanks and slips in a fair share of reports, the 2019
    template whenever changes are worded) through a random combination of degradations."""
    rng = random.Random(f"degraded:{seed}")
    classes = random_classes(rng)
    year = rng.choice((2019, 2020)) if "worded_changes" in classes else None
    wants_blanks = classes & {"dropped_blanks", "fullwidth_marks"} or rng.random() < 0.25
    slips = (rng.choice(sorted(SLIP_RULES)),) if rng.random() < 0.15 else ()
    truth = generate_truth(
        seed, Options(year=year, blanks=rng.randint(1, 12) if wants_blanks else 0, slips=slips)
    )
    if "dropped_blanks" in classes or "fullwidth_marks" in classes:
        mark = ""  # printed empty (fullwidth_marks prints its own marks)
    elif truth.blanks and "lost_separators" in classes:
        mark = rng.choice(("/", "—", "-", "无"))  # crawler text keeps only marked blanks
    else:
        mark = truth.wording.blank_mark
    truth.wording = replace(truth.wording, blank_mark=mark)
    return degrade_report(truth, classes, seed)


def random_degraded(seed: int) -> tuple[ReportTruth, frozenset[str], str, bytes]:
    """``(truth, classes, name, bytes)`` of report ``seed`` (see :func:`random_degraded_report`)."""
    d = random_degraded_report(seed)
    return d.truth, d.classes, d.name, d.data


# ----------------------------------------------------------------------------- coverage


@dataclass(slots=True)
class _Row:
    reports: int = 0
    right: int = 0
    left_out: int = 0
    wrong: int = 0
    rejected: int = 0

    def add(self, v: CellVerdicts, rejected: bool) -> None:
        self.reports += 1
        self.right += len(v.right)
        self.left_out += len(v.left_out)
        self.wrong += len(v.wrong)
        self.rejected += rejected

    @property
    def share(self) -> float:
        """Right over every cell judged (wrong ones included)."""
        cells = self.right + self.left_out + self.wrong
        return self.right / cells if cells else 0.0


@dataclass(frozen=True, slots=True)
class WrongSeen:
    """One wrong cell with what a developer needs to reproduce it."""

    seed: int
    classes: frozenset[str]
    layout: str
    cell: str

    def __str__(self) -> str:
        names = "+".join(sorted(self.classes)) or "none"
        return f"seed {self.seed} [{names}; {self.layout}] {self.cell}"


@dataclass(slots=True)
class Coverage:
    """Right / left out / wrong per degradation class over many reports (a report counts in the
    row of each of its classes; ``slips`` and ``all`` rows too)."""

    rows: dict[str, _Row] = field(default_factory=dict)
    wrong: list[WrongSeen] = field(default_factory=list)

    def add(self, d: Degraded, extraction: Extraction) -> CellVerdicts:
        v = d.verdicts(extraction)
        names = sorted(d.classes) or ["none"]
        if d.truth.slips:
            names.append("slips")
        rejected = extraction.status != "ok"
        for name in [*names, f"layout:{d.layout}", "all"]:
            self.rows.setdefault(name, _Row()).add(v, rejected)
        self.wrong += [WrongSeen(d.seed, d.classes, d.layout, str(w)) for w in v.wrong]
        return v

    @property
    def total_wrong(self) -> int:
        return self.rows["all"].wrong if "all" in self.rows else 0

    def table(self) -> str:
        order = [*DEGRADATIONS, "none", "slips"]
        names = [n for n in order if n in self.rows]
        names += sorted(n for n in self.rows if n.startswith("layout:"))
        names += ["all"] if "all" in self.rows else []
        head = f"{'class':22s} {'reports':>7s} {'right':>8s} {'left out':>8s} {'wrong':>6s} {'read':>6s} {'rejected':>8s}"
        out = [head, "-" * len(head)]
        for n in names:
            r = self.rows[n]
            out.append(
                f"{n:22s} {r.reports:7d} {r.right:8d} {r.left_out:8d} {r.wrong:6d}"
                f" {r.share:6.1%} {r.rejected:8d}"
            )
        return "\n".join(out)

    def wrong_by_class(self, per_class: int = 3) -> str:
        """Wrong cells grouped by class combination, a few reproducible seeds each."""
        groups: dict[str, list[WrongSeen]] = {}
        for w in self.wrong:
            groups.setdefault("+".join(sorted(w.classes)) or "none", []).append(w)
        lines = []
        for name, ws in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            seeds = sorted({w.seed for w in ws})
            lines.append(f"{name}: {len(ws)} wrong cells in {len(seeds)} reports")
            lines += [f"    {w}" for w in ws[:per_class]]
        return "\n".join(lines)


def run(seeds: range, extract: Callable[[bytes, str], Extraction] | None = None) -> Coverage:
    """Generate, extract and classify every report of ``seeds``."""
    if extract is None:
        from extract.api import extract_bytes as extract
    cov = Coverage()
    for seed in seeds:
        d = random_degraded_report(seed)
        cov.add(d, extract(d.data, d.name))
    return cov


# ----------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.degrade", description=__doc__)
    parser.add_argument("--seed", type=int, required=True, help="report seed (as the test prints)")
    parser.add_argument(
        "--classes", help="comma-separated classes instead of the seed's own (e.g. lost_separators)"
    )
    parser.add_argument("--no-text", action="store_true", help="print only the differences")
    args = parser.parse_args(argv)
    d = random_degraded_report(args.seed)
    if args.classes is not None:
        classes = frozenset(c for c in args.classes.split(",") if c)
        d = degrade_report(d.truth, classes, args.seed)
    from extract.api import extract_bytes

    ex = extract_bytes(d.data, d.name)
    v = d.verdicts(ex)
    t = d.truth
    print(f"# seed {d.seed}: {d.name}, classes {sorted(d.classes) or ['none']}, layout {d.layout}")
    print(f"# template {t.template}, blanks {len(t.blanks)}, slips {[s.kind for s in t.slips]}")
    print(f"# wording {t.wording}")
    print(f"# effects {dict(d.effects)}")
    if not args.no_text:
        print(d.data.decode("utf-8"))
    print(f"# status {ex.status} {ex.reason or ''}; notes: {ex.notes}")
    print(f"# right {len(v.right)}  left out {len(v.left_out)}  wrong {len(v.wrong)}")
    for w in v.wrong:
        print(f"WRONG    {w}")
    for k in v.left_out:
        print(f"left out {'/'.join(k)}: printed {d.printed[k]!r}")
    return 1 if v.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
