"""The review index's rows, built column-wise, read exactly as Jinja rendered them row by row."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.review import SHEETS_DIR, _environment, index_rows

#: the row template the index used before its rows were built column-wise: the reference
ROW = """{% for r in rows %}
<tr>
<td>{{ r.agency_name or '未知机关' }}</td>
<td class="num">{{ r.report_year }}</td>
<td class="num">{{ r.finding_count }}</td>
<td class="num">{{ r.error_count }}</td>
<td class="num">{{ r.cannot_check_count }}</td>
<td class="num">{{ r.new_received|number }}</td>
<td><a href="{{ sheets_dir }}/{{ r.sheet }}">查看</a></td>
</tr>
{% endfor %}"""

names = st.one_of(st.none(), st.just(""), st.text(alphabet="机关局&<>\"' 甲a1", max_size=12))
counts = st.one_of(st.none(), st.integers(0, 5_000))
received = st.one_of(st.none(), st.integers(0, 3_000_000), st.floats(0, 1e6, allow_nan=False))
rows = st.lists(
    st.fixed_dictionaries(
        {
            "agency_name": names,
            "report_year": st.integers(2008, 2030),
            "finding_count": counts,
            "error_count": counts,
            "cannot_check_count": counts,
            "new_received": received,
            "sheet": st.text(alphabet="abc0_-&'.", min_size=1, max_size=10),
        }
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_index_rows_read_as_jinja_rendered_them(rows: list[dict]) -> None:
    frame = pl.DataFrame(
        rows,
        schema={
            "agency_name": pl.String, "report_year": pl.Int32, "finding_count": pl.Int64,
            "error_count": pl.Int64, "cannot_check_count": pl.Int64,
            "new_received": pl.Float64 if any(isinstance(r["new_received"], float) for r in rows)
            else pl.Int64, "sheet": pl.String,
        },
    )  # fmt: skip
    expected = _environment().from_string(ROW).render(rows=frame.to_dicts(), sheets_dir=SHEETS_DIR)
    assert "\n".join(index_rows(frame, SHEETS_DIR)) + "\n" == expected
