"""Choosing between readings with the template's identities (勾稽关系), never by guess.

Each row of a table has a *domain*: the readings its print allows (``readings.py``). An
identity is a sum over cells of several rows (B-01, B-02 per column) or of one row (B-03, C-01).
A reading is kept only while every identity it takes part in can still hold with some reading
of the other rows (generalised arc consistency on sum constraints, to a fixpoint). Then a cell
is emitted only when every reading left in its row agrees on it.

Why that is safe: pruning only removes readings that *cannot* satisfy an identity, so the
printed reading survives whenever the publisher's sums hold, and agreement over the survivors
is agreement with it. Where they do not hold (a publisher's slip), an identity made only of
rows with one reading is left out of the choice — it cannot choose anything — and one that
leaves a row with no reading is dropped: the rows fall back to what their print alone proves.
Identities choose between readings; they never change a number.

Blank cells count as 0 in these sums, as every checker of the template does.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from extract.model import Number

RowKey = Hashable
#: one term of an equation: (row, column index, sign +1 on the left / -1 on the right)
Term = tuple[RowKey, int, int]
Values = tuple[Number | None, ...]

#: distinct partial sums tracked per equation before it is left out as too loose to prune
_MAX_SUMS = 50_000


@dataclass(frozen=True, slots=True)
class Equation:
    """``sum(sign * cell) == 0`` over cells (row, column index); ``rule`` names the identity."""

    rule: str
    location: str
    terms: tuple[Term, ...]
    rows: frozenset[RowKey] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", frozenset(r for r, _, _ in self.terms))


@dataclass(slots=True)
class Outcome:
    """The surviving readings per row (indices into the row's domain) and what the choice met."""

    kept: dict[RowKey, list[int]]
    #: equations that fail with every row fixed (a publisher's slip or a misread layout)
    failing: list[Equation] = field(default_factory=list)
    #: equations left out because no reading could satisfy them together with the others
    dropped: list[Equation] = field(default_factory=list)


def _num(v: Number | None) -> Number:
    return 0 if v is None else v


def _sums(value_sets: Sequence[set[Number]]) -> set[Number] | None:
    """Every sum of one value from each set; ``None`` when the sets are too loose to track."""
    acc: set[Number] = {0}
    for vs in value_sets:
        acc = {a + v for a in acc for v in vs}
        if len(acc) > _MAX_SUMS:
            return None
    return acc


def _prune(
    eq: Equation, domains: dict[RowKey, list[Values]], kept: dict[RowKey, list[int]]
) -> bool:
    """Remove readings that cannot satisfy ``eq``; True when something was removed."""
    per_term = [{eq_sign * _num(domains[r][i][j]) for i in kept[r]} for r, j, eq_sign in eq.terms]
    changed = False
    for t, (r, j, sign) in enumerate(eq.terms):
        if len(kept[r]) == 1 and all(len(s) == 1 for s in per_term):
            continue
        others = _sums([s for u, s in enumerate(per_term) if u != t])
        if others is None:
            return changed
        keep = [i for i in kept[r] if -sign * _num(domains[r][i][j]) in others]
        if len(keep) != len(kept[r]):
            kept[r] = keep
            per_term[t] = {sign * _num(domains[r][i][j]) for i in keep}
            changed = True
    return changed


def _holds(
    eq: Equation, domains: dict[RowKey, list[Values]], kept: dict[RowKey, list[int]]
) -> bool:
    return sum(sign * _num(domains[r][kept[r][0]][j]) for r, j, sign in eq.terms) == 0


def _propagate(
    active: list[Equation],
    domains: dict[RowKey, list[Values]],
    kept: dict[RowKey, list[int]],
    used: list[Equation],
) -> Equation | None:
    """Prune to a fixpoint, noting in ``used`` each equation that removed a reading; the
    equation that left a row with no reading, if one did."""
    changed = True
    while changed:
        changed = False
        for eq in active:
            if _prune(eq, domains, kept):
                changed = True
                if eq not in used:
                    used.append(eq)
                if any(not kept[r] for r in eq.rows):
                    return eq
    return None


def _solve(
    active: list[Equation], domains: dict[RowKey, list[Values]]
) -> tuple[dict[RowKey, list[int]], list[Equation], list[Equation]]:
    """Readings left by ``active``; an equation no reading satisfies with the others (a
    publisher's slip, or a misread row) is left out, and the pruning starts again."""
    dropped: list[Equation] = []
    while True:
        kept = {r: list(range(len(d))) for r, d in domains.items()}
        used: list[Equation] = []
        culprit = _propagate(active, domains, kept, used)
        if culprit is None:
            return kept, dropped, used
        dropped.append(culprit)
        active = [e for e in active if e is not culprit]


def choose(domains: dict[RowKey, list[Values]], equations: Sequence[Equation]) -> Outcome:
    """Prune every row's readings with ``equations`` (rows missing from ``domains`` make an
    equation uncheckable: it is skipped).

    A choice must survive one slip: the publisher may have got any one equation wrong, and a
    wrong equation can make a wrong reading look right. So every equation that removed a
    reading is left out in turn and the readings it alone removed are kept as well; a cell is
    then read only where even those agree."""
    usable = [e for e in equations if e.rows <= domains.keys()]
    fixed = [e for e in usable if all(len(domains[r]) == 1 for r in e.rows)]
    active = [e for e in usable if e not in fixed]
    kept, dropped, used = _solve(active, domains)
    for eq in used:
        alt, _, _ = _solve([e for e in active if e is not eq and e not in dropped], domains)
        for r, idx in alt.items():
            if idx != kept[r]:
                kept[r] = sorted(set(kept[r]) | set(idx))
    failing = [
        e
        for e in usable
        if e not in dropped
        and all(len(kept[r]) == 1 for r in e.rows)
        and not _holds(e, domains, kept)
    ]
    return Outcome(kept, failing, dropped)


def agreed(readings: Sequence[tuple[object, ...]]) -> list[bool]:
    """Per column: whether every reading lands the same cell there (see
    ``readings.printed_keys``: a number, or a blank/mark with its printed text)."""
    first = readings[0]
    return [all(r[j] == first[j] for r in readings[1:]) for j in range(len(first))]
