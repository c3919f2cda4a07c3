"""The invariant checker itself: each rule is caught on a hand-made report, blanks are skipped."""

from __future__ import annotations

from decimal import Decimal

from corpus.invariants import broken_rules
from corpus.truth import Options, generate_truth


def _clean():
    return dict(generate_truth(17, Options(year=2022, slips=(), blanks=0)).cells)


def test_a_consistent_report_passes() -> None:
    assert broken_rules(_clean()) == frozenset()


def test_b01_b02_b03_c01_b04_are_each_detected() -> None:
    c = _clean()
    c[("requests", "carried_in", "research")] += 1
    c[("requests", "carried_in", "total")] += 1
    assert broken_rules(c) == {"B-01"}

    c = _clean()
    c[("requests", "granted", "natural_person")] += 2
    c[("requests", "granted", "total")] += 2
    assert broken_rules(c) == {"B-02"}

    c = _clean()
    c[("requests", "carried_in", "total")] += 1
    c[("requests", "carried_out", "total")] += 1
    assert broken_rules(c) == {"B-03"}

    c = _clean()
    c[("disputes", "review", "pending")] += 1
    assert broken_rules(c) == {"C-01"}

    c = _clean()
    c[("proactive", "licensing", "decisions")] = -1
    assert broken_rules(c) == {"B-04"}
    c[("proactive", "licensing", "decisions")] = Decimal("1.5")
    assert broken_rules(c) == {"B-04"}


def test_an_equation_with_a_blank_is_not_evaluated() -> None:
    c = _clean()
    c[("disputes", "review", "pending")] += 1
    c[("disputes", "review", "upheld")] = None
    assert broken_rules(c) == frozenset()
