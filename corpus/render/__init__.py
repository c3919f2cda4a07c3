"""Renderers: one module per output kind, each ``render_*(truth, …) -> bytes``.

:class:`Variant` names one layout of one kind; :func:`render` dispatches. :data:`VARIANTS`
lists every layout the corpus and the round-trip tests draw from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus.render.docx import render_docx
from corpus.render.html import render_html
from corpus.render.markdown import render_markdown
from corpus.render.pdf import render_pdf
from corpus.render.scan import render_scan
from corpus.render.text import TEXT_LAYOUTS, LayoutCannotShow, render_text
from corpus.truth import ReportTruth

__all__ = ["SCAN", "VARIANTS", "LayoutCannotShow", "Variant", "random_variant", "render"]


@dataclass(frozen=True, slots=True)
class Variant:
    """One output layout: ``kind`` (txt, md, html, pdf, docx) and its layout options."""

    kind: str
    layout: str
    chrome: bool = False  # html: site chrome around the article
    gbk: bool = False  # html: GBK bytes with <meta charset="gbk">
    as_txt: bool = False  # html: a crawler saved the page under a .txt name

    @property
    def suffix(self) -> str:
        if self.as_txt:
            return ".txt"
        return {"txt": ".txt", "md": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}[
            self.kind
        ]

    @property
    def name(self) -> str:
        """A short label for manifests and test ids: ``html/word_soup+chrome+gbk``."""
        flags = (("chrome", self.chrome), ("gbk", self.gbk), ("as_txt", self.as_txt))
        extras = "".join(f"+{x}" for x, on in flags if on)
        return f"{self.kind}/{self.layout}{extras}"

    def can_show(self, truth: ReportTruth) -> bool:
        """False when the layout would lose something the truth holds (blanks in PDF text)."""
        loses_empty = self.layout in ("pdftext", "crawler")
        return not (loses_empty and truth.blanks and not truth.wording.blank_mark)

    @property
    def exact(self) -> bool:
        """Whether every cell is recoverable: crawler text runs numbers together, so only the
        row sums can split them, and a scan's print may be unreadable under a seal or dirt; an
        extractor may rightly leave some out (with a note)."""
        return self.layout not in ("crawler", "scan")


VARIANTS: tuple[Variant, ...] = (
    *(Variant("txt", layout) for layout in TEXT_LAYOUTS),
    Variant("md", "pipe"),
    Variant("md", "pipe_broken"),
    *(
        Variant("html", layout, chrome, gbk)
        for layout in ("table", "word_soup")
        for chrome in (False, True)
        for gbk in (False, True)
    ),
    Variant("html", "table", chrome=True, as_txt=True),
    Variant("pdf", "ruled"),
    Variant("pdf", "unruled"),
    Variant("docx", "merged"),
)


#: a scan of the printed, stamped report (an image-only PDF; see ``corpus.render.scan``). Not
#: in :data:`VARIANTS`: reading one costs seconds, so the scan tests draw their own
SCAN = Variant("pdf", "scan")


def render(truth: ReportTruth, variant: Variant) -> bytes:
    """The report of ``truth`` in ``variant``'s kind and layout."""
    if variant.kind == "txt":
        return render_text(truth, variant.layout)
    if variant.kind == "md":
        return render_markdown(truth, broken=variant.layout == "pipe_broken")
    if variant.kind == "html":
        return render_html(
            truth, word_soup=variant.layout == "word_soup", chrome=variant.chrome, gbk=variant.gbk
        )
    if variant == SCAN:
        return render_scan(truth, seed=truth.seed)
    if variant.kind == "pdf":
        return render_pdf(truth, ruled=variant.layout == "ruled")
    if variant.kind == "docx":
        return render_docx(truth)
    raise ValueError(f"unknown output kind {variant.kind!r}")


def random_variant(rng: random.Random, truth: ReportTruth, weights: dict[str, float]) -> Variant:
    """A variant drawn by kind weight (e.g. ``{"txt": 4, "html": 4, "pdf": 1.5}``)."""
    kinds = sorted(weights)
    kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
    options = [v for v in VARIANTS if v.kind == kind and v.exact and v.can_show(truth)]
    return rng.choice(options)
