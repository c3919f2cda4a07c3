"""One-line finding messages in Chinese and English, built vectorised from a check frame.

Numeric rules read ``B-01 总计列: 一+二=4 ≠ 三(七)+四=3``; a row that cannot be checked reads
``B-01 总计列: 无法核对（空白或缺失: requests.carried_in.total）``.
"""

from __future__ import annotations

import polars as pl

from expectations.frames import fmt_number


def _str(x: str | pl.Expr) -> pl.Expr:
    return x if isinstance(x, pl.Expr) else pl.lit(x)


def numeric(
    rule: str,
    where_zh: str | pl.Expr,
    where_en: str | pl.Expr,
    expected_zh: str | pl.Expr,
    expected_en: str | pl.Expr,
    printed_zh: str | pl.Expr,
    printed_en: str | pl.Expr,
) -> tuple[pl.Expr, pl.Expr]:
    """Messages for ``expected ≠ printed`` rules (violation) or cannot_check."""
    exp, prt = fmt_number(pl.col("expected")), fmt_number(pl.col("printed"))
    zh = pl.format(f"{rule} {{}}: {{}}={{}} ≠ {{}}={{}}", _str(where_zh), _str(expected_zh), exp,
                   _str(printed_zh), prt)  # fmt: skip
    en = pl.format(f"{rule} {{}}: {{}}={{}} ≠ {{}}={{}}", _str(where_en), _str(expected_en), exp,
                   _str(printed_en), prt)  # fmt: skip
    return with_cannot_check(rule, where_zh, where_en, zh, en)


def with_cannot_check(
    rule: str, where_zh: str | pl.Expr, where_en: str | pl.Expr, zh: pl.Expr, en: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """Use the given violation messages, or the cannot_check wording when not checkable."""
    blank = pl.col("blank_cells").fill_null("")
    cc_zh = pl.format(f"{rule} {{}}: 无法核对（空白或缺失: {{}}）", _str(where_zh), blank)
    cc_en = pl.format(f"{rule} {{}}: cannot check (blank or missing: {{}})", _str(where_en), blank)
    checkable = pl.col("checkable")
    return (
        pl.when(checkable).then(zh).otherwise(cc_zh).alias("message_zh"),
        pl.when(checkable).then(en).otherwise(cc_en).alias("message_en"),
    )
