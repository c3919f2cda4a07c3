"""Real text reports survive what converters and crawlers do to them.

Full-width digits, CRLF, page-number lines, ASCII brackets and 1. enumerators, a running title
repeated inside the tables, and GB18030 bytes: every gold cell still comes out exactly.
"""

from __future__ import annotations

import random

import pytest
from real_text_reports import TEXT_REPORTS

from extract.api import extract_bytes
from extract.scoring import score_file


def _sprinkle(text: str, seed: int, share: float, lines: list[str]) -> str:
    """Insert ``lines`` after random lines past the title block (as a page break would)."""
    rng = random.Random(seed)
    out = []
    for i, line in enumerate(text.split("\n")):
        out.append(line)
        if i > 12 and rng.random() < share:
            out.extend(lines)
    return "\n".join(out)


PERTURB = {
    "fullwidth": lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "crlf_gb18030": lambda t: t.replace("\n", "\r\n"),
    "page_numbers": lambda t: _sprinkle(t, 1, 0.05, ["— 3 —", "第3页"]),
    "ascii_brackets": lambda t: t.replace("（", "(").replace("）", ")").replace("、", "."),
    "running_title": lambda t: _sprinkle(t, 2, 0.04, ["某某局2023年政府信息公开工作年度报告"]),
}


@pytest.mark.parametrize("perturb", sorted(PERTURB))
@pytest.mark.parametrize(("folder", "name"), TEXT_REPORTS)
def test_perturbed_report_reads_every_gold_cell(
    folder, name, perturb, shared_dir, samples_gold, devset_gold
):
    gold = (samples_gold if folder == "samples" else devset_gold)[name]
    text = (shared_dir / folder / name).read_text(encoding="utf-8")
    codec = "gb18030" if perturb == "crlf_gb18030" else "utf-8"
    ex = extract_bytes(PERTURB[perturb](text).encode(codec), name)
    score = score_file(ex, gold)
    assert (score.wrong, score.missing) == ([], []), ex.notes
