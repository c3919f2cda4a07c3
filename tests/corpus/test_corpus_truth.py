"""Generated truths are consistent: every invariant holds unless a slip was injected, and a slip
breaks exactly the rules it records."""

from __future__ import annotations

import warnings
from dataclasses import replace
from decimal import Decimal

import pytest

from corpus.invariants import broken_rules, broken_year_rules
from corpus.regions import REGIONS
from corpus.truth import (
    SLIP_RULES,
    YEAR_SLIP_RULES,
    Options,
    Wording,
    generate_truth,
    template_for_year,
)
from extract.vocabulary import template_keys

SEEDS = range(600)


@pytest.mark.parametrize("seed", SEEDS[:400:7])
def test_clean_truth_breaks_nothing(seed: int) -> None:
    truth = generate_truth(seed, Options(slips=()))
    assert truth.slips == ()
    assert broken_rules(truth.cells) == frozenset()


def test_random_truths_break_exactly_their_recorded_rules() -> None:
    slipped = 0
    for seed in SEEDS:
        truth = generate_truth(seed)
        assert broken_rules(truth.cells) == truth.broken_rules, seed
        slipped += bool(truth.slips)
    assert 0 < slipped < len(SEEDS) * 0.15  # about 5% of reports carry a slip


@pytest.mark.parametrize("kind", sorted(SLIP_RULES))
def test_each_slip_breaks_exactly_its_rule(kind: str) -> None:
    hosted = 0
    for seed in range(150):
        truth = generate_truth(seed, Options(slips=(kind,)))
        if not truth.slips:  # e.g. wrong_total in a report without a 总计 column
            continue
        hosted += 1
        (slip,) = truth.slips
        assert slip.kind == kind and slip.rules == SLIP_RULES[kind]
        assert broken_rules(truth.cells) == SLIP_RULES[kind], (seed, slip)
        clean = generate_truth(seed, Options(slips=()))
        changed = {k for k in truth.cells if truth.cells[k] != clean.cells[k]}
        assert changed == set(slip.cells)
    assert hosted > 100


def test_every_statutory_cell_is_present_with_the_right_kind_of_number() -> None:
    for seed in range(200):
        t = generate_truth(seed)
        expected = set(template_keys(t.template))
        w = t.wording
        if w.mixed_other_row:
            subrows = {"other_no_correction", "other_fee_unpaid", "other_other"}
            expected = {k for k in expected if k[1] not in subrows}
            expected |= {("requests", "other", c) for c in t.request_columns()}
        if w.no_total_column:
            expected = {k for k in expected if not (k[0] == "requests" and k[2] == "total")}
        assert set(t.cells) == expected, seed
        for (_, _, col), v in t.cells.items():
            if v is None:
                continue
            if col in ("amount", "amount_wan_yuan"):
                assert isinstance(v, Decimal) and v >= 0
                assert -v.as_tuple().exponent <= 4  # 万元 with up to 4 decimals
            else:
                assert isinstance(v, int)
                assert v >= 0 or col == "change"


def test_blanks_only_replace_zeros_and_break_nothing() -> None:
    for seed in range(60):
        t = generate_truth(seed, Options(blanks=6, slips=()))
        clean = generate_truth(seed, Options(blanks=0, slips=()))
        assert t.blanks and all(t.cells[k] is None for k in t.blanks)
        assert all(clean.cells[k] == 0 for k in t.blanks)
        assert broken_rules(t.cells) == frozenset()


def test_template_follows_the_year_unless_told_otherwise() -> None:
    assert template_for_year(2020) == "2019" and template_for_year(2021) == "2021"
    for seed in range(50):
        t = generate_truth(seed)
        assert t.template == template_for_year(t.year)
    laggard = generate_truth(1, Options(year=2023, template="2019"))
    assert laggard.template == "2019" and ("proactive", "procurement", "items") in laggard.cells


def test_2019_change_may_be_negative_and_numbers_vary_in_size() -> None:
    changes, totals = [], []
    for seed in range(300):
        t = generate_truth(seed, Options(year=2020, slips=()))
        changes += [v for (_, _, c), v in t.cells.items() if c == "change" and v is not None]
        total = t.cells.get(("requests", "new_received", "total"))
        if total is not None:
            totals.append(total)
    assert min(changes) < 0 < max(changes)
    assert totals.count(0) > len(totals) * 0.1  # many agencies receive nothing
    assert max(totals) > 100  # and a few are big


def test_previous_year_chains_carried_over_requests_and_rules_in_force() -> None:
    first = generate_truth(3, Options(year=2022, slips=(), blanks=0))
    second = generate_truth(4, Options(agency=first.agency, year=2023, previous=first, slips=()))
    for col in second.request_columns():
        out = first.cells[("requests", "carried_out", col)]
        assert second.cells[("requests", "carried_in", col)] == out  # Y-01
    for row in ("rules", "normative_docs"):
        c = second.cells
        assert c[("proactive", row, "in_force")] == (
            first.cells[("proactive", row, "in_force")]
            + c[("proactive", row, "issued")]
            - c[("proactive", row, "repealed")]
        )  # Y-02


def test_late_means_after_the_deadline_for_the_agency_kind() -> None:
    for seed in range(80):
        for late in (False, True):
            t = generate_truth(seed, Options(late=late))
            assert t.late is late
            assert t.published.year == t.year + 1


def test_same_seed_same_truth() -> None:
    assert generate_truth(42) == generate_truth(42)
    assert generate_truth(42) != generate_truth(43)


def test_wording_is_kept_as_given() -> None:
    w = Wording(half_brackets=True, no_total_column=True, mixed_other_row=True)
    t = generate_truth(9, Options(year=2022, wording=w))
    assert t.wording == w
    assert not any(k[2] == "total" and k[0] == "requests" for k in t.cells)


def test_regions_are_real_places_cpca_recognises() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

    names = [f"{r.county or r.city}人民政府" for r in REGIONS]
    frame = cpca.transform(names)
    for region, (_, row) in zip(REGIONS, frame.iterrows(), strict=True):
        assert row["省"] == region.province
        assert row["市"] == region.city
        assert row["区"] == region.county if region.county else row["区"] != row["区"]  # NaN


def test_carried_in_mismatch_breaks_only_y01_against_last_year() -> None:
    for seed in range(40):
        first = generate_truth(seed, Options(year=2022, slips=(), blanks=0))
        options = Options(agency=first.agency, year=2023, previous=first, blanks=0)
        clean = generate_truth(seed + 1, replace(options, slips=()))
        slipped = generate_truth(seed + 1, replace(options, slips=("carried_in_mismatch",)))
        assert broken_year_rules(first.cells, clean.cells) == frozenset()
        assert slipped.broken_rules == YEAR_SLIP_RULES["carried_in_mismatch"]
        assert broken_rules(slipped.cells) == frozenset()  # the report itself still balances
        assert broken_year_rules(first.cells, slipped.cells) == {"Y-01"}
