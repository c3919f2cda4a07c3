"""Extractions cross process boundaries (the worker pool, a Dask cluster) by pickle: what
arrives must equal what was read, field for field."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from extract.model import Cell, Extraction, ReportMeta, Statement

_text = st.text(max_size=12)
cells = st.builds(
    Cell,
    table=_text,
    row=_text,
    col=_text,
    value=st.none() | st.integers() | st.floats(allow_nan=False),
    text=_text,
    where=_text,
    how=st.sampled_from(["printed", "split", "placed", "aligned"]),
    confidence=st.none() | st.floats(0, 1),
)


@given(st.lists(cells, max_size=20), st.sampled_from([2, 5]))
def test_cells_arrive_as_read(read: list[Cell], protocol: int) -> None:
    extraction = Extraction(
        file="a.html",
        sha256="0" * 64,
        status="ok",
        report=ReportMeta(agency="某某局", year=2023, sections=["一", "二"]),
        cells=read,
        notes=["note"],
        narrative=["本年度共收到申请5件。"],
        statements=[Statement(number=5, text="共收到申请5件", where="p1", cells=["a.b.c"])],
    )
    back = pickle.loads(pickle.dumps(extraction, protocol))
    assert back == extraction
    assert [type(c.value) for c in back.cells] == [type(c.value) for c in read]
