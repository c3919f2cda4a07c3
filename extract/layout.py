"""The intermediate form every reader produces and the one mapping step consumes.

A reader turns a source (text, HTML, PDF, DOCX) into a :class:`Document`: rows of fragments in
reading order. A table row becomes one :class:`Row` with one :class:`Fragment` per grid position;
a prose or text line becomes a row with one fragment (or one per tab-separated field). The mapper
never looks at the source format again, so every layout quirk is solved once, in its reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text at one place in the source.

    ``where`` is the provenance a user follows back to the original: ``"line 12"``,
    ``"page 3"``, ``"table 2 row 5 col 3"``. ``covered`` marks a grid position that a merged cell
    (rowspan/colspan) covers: it has no text of its own and is *not* a blank cell.
    """

    text: str
    where: str
    covered: bool = False


@dataclass(slots=True)
class Row:
    """One line of text or one table row, fragments left to right."""

    fragments: list[Fragment]
    #: the table this row belongs to, when the source has real table structure (0-based), else None
    table: int | None = None

    @property
    def text(self) -> str:
        return "".join([f.text for f in self.fragments])  # a list joins faster than a generator


@dataclass(slots=True)
class Document:
    """A source read into rows, plus its whole plain text for metadata (title, dates, 索引号)."""

    rows: list[Row]
    text: str
    kind: str  # txt | md | html | pdf | docx
    #: reader remarks worth keeping (e.g. "table continued on page 4")
    notes: list[str] = field(default_factory=list)
    #: for fragments read by OCR (``where`` like ``page 4 (OCR) #17``, unique): the recogniser's
    #: probability of the fragment's least sure digit or mark
    confidence: dict[str, float] = field(default_factory=dict)


class UnreadableSource(Exception):
    """The file cannot be read as a report; the message is the one-line rejection reason."""
