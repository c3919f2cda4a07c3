"""A seeded random report with known numbers: the truth a rendered report must extract back to.

Every statutory cell of the report's template (keys from :mod:`extract.vocabulary`) gets a value
that satisfies the template's own sums — B-01 per column (本年新收 + 上年结转 = 办理结果总计 +
结转下年度), B-02 (总计 = sum of outcome rows), B-03 (总计 column = sum of the six applicants),
C-01 (disputes rows) — unless a :class:`Slip` was injected on purpose, which records the rules it
breaks. A blank cell (``None``) is printed empty; blanks only ever replace zeros, so the sums hold
whether a checker skips or zero-fills them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from corpus.regions import DEPARTMENTS, REGIONS, Agency, Region, government_name
from extract.vocabulary import APPLICANT_COLUMNS, DISPUTE_COLUMNS, DISPUTE_ROWS, request_rows

Key = tuple[str, str, str]
Value = int | Decimal | None

#: Slip kinds and the invariants each one breaks (and only those).
SLIP_RULES: dict[str, frozenset[str]] = {
    # one outcome row's 总计 typed wrong: its row sum (B-03) and the 总计 column's B-02 break
    "wrong_total": frozenset({"B-02", "B-03"}),
    # 结转下年度 of one applicant column off (with its 总计 kept in step): only B-01 breaks
    "column_unbalanced": frozenset({"B-01"}),
    # 办理结果总计 and 本年新收 both raised in one column: B-01 holds, B-02 breaks
    "result_total_off": frozenset({"B-02"}),
    # a disputes row's 总计 off by one
    "disputes_off_by_one": frozenset({"C-01"}),
}

#: Slips only a comparison with the previous year's report shows (the report itself balances).
YEAR_SLIP_RULES: dict[str, frozenset[str]] = {
    # 上年结转 not last year's 结转下年度 (with this year's 结转下年度 kept balanced): Y-01
    "carried_in_mismatch": frozenset({"Y-01"}),
}

#: Weights of the outcome rows (三（一）…（六）): most requests are granted or 不掌握.
_OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 30,
    "partial": 5,
    "deny_state_secret": 0.4,
    "deny_law_forbidden": 0.4,
    "deny_security_stability": 0.3,
    "deny_third_party": 1,
    "deny_internal_affairs": 1.5,
    "deny_process_info": 2,
    "deny_enforcement_file": 0.5,
    "deny_admin_query": 1,
    "unable_not_held": 25,
    "unable_needs_creation": 3,
    "unable_unclear": 2,
    "np_petition": 3,
    "np_duplicate": 3,
    "np_publication": 0.4,
    "np_mass_repeat": 0.6,
    "np_confirm_reissue": 0.6,
    "other": 11,
    "other_no_correction": 3,
    "other_fee_unpaid": 0.2,
    "other_other": 8,
}

#: Share of requests per applicant column (自然人 dominate).
_APPLICANT_WEIGHTS = {
    "natural_person": 1.0,
    "commercial": 0.15,
    "research": 0.01,
    "social_welfare": 0.02,
    "legal_services": 0.06,
    "other_org": 0.04,
}

#: How publishers print a blank cell: empty, or a mark that is not a number.
BLANK_MARKS = ("", "/", "—", "-", "无")

FIFTH_HEADINGS = (
    "五、存在的主要问题及改进情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
)


@dataclass(frozen=True, slots=True)
class Wording:
    """How the report words and shapes its tables: the variation real publishers show."""

    half_brackets: bool = False  # () instead of （）
    enumerator: str = "."  # 1. | 1、 | 1．
    straight_quotes: bool = False  # "三安全一稳定" instead of “三安全一稳定”
    social_org_short: bool = False  # 社会组织 for 社会公益组织
    fifth_heading: str = FIFTH_HEADINGS[0]
    no_total_column: bool = False  # requests table printed without the 总计 column
    disputes_bare: bool = False  # disputes printed as one bare row of 15 numbers, no header
    mixed_other_row: bool = False  # a 2021 report printing 2019's single （六）其他处理 row
    partial_note: bool = True  # （二）部分公开 followed by （区分处理的，只计这一情形…）
    fee_decimals: int = 0  # print fees padded to this many decimals (0: as the value needs)
    title_split: bool = False  # agency on one line, "2023年度政府信息公开年度报告" on the next
    year_first_title: bool = False  # "2025年上海市人民政府办公厅政府信息公开工作年度报告"
    blank_mark: str = ""  # how a blank cell is printed: "" or a mark ("/", "—", "-", "无")
    thousands: bool = False  # 1,295 rather than 1295
    no_headings: bool = False  # the six section headings left out (sample 002): S-03 finding
    fullwidth_digits: bool = False  # numbers in full-width digits (０１２) as some editors type


@dataclass(frozen=True, slots=True)
class Slip:
    """An arithmetic slip injected on purpose: which cell, by how much, which rules it breaks."""

    kind: str
    cells: tuple[Key, ...]
    delta: int
    rules: frozenset[str]


@dataclass(slots=True)
class ReportTruth:
    """One report's known content: metadata as printed, every cell, wording, injected slips."""

    seed: int
    agency: Agency
    agency_printed: str  # the agency name the title prints (a short name in some years)
    year: int
    template: str  # "2019" | "2021"
    published: date
    published_stated: bool  # whether the file states its date (signature line / 发文日期)
    index_no: str | None
    cells: dict[Key, Value]
    wording: Wording
    slips: tuple[Slip, ...] = ()
    blanks: tuple[Key, ...] = ()
    #: the seed the prose (正文) is written from: the report's own unless its prose was copied
    #: from another report (S-04), with this report's numbers and name
    prose_seed: int | None = None
    #: added to the 收到申请 count the prose states: a narrative that disagrees with its table
    #: (X-01); 0 for every report written honestly
    narrative_slip: int = 0

    @property
    def region(self) -> Region:
        return self.agency.region

    @property
    def late(self) -> bool:
        """Published after the deadline (T-01): 31 Jan for departments, 31 Mar for governments."""
        month = 3 if self.agency.kind == "government" else 1
        deadline = date(self.year + 1, month, 31)
        return self.published > deadline

    @property
    def broken_rules(self) -> frozenset[str]:
        """The rules the injected slips are recorded to break."""
        out: set[str] = set()
        for s in self.slips:
            out |= s.rules
        return frozenset(out)

    @property
    def narrative_rules(self) -> frozenset[str]:
        """The rules the prose is planted to break: X-01 (a stated count off the table), S-04
        (prose copied from another report)."""
        planted = {"X-01": bool(self.narrative_slip), "S-04": self.prose_seed is not None}
        return frozenset(rule for rule, on in planted.items() if on)

    def request_row_keys(self) -> tuple[str, ...]:
        """Rows of the requests table as printed (a mixed report swaps （六） for the 2019 row)."""
        return _request_rows(self.template, self.wording.mixed_other_row)

    def request_columns(self) -> tuple[str, ...]:
        return APPLICANT_COLUMNS if self.wording.no_total_column else (*APPLICANT_COLUMNS, "total")


def template_for_year(year: int) -> str:
    """The national format a report of this year should follow (S-02)."""
    return "2019" if year <= 2020 else "2021"


def _request_rows(template: str, mixed: bool) -> tuple[str, ...]:
    rows = request_rows(template)
    if template == "2021" and mixed:
        i = rows.index("other_no_correction")
        rows = (*rows[:i], "other", *rows[i + 3 :])
    return rows


def outcome_rows_of(rows: tuple[str, ...]) -> tuple[str, ...]:
    """The outcome rows (三（一）…（六）) among printed request rows, per B-02."""
    return rows[rows.index("granted") : rows.index("result_total")]


# ----------------------------------------------------------------------------- numbers


def _count(rng: random.Random, mean: float) -> int:
    """A zero-heavy count with the given mean (a gamma draw floored: many zeros, a long tail)."""
    if mean <= 0:
        return 0
    shape = 0.5
    return int(rng.gammavariate(shape, mean / shape))


def _split(rng: random.Random, n: int, weights: dict[str, float], rows: tuple[str, ...]) -> dict:
    """Distribute ``n`` requests over ``rows`` by weight (multinomial)."""
    counts = Counter(rng.choices(rows, weights=[weights[r] for r in rows], k=n)) if n else {}
    return {r: counts.get(r, 0) for r in rows}


def _requests(
    rng: random.Random, scale: float, rows: tuple[str, ...], prev: dict[Key, Value] | None
) -> dict[Key, Value]:
    outcomes = outcome_rows_of(rows)
    cells: dict[Key, Value] = {}
    for col in APPLICANT_COLUMNS:
        mean = scale * _APPLICANT_WEIGHTS[col]
        new = _count(rng, mean)
        prev_out = prev.get(("requests", "carried_out", col)) if prev else None
        carried_in = prev_out if isinstance(prev_out, int) else _count(rng, mean / 10)
        available = new + carried_in
        carried_out = rng.randint(0, available // 6) if available else 0
        done = available - carried_out
        split = _split(rng, done, _OUTCOME_WEIGHTS, outcomes)
        cells[("requests", "new_received", col)] = new
        cells[("requests", "carried_in", col)] = carried_in
        for r, v in split.items():
            cells[("requests", r, col)] = v
        cells[("requests", "result_total", col)] = done
        cells[("requests", "carried_out", col)] = carried_out
    for r in rows:
        cells[("requests", r, "total")] = sum(cells[("requests", r, c)] for c in APPLICANT_COLUMNS)
    return cells


def _proactive_2019(
    rng: random.Random, scale: float, gov: bool, prev: dict[Key, Value] | None
) -> dict[Key, Value]:
    def prev_int(key: Key, default: int) -> int:
        v = prev.get(key) if prev else None
        return v if isinstance(v, int) else default

    c: dict[Key, Value] = {}
    for row, mean in (("rules", 1.5 if gov else 0.0), ("normative_docs", 2 + scale / 2)):
        made = _count(rng, mean)
        published = rng.randint(max(0, made - 1), made) if made else 0
        base = prev_int(("proactive", row, "total_published"), _count(rng, mean * 8))
        c[("proactive", row, "new_made")] = made
        c[("proactive", row, "new_published")] = published
        c[("proactive", row, "total_published")] = base + published
    for row, mean in (
        ("licensing", 40 * scale),
        ("other_services", 10 * scale),
        ("penalty", 20 * scale),
        ("coercion", 2 * scale),
        ("fees", 1.0),
    ):
        last = prev_int(("proactive", row, "prev_year_items"), _count(rng, mean / 5 + 1))
        last_change = prev.get(("proactive", row, "change")) if prev else None
        if isinstance(last_change, int):
            last = max(0, last + last_change)
        change = rng.randint(-min(last, 5), 5) if rng.random() < 0.4 else 0
        c[("proactive", row, "prev_year_items")] = last
        c[("proactive", row, "change")] = change
        if row != "fees":
            c[("proactive", row, "decisions")] = _count(rng, mean * 3)
    items = _count(rng, 2 + scale)
    c[("proactive", "procurement", "items")] = items
    amount = Decimal(rng.randint(100, 5_000_000)) / 100 if items else Decimal(0)
    c[("proactive", "procurement", "amount")] = amount
    return c


def _proactive_2021(
    rng: random.Random, scale: float, gov: bool, prev: dict[Key, Value] | None
) -> dict[Key, Value]:
    c: dict[Key, Value] = {}
    for row, mean in (("rules", 1.5 if gov else 0.0), ("normative_docs", 2 + scale / 2)):
        issued = _count(rng, mean)
        prev_force = prev.get(("proactive", row, "in_force")) if prev else None
        base = prev_force if isinstance(prev_force, int) else _count(rng, mean * 6)
        repealed = rng.randint(0, min(base, 3)) if base and rng.random() < 0.3 else 0
        c[("proactive", row, "issued")] = issued
        c[("proactive", row, "repealed")] = repealed
        c[("proactive", row, "in_force")] = base + issued - repealed
    for row, mean in (("licensing", 120 * scale), ("penalty", 60 * scale), ("coercion", 6 * scale)):
        c[("proactive", row, "decisions")] = _count(rng, mean)
    if rng.random() < 0.25:
        digits = rng.choice((1, 2, 4))
        fee = Decimal(rng.randint(1, 2_000_000)) / Decimal(10**4)
        fee = fee.quantize(Decimal(1).scaleb(-digits))
    else:
        fee = Decimal(0)
    c[("proactive", "fees", "amount_wan_yuan")] = fee
    return c


def _disputes(rng: random.Random, scale: float) -> dict[Key, Value]:
    c: dict[Key, Value] = {}
    for row, share in zip(DISPUTE_ROWS, (0.05, 0.02, 0.01), strict=True):
        total = _count(rng, scale * share)
        parts = _split(
            rng,
            total,
            {"upheld": 6, "corrected": 1, "other": 2, "pending": 1},
            DISPUTE_COLUMNS[:4],
        )
        for col, v in parts.items():
            c[("disputes", row, col)] = v
        c[("disputes", row, "total")] = total
    return c


def _normalise(value: Value) -> Value:
    """Decimals without exponent or trailing zeros (``Decimal('0')``, ``Decimal('12.5')``)."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return value


# ----------------------------------------------------------------------------- slips, blanks


def _inject(rng: random.Random, truth: ReportTruth, kind: str) -> Slip | None:
    """Change the cells so exactly ``SLIP_RULES[kind]`` break; None when the report can't host it."""
    cells = truth.cells
    rows = truth.request_row_keys()
    cols = list(APPLICANT_COLUMNS)
    rng.shuffle(cols)
    has_total = not truth.wording.no_total_column

    def present(keys: list[Key]) -> bool:
        return all(cells.get(k) is not None for k in keys)

    if kind == "carried_in_mismatch":
        for col in cols:
            keys = [("requests", r, col) for r in ("carried_in", "carried_out")]
            if has_total:
                keys += [("requests", r, "total") for r in ("carried_in", "carried_out")]
            if present(keys):
                delta = rng.randint(1, 3)
                for k in keys:
                    cells[k] += delta
                return Slip(kind, tuple(keys), delta, YEAR_SLIP_RULES[kind])
        return None
    if kind == "column_unbalanced":
        for col in cols:
            keys = [("requests", r, col) for r in ("new_received", "carried_in", "result_total")]
            target = [("requests", "carried_out", col)]
            if has_total:
                target.append(("requests", "carried_out", "total"))
            if present(keys + target):
                delta = rng.randint(1, 3)
                for k in target:
                    cells[k] += delta
                return Slip(kind, tuple(target), delta, SLIP_RULES[kind])
        return None
    if kind == "result_total_off":
        outcomes = outcome_rows_of(rows)
        for col in cols:
            keys = [("requests", r, col) for r in outcomes]
            target = [("requests", "result_total", col), ("requests", "new_received", col)]
            if has_total:
                target += [
                    ("requests", "result_total", "total"),
                    ("requests", "new_received", "total"),
                ]
            if present(keys + target):
                delta = rng.randint(1, 4)
                for k in target:
                    cells[k] += delta
                return Slip(kind, tuple(target), delta, SLIP_RULES[kind])
        return None
    if kind == "wrong_total":
        if not has_total:
            return None
        outcomes = list(outcome_rows_of(rows))
        column = [("requests", r, "total") for r in (*outcomes, "result_total")]
        if not present(column):
            return None
        rng.shuffle(outcomes)
        for row in outcomes:
            if present([("requests", row, c) for c in APPLICANT_COLUMNS]):
                key = ("requests", row, "total")
                delta = rng.choice((1, 2, 10)) if cells[key] == 0 else rng.choice((-1, 1, 10))
                cells[key] += delta
                return Slip(kind, (key,), delta, SLIP_RULES[kind])
        return None
    if kind == "disputes_off_by_one":
        row = rng.choice(DISPUTE_ROWS)
        keys = [("disputes", row, c) for c in DISPUTE_COLUMNS]
        if not present(keys):
            return None
        key = ("disputes", row, "total")
        delta = 1 if cells[key] == 0 or rng.random() < 0.5 else -1
        cells[key] += delta
        return Slip(kind, (key,), delta, SLIP_RULES[kind])
    known = sorted(SLIP_RULES) + sorted(YEAR_SLIP_RULES)
    raise ValueError(f"unknown slip kind {kind!r}; expected one of {known}")


def _blank(rng: random.Random, cells: dict[Key, Value], n: int) -> tuple[Key, ...]:
    """Blank ``n`` zero cells (sample 001 style: applicant cells, a fee, a 总计)."""
    zeros = sorted(k for k, v in cells.items() if v == 0 and k[0] != "disputes")
    picked = rng.sample(zeros, min(n, len(zeros)))
    for k in picked:
        cells[k] = None
    return tuple(sorted(picked))


# ----------------------------------------------------------------------------- the generator


def random_agency(rng: random.Random) -> Agency:
    """Any agency in one of the known regions (used when no agency is given)."""
    region = rng.choice(REGIONS)
    if rng.random() < 0.25:
        return Agency(
            f"gov-{region.county or region.city}",
            government_name(region),
            region,
            "government",
            rng.choice((8.0, 20.0, 60.0)),
        )
    dept, scale = rng.choice(DEPARTMENTS)
    place = region.county or region.city
    return Agency(f"{place}-{dept}", f"{place}{dept}", region, "department", scale)


def random_wording(rng: random.Random, template: str) -> Wording:
    """A random mix of the wording and layout variants real reports show."""
    return Wording(
        half_brackets=rng.random() < 0.35,
        enumerator=rng.choices((".", "、", "．"), weights=(6, 3, 1))[0],
        straight_quotes=rng.random() < 0.3,
        social_org_short=rng.random() < 0.25,
        fifth_heading=rng.choice(FIFTH_HEADINGS),
        no_total_column=rng.random() < 0.08,
        disputes_bare=rng.random() < 0.1,
        mixed_other_row=template == "2021" and rng.random() < 0.1,
        partial_note=rng.random() < 0.9,
        fee_decimals=rng.choices((0, 2, 4), weights=(6, 1, 2))[0],
        title_split=rng.random() < 0.1,
        year_first_title=rng.random() < 0.1,
        blank_mark=rng.choices(BLANK_MARKS, weights=(6, 2, 1, 1, 1))[0],
        thousands=rng.random() < 0.15,
        no_headings=rng.random() < 0.04,
        fullwidth_digits=rng.random() < 0.03,
    )


def publication_date(rng: random.Random, agency: Agency, year: int, late: bool) -> date:
    """A date in the publishing season; ``late`` puts it after the T-01 deadline."""
    month = 3 if agency.kind == "government" else 1
    deadline = date(year + 1, month, 31)
    if late:
        return deadline + timedelta(days=rng.randint(1, 120))
    return deadline - timedelta(days=rng.randint(0, 27))


@dataclass(frozen=True, slots=True)
class Options:
    """Knobs of :func:`generate_truth` (all optional; the seed decides the rest)."""

    agency: Agency | None = None
    agency_printed: str | None = None
    year: int | None = None
    template: str | None = None  # default: by year (laggards may keep 2019)
    wording: Wording | None = None
    slips: tuple[str, ...] | None = None  # None: random (~5%); () none
    blanks: int | None = None  # None: random (a few reports); 0 none
    late: bool | None = None
    published_stated: bool | None = None
    previous: ReportTruth | None = field(default=None, repr=False)  # chains Y-01 / Y-02


def _stream(seed: int, name: str) -> random.Random:
    """An independent random stream per concern, so fixing one option (a wording, the blanks)
    leaves every other draw of the same seed unchanged."""
    return random.Random(f"{seed}:{name}")


def generate_truth(seed: int, options: Options | None = None) -> ReportTruth:
    """A complete, consistent report truth from ``seed`` (same seed, same truth)."""
    o = options or Options()
    meta = _stream(seed, "meta")
    drawn_agency, drawn_year = random_agency(meta), meta.randint(2019, 2024)
    agency = o.agency or drawn_agency
    year = o.year if o.year is not None else drawn_year
    template = o.template or template_for_year(year)
    drawn_wording = random_wording(_stream(seed, "wording"), template)
    wording = o.wording or drawn_wording
    if template == "2019" and wording.mixed_other_row:
        wording = replace(wording, mixed_other_row=False)
    if wording.no_headings and wording.disputes_bare:
        # 15 bare numbers with neither heading 四 nor a header are no table anyone could name
        wording = replace(wording, disputes_bare=False)
    gov = agency.kind == "government"
    prev = o.previous.cells if o.previous and o.previous.template == template else None
    if o.previous and o.previous.template != template:
        # across the 2020→2021 break only carried_out → carried_in still chains
        prev = {k: v for k, v in o.previous.cells.items() if k[1] == "carried_out"}
    rng = _stream(seed, "numbers")
    scale = agency.scale * rng.uniform(0.6, 1.6)
    cells: dict[Key, Value] = {}
    if template == "2019":
        cells.update(_proactive_2019(rng, scale, gov, prev))
    else:
        cells.update(_proactive_2021(rng, scale, gov, prev))
    rows = _request_rows(template, wording.mixed_other_row)
    cells.update(_requests(_stream(seed, "requests"), scale, rows, prev))
    cells.update(_disputes(_stream(seed, "disputes"), scale))
    if wording.no_total_column:
        cells = {k: v for k, v in cells.items() if not (k[0] == "requests" and k[2] == "total")}
    cells = {k: _normalise(v) for k, v in cells.items()}
    pub = _stream(seed, "publication")
    drawn_late, drawn_stated = pub.random() < 0.05, pub.random() < 0.85
    late = o.late if o.late is not None else drawn_late
    index_no = (
        f"{pub.randint(10**8, 10**9 - 1):09d}/{year + 1}-{pub.randint(1, 999):05d}"
        if pub.random() < 0.4
        else None
    )
    truth = ReportTruth(
        seed=seed,
        agency=agency,
        agency_printed=o.agency_printed or agency.name,
        year=year,
        template=template,
        published=publication_date(pub, agency, year, late),
        published_stated=o.published_stated if o.published_stated is not None else drawn_stated,
        index_no=index_no,
        cells=cells,
        wording=wording,
    )
    blank_rng = _stream(seed, "blanks")
    drawn_blanks = blank_rng.randint(1, 12) if blank_rng.random() < 0.1 else 0
    n_blanks = o.blanks if o.blanks is not None else drawn_blanks
    if n_blanks:
        truth.blanks = _blank(blank_rng, cells, n_blanks)
    slip_rng = _stream(seed, "slips")
    drawn_kinds = (slip_rng.choice(sorted(SLIP_RULES)),) if slip_rng.random() < 0.05 else ()
    kinds = o.slips if o.slips is not None else drawn_kinds
    slips = []
    for kind in kinds:
        slip = _inject(slip_rng, truth, kind)
        if slip is not None:
            slips.append(slip)
    truth.slips = tuple(slips)
    return truth
