"""The same real report re-laid out the ways converters print tables reads back the same.

Sample 000 prints its tables as tab rows. Re-printed as markdown pipe rows, as space-separated
lines, one cell per line, and with every separator lost (the crawler case, where only the row
sums can split the digits), each layout must give every gold cell.
"""

from __future__ import annotations

import re

import pytest

from extract.api import extract_bytes
from extract.scoring import score_file

NAME = "000_3a76839b33e1ea7f.txt"


def _pipes(line: str) -> str:
    return "| " + " | ".join(line.split("\t")) + " |" if "\t" in line else line


def _spaces(line: str) -> str:
    return " ".join(f for f in line.split("\t") if f.strip())


def _cell_per_line(line: str) -> str:
    if "\t" not in line:
        return line
    return "\n\n".join(f if f.strip() else "  " for f in line.split("\t"))


def _wrap(text: str, values_first: bool) -> str:
    """Labels wrapped after 6 characters, the numbers on the first or the last line."""
    out = []
    for line in LAYOUTS["spaces"](text).split("\n"):
        m = re.match(r"^(\S{6})(\S+) ((?:\S+ )*\d+)$", line)
        if not m or line[0].isdigit():
            out.append(line)
        elif values_first:
            out += [f"{m.group(1)} {m.group(3)}", m.group(2)]
        else:
            out += [m.group(1), f"{m.group(2)} {m.group(3)}"]
    return "\n".join(out)


def _glued(text: str) -> str:
    return "".join(f for f in text.replace("\n", "\t").split("\t") if f.strip())


LAYOUTS = {
    "markdown": lambda t: "\n".join(map(_pipes, t.split("\n"))),
    "spaces": lambda t: "\n".join(map(_spaces, t.split("\n"))),
    "cell_per_line": lambda t: "\n".join(map(_cell_per_line, t.split("\n"))),
    "glued": _glued,
}
LAYOUTS["wrapped_values_last"] = lambda t: _wrap(t, values_first=False)
LAYOUTS["wrapped_values_first"] = lambda t: _wrap(t, values_first=True)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_relaid_sample_reads_every_gold_cell(layout, samples_dir, samples_gold):
    text = (samples_dir / NAME).read_text(encoding="utf-8")
    data = LAYOUTS[layout](text).encode("utf-8")
    ex = extract_bytes(data, f"{layout}.{'md' if layout == 'markdown' else 'txt'}")
    score = score_file(ex, samples_gold[NAME])
    assert (score.wrong, score.missing) == ([], []), ex.notes
