"""One-line finding messages in Chinese and English, built vectorised from a check frame.

The one Chinese style (see ``catalog``): ``B-01 自然人列：一+二=4，三(七)+四=3``, the side labels
taken from the rule's catalog entry, numbers whole where they are whole; a row that cannot be
checked reads ``B-01 总计列：无法核对，空白或缺失：二、上年结转政府信息公开申请数量·总计``.
"""

from __future__ import annotations

import polars as pl

from expectations.catalog import rule
from expectations.frames import fmt_number
from expectations.labels import cells_zh


def _str(x: str | pl.Expr) -> pl.Expr:
    return x if isinstance(x, pl.Expr) else pl.lit(x)


def detail_zh(rule_id: str, where_zh: str | pl.Expr, detail: pl.Expr) -> pl.Expr:
    """``<rule> <where>：<detail>`` — the frame of every Chinese message."""
    return pl.format(f"{rule_id} {{}}：{{}}", _str(where_zh), detail)


def sides_zh(rule_id: str, expected: pl.Expr, printed: pl.Expr) -> pl.Expr:
    """``<expected side>=<n>，<printed side>=<n>`` with the catalog's side labels."""
    spec = rule(rule_id)
    return pl.format(f"{spec.expected_zh}={{}}，{spec.printed_zh}={{}}", expected, printed)


def numeric(
    rule_id: str,
    where_zh: str | pl.Expr,
    where_en: str | pl.Expr,
    expected_en: str | pl.Expr,
    printed_en: str | pl.Expr,
) -> tuple[pl.Expr, pl.Expr]:
    """Messages for ``expected ≠ printed`` rules (violation) or cannot_check."""
    exp, prt = fmt_number(pl.col("expected")), fmt_number(pl.col("printed"))
    zh = detail_zh(rule_id, where_zh, sides_zh(rule_id, exp, prt))
    en = pl.format(f"{rule_id} {{}}: {{}}={{}} ≠ {{}}={{}}", _str(where_en), _str(expected_en),
                   exp, _str(printed_en), prt)  # fmt: skip
    return with_cannot_check(rule_id, where_zh, where_en, zh, en)


def with_cannot_check(
    rule_id: str, where_zh: str | pl.Expr, where_en: str | pl.Expr, zh: pl.Expr, en: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """Use the given violation messages, or the cannot_check wording when not checkable."""
    blank = pl.col("blank_cells").fill_null("")
    cc_zh = detail_zh(rule_id, where_zh, pl.format("无法核对，空白或缺失：{}", cells_zh(blank)))
    cc_en = pl.format(f"{rule_id} {{}}: cannot check (blank or missing: {{}})", _str(where_en),
                      blank)  # fmt: skip
    checkable = pl.col("checkable")
    return (
        pl.when(checkable).then(zh).otherwise(cc_zh).alias("message_zh"),
        pl.when(checkable).then(en).otherwise(cc_en).alias("message_en"),
    )
