"""Write seeds/region_codes.csv (行政区划代码) from the adcode table bundled with the cpca library.

Run from the repository root when cpca is upgraded:
``.venv/bin/python dbt_project/scripts/generate_region_seed.py``. The seed is generated, never
typed: one row per province, prefecture-level city and county-level division with its 6-digit
adcode, level and parents. cpca's placeholder rows (市辖区, 县, 省直辖县级行政区划 …) are dropped;
a county under such a placeholder (a district of 北京市, 仙桃市) has no city parent.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "seeds" / "region_codes.csv"
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: suffixes dropped for the short form (江苏省 → 江苏, 沭阳县 → 沭阳) used to match prefixes
PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
LOCAL_SUFFIX = re.compile(r"(市|县|区|旗)$")


def cpca_adcodes_csv() -> str:
    """The text of cpca/resources/adcodes.csv, read without importing cpca (its import is slow)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca is not installed: run `uv sync` first")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path.read_text(encoding="utf-8")


def short_name(name: str, level: str) -> str:
    """The name without its administrative suffix, kept whole when that would leave one character."""
    pattern = PROVINCE_SUFFIX if level == "province" else LOCAL_SUFFIX
    short = pattern.sub("", name)
    return short if len(short) >= 2 else name


def region_rows(adcodes_csv: str) -> list[dict[str, str]]:
    """Province / city / county rows with 6-digit codes and parent codes, sorted by adcode."""
    records = {r["adcode"][:6]: r["name"] for r in csv.DictReader(io.StringIO(adcodes_csv))}
    rows = []
    for code, name in sorted(records.items()):
        if name in PLACEHOLDERS:
            continue
        if code.endswith("0000"):
            level = "province"
        elif code.endswith("00"):
            level = "city"
        else:
            level = "county"
        province = code[:2] + "0000"
        city = code[:4] + "00"
        has_city = level == "county" and records.get(city) not in (None, *PLACEHOLDERS)
        rows.append(
            {
                "adcode": code,
                "name": name,
                "short_name": short_name(name, level),
                "level": level,
                "province_adcode": "" if level == "province" else province,
                "city_adcode": city if has_city else "",
            }
        )
    return rows


def main() -> None:
    rows = region_rows(cpca_adcodes_csv())
    with SEED.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {SEED}")


if __name__ == "__main__":
    main()
