"""Segments (单元格段): a run of printed cells and the label text printed before it.

The token stream of a table is cut into segments; which row a segment is, and how its cells
fill the row's columns, is decided by the table readers (``tables/``) and ``readings.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.tokens import Token


@dataclass(slots=True)
class Segment:
    """Cells printed in a run, and the label text printed before them."""

    context: str
    cells: list[Token] = field(default_factory=list)

    @property
    def has_value(self) -> bool:
        return any(t.kind == "value" for t in self.cells)


def segments(toks: list[Token], lo: int, hi: int) -> list[Segment]:
    """Split ``toks[lo:hi]`` into label-context + cell runs; a row break ends a run."""
    out: list[Segment] = []
    ctx: list[str] = []
    cur: Segment | None = None
    for t in toks[lo:hi]:
        if t.kind == "text":
            if cur is not None:
                out.append(cur)
                cur, ctx = None, []
            ctx.append(t.norm)
        elif t.kind == "break":
            if cur is not None:
                out.append(cur)
                cur, ctx = None, []
        else:
            if cur is None:
                cur = Segment("".join(ctx))
            cur.cells.append(t)
    if cur is not None:
        out.append(cur)
    return out
