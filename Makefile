# nianbao — two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV      ?= $(shell command -v uv 2>/dev/null || echo .venv-bootstrap/bin/uv)
VENV    := .venv
PY      := $(VENV)/bin/python
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
export NIANBAO_DUCKDB_PATH ?= $(CURDIR)/data/warehouse/nianbao.duckdb
export UV_PYTHON ?= python3.11

CHROMIUM := /usr/bin/chromium
BROWSER_PACKAGES := chromium  # its Chinese font comes with `system`

.PHONY: help system setup run test ui docs manifest corpus lint bench national clean clients

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

.venv-bootstrap/bin/uv:
	python3 -m venv .venv-bootstrap && .venv-bootstrap/bin/pip install -q "uv==0.13.9"

# byte-compiled at install: an environment with PYTHONDONTWRITEBYTECODE set (CI images, this
# machine) never caches what it imports, and every process — the pipeline, each dbt invocation,
# each Dask worker, each test worker — compiled dagster, dbt and polars from source again
# (importing them took 7.7 s instead of 3.8)
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	@touch $@

# system packages the tests need: a Chinese font, so pdfium can render the generated reports
# that are turned into scans (the OCR itself needs nothing from the system)
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
$(CJK_FONT):
	@command -v apt-get >/dev/null || { echo "install the WenQuanYi Micro Hei font ($@)"; exit 1; }
	(apt-get install -y -q fonts-wqy-microhei || (apt-get update -q && apt-get install -y -q fonts-wqy-microhei)) >/dev/null

system: $(CJK_FONT)  ## system packages (Debian) the tests need, installed when missing

setup: $(VENV)/.synced system  ## install everything from uv.lock into .venv

manifest: setup  ## parse the dbt project so the Dagster definitions can load
	@mkdir -p $(DAGSTER_HOME)
	$(PY) -m orchestration.prepare

run: manifest  ## build the warehouse from the default corpus (or NIANBAO_REPORTS_DIR) and print a summary
	$(PY) -m orchestration.run

$(CHROMIUM):  # the real browser the review-sheet test renders with (Debian package; run as root)
	apt-get install -y -q $(BROWSER_PACKAGES) || (apt-get update -q && apt-get install -y -q $(BROWSER_PACKAGES))

clients: setup $(CHROMIUM)  ## the BI clients the tests use: headless Chromium, a DuckDB 1.x client in .cache/
	$(PY) tests/orchestration/bi_clients.py

test: manifest clients  ## run the test suite (what .ci/run calls)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -n 2 --dist loadfile

ui: manifest  ## the Dagster UI on http://127.0.0.1:3000
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

docs: manifest  ## serve dbt docs, Data Docs and the review sheets on http://127.0.0.1:8080
	cd dbt_project && ../$(VENV)/bin/dbt docs generate --static --profiles-dir . --quiet
	$(PY) -m orchestration.docs_server

corpus: setup  ## regenerate the embedded default corpus in data/corpus (deterministic)
	$(PY) -m corpus --out data/corpus

lint: setup  ## ruff
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: setup  ## speed figures with their same-run baselines
	$(PY) bench/extract.py && $(PY) bench/extract_pdf.py && $(PY) bench/quality.py \
		&& $(PY) dbt_project/scripts/bench_build.py && $(PY) bench/pipeline.py \
		&& $(PY) bench/degraded.py

N ?= 100000
national: manifest  ## a national year measured: N reports (default 100000) end to end, then 1 % changed
	$(PY) bench/national.py $(N)

clean:  ## remove the warehouse, published marts and dbt artefacts (not the corpus)
	rm -rf data/warehouse data/publish data/gx data/dagster_home dbt_project/target .cache
