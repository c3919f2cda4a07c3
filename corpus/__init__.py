"""Synthetic 政府信息公开工作年度报告 with known numbers: a demo corpus and round-trip test cases.

- :mod:`corpus.truth` — a seeded :class:`~corpus.truth.ReportTruth`: agency, year, template,
  every statutory cell (consistent sums), wording variants, optional slips and blanks.
- :mod:`corpus.render` — one renderer per output kind (text layouts, markdown, HTML, PDF, DOCX).
- :mod:`corpus.default` — THE default corpus (``python -m corpus --out data/corpus``).
- :mod:`corpus.invariants` / :mod:`corpus.roundtrip` — the checks that prove truth and extraction.
- ``python -m corpus.sweep N`` — round-trip N reports per layout through ``extract.api``.
"""
