"""Real places and the agencies a synthetic report can come from (机关).

A short fixed list of real administrative divisions (省 / 市 / 县级): the generator needs names a
reader (cpca) recognises, not a gazetteer. ``tests/corpus`` checks every entry against cpca.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AgencyKind = Literal["government", "department"]


@dataclass(frozen=True, slots=True)
class Region:
    """A county-level division and the prefecture and province above it."""

    province: str
    city: str
    county: str | None  # None: the agency sits at the city level


@dataclass(frozen=True, slots=True)
class Agency:
    """An administrative agency that publishes a report.

    ``kind`` decides the deadline (T-01): a government's own report (人民政府) is due 31 March, a
    department's 31 January. ``scale`` sets the magnitude of its numbers (most are small).
    """

    id: str
    name: str
    region: Region
    kind: AgencyKind
    scale: float

    @property
    def place(self) -> str:
        return self.region.county or self.region.city


REGIONS: tuple[Region, ...] = (
    Region("河南省", "焦作市", "武陟县"),
    Region("河南省", "焦作市", "温县"),
    Region("河南省", "焦作市", None),
    Region("河南省", "三门峡市", "灵宝市"),
    Region("江苏省", "淮安市", "洪泽区"),
    Region("江苏省", "淮安市", "涟水县"),
    Region("江苏省", "宿迁市", "沭阳县"),
    Region("山西省", "长治市", "沁源县"),
    Region("山西省", "长治市", "襄垣县"),
    Region("内蒙古自治区", "鄂尔多斯市", "鄂托克旗"),
)

#: Department names (部门) as printed after the place name, with a typical scale.
DEPARTMENTS: tuple[tuple[str, float], ...] = (
    ("发展和改革局", 2.0),
    ("教育局", 3.0),
    ("财政局", 2.0),
    ("自然资源局", 12.0),
    ("生态环境局", 3.0),
    ("住房和城乡建设局", 6.0),
    ("卫生健康委员会", 2.0),
    ("市场监督管理局", 4.0),
    ("人力资源和社会保障局", 3.0),
    ("农业农村局", 1.0),
    ("交通运输局", 1.5),
    ("民政局", 1.0),
    ("审计局", 0.3),
    ("统计局", 0.2),
)


def government_name(region: Region) -> str:
    """The name a government's own report prints: 武陟县人民政府, 焦作市人民政府."""
    return f"{region.county or region.city}人民政府"
