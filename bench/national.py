"""National scale, measured: N generated reports through the whole Dagster job on this machine.

    .venv/bin/python bench/national.py [N]            # default 100,000 reports
    .venv/bin/python bench/national.py 20000 --mix web
    .venv/bin/python bench/national.py --dask tcp://127.0.0.1:8786 [--dask-files 400]

The reports come from the corpus generator in a mix like real publishing (``--mix national``:
about half web pages, a third PDFs, the rest Word files and text), every agency several years in
a row (last year's 结转 carried into this year's 上年结转). Every file is a distinct report whose
truth is known (its seed): the bench checks the warehouse against it (requests.new_received.total
per report). Generation runs on every core; it costs less than extracting, so PDFs and Word files
are each rendered, not copied.

Printed, all measured in this run:

- the floor: the extractor alone (``extract_files``, every core) over the same files;
- the whole job: per-step seconds (inventory, extraction and landing, findings and GX, dbt,
  publish), reports/s, cells landed, peak memory of the whole process tree (PSS, sampled);
- the incremental re-run after 1 % of the files changed: seconds, files extracted, what dbt
  rebuilt (models and their seconds, from dbt's run_results.json);
- ``--dask``: extraction on the cluster with one worker against two, same PDF-heavy batch, the
  speed-up as a ratio.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import redirect_stdout, suppress
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpus.regions import REGIONS, Agency  # noqa: E402
from corpus.render import VARIANTS, render  # noqa: E402
from corpus.truth import Options, ReportTruth, generate_truth  # noqa: E402

#: kind weights: web pages ~50 %, PDF ~33 %, Word ~9 %, plain text and markdown ~8 %
MIXES = {
    "national": {"html": 50, "pdf": 33, "docx": 9, "txt": 6, "md": 2},
    "web": {"html": 60, "txt": 30, "md": 10},
    "pdf": {"pdf": 80, "html": 20},
}
YEARS = tuple(range(2019, 2025))
#: years each agency publishes in a row
YEARS_PER_AGENCY = 4


# ----------------------------------------------------------------------------- generation


def _variant(rng: random.Random, truth: ReportTruth, weights: dict[str, int]):
    kinds = sorted(weights)
    kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
    options = [v for v in VARIANTS if v.kind == kind and v.exact and v.can_show(truth)]
    if not options:  # a PDF text layout cannot show unmarked blanks: the web page can
        options = [v for v in VARIANTS if v.kind == "html" and v.exact]
    return rng.choice(options)


#: characters for distinct place names (天干地支: no digit, no province or city name in them)
_NAME_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
#: a township-level publisher: (suffix, kind) — 镇/乡 governments and 街道办事处
_TOWNSHIPS = (
    ("镇人民政府", "government"),
    ("乡人民政府", "government"),
    ("街道办事处", "department"),
)


def _distinct_agency(rng: random.Random, agency_no: int) -> Agency:
    """A publisher of its own: a national year has as many distinct agencies as reports a year.

    The generator's own agencies are 150 (10 real counties × 15 agencies): a big bench drawn from
    them alone would make hundreds of "versions" of every agency-year. Each bench agency is a
    township (镇/乡人民政府 or 街道办事处) of one of those counties with a name of its own.
    """
    region = rng.choice(REGIONS)
    chars, n = [], agency_no
    for _ in range(4):  # 22**4 = 234,256 names
        n, i = divmod(n, len(_NAME_CHARS))
        chars.append(_NAME_CHARS[i])
    suffix, kind = rng.choice(_TOWNSHIPS)
    place = region.county or region.city
    name = f"{place}{''.join(chars)}{suffix}"
    return Agency(f"bench-{agency_no}", name, region, kind, rng.choice((0.5, 1.0, 2.0, 4.0)))


def _agency_files(agency_no: int, years: int, mix: str, salt: int = 0):
    """One agency's reports, several years in a row: (name, bytes, kind, new_received.total)."""
    rng = random.Random(f"national:{agency_no}")  # the same agency, years and kinds for any salt
    agency = _distinct_agency(rng, agency_no)
    first = rng.choice(YEARS[: len(YEARS) - years + 1])
    previous = None
    out = []
    for year in range(first, first + years):
        seed = agency_no * 10 + (year - 2019) + salt * 7_919_000_003
        truth = generate_truth(seed, Options(agency=agency, year=year, previous=previous))
        previous = truth
        variant = _variant(rng, truth, MIXES[mix])
        total = truth.cells.get(("requests", "new_received", "total"))
        blank = total is None or ("requests", "new_received", "total") in truth.blanks
        name = f"{agency_no // 1000:03d}/a{agency_no:06d}_{year}{variant.suffix}"
        out.append((name, render(truth, variant), variant.kind, None if blank else float(total)))
    return out


def _write_agencies(job: tuple[Path, list[int], int, str, int]) -> list[tuple[str, str, float]]:
    folder, agencies, years, mix, salt = job
    rows = []
    for agency_no in agencies:
        for name, data, kind, total in _agency_files(agency_no, years, mix, salt):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            rows.append((name, kind, total))
    return rows


def generate(folder: Path, n: int, mix: str, years: int = YEARS_PER_AGENCY) -> pl.DataFrame:
    """N reports (N / years agencies, each ``years`` years in a row), on every core; the truth."""
    agencies = list(range(-(-n // years)))
    jobs = [(folder, agencies[i : i + 50], years, mix, 0) for i in range(0, len(agencies), 50)]
    rows: list[tuple[str, str, float]] = []
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        for part in pool.imap(_write_agencies, jobs):
            rows += part
    for name, *_ in rows[n:]:  # whole agencies were written: trim to exactly n
        (folder / name).unlink()
    return pl.DataFrame(rows[:n], schema=["path", "kind", "new_received"], orient="row")


def change_one_percent(folder: Path, truth: pl.DataFrame, mix: str) -> pl.DataFrame:
    """Re-render every 100th report as a new report (another seed, same agency and year): the
    truth of the changed files."""
    changed = truth.gather_every(100)
    rows = []
    for name in changed["path"]:
        agency_no, year = int(name.split("/a")[1][:6]), int(name.split("_")[1][:4])
        for other, data, kind, total in _agency_files(agency_no, YEARS_PER_AGENCY, mix, salt=1):
            if other.split(".")[0] == name.split(".")[0]:
                (folder / name).unlink()
                (folder / other).write_bytes(data)
                rows.append((name, other, kind, total))
                break
        else:
            raise RuntimeError(f"no re-render for {name} ({year})")
    return pl.DataFrame(rows, schema=["old", "path", "kind", "new_received"], orient="row")


# ----------------------------------------------------------------------------- measuring


class PeakRSS:
    """Samples the memory of this process and all its descendants (dbt, pool workers) together.

    ``peak`` sums PSS (proportional set size: a page shared by n processes counts 1/n in each),
    so pool workers forked from a big parent are not counted at the parent's size again;
    ``peak_rss`` sums plain RSS, an upper bound that counts shared pages once per process.
    """

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.peak, self.peak_rss = every, 0, 0
        #: (wall clock, PSS, machine CPU seconds busy, this process's own PSS): each step's peak,
        #: the cores it kept busy, and how much of the peak the job's own process held
        self.samples: list[tuple[float, int, float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            pss = rss = own = 0
            for proc in [me, *me.children(recursive=True)]:
                with suppress(psutil.Error):  # gone between listing and reading
                    info = proc.memory_full_info()
                    pss += getattr(info, "pss", info.rss)
                    rss += info.rss
                    own = own or getattr(info, "pss", info.rss)  # ``me`` comes first
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            cpu = psutil.cpu_times()
            busy = sum(cpu) - cpu.idle - getattr(cpu, "iowait", 0.0)
            self.samples.append((time.time(), pss, busy, own))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _gb(size: int) -> str:
    return f"{size / 2**30:.2f} GB"


def _steps(result: dg.ExecuteInProcessResult) -> dict[str, float]:
    return {
        event.step_key: event.event_specific_data.duration_ms / 1000
        for event in result.all_events
        if event.event_type_value == "STEP_SUCCESS"
    }


def _step_spans(instance: dg.DagsterInstance, run_id: str) -> dict[str, tuple[float, float]]:
    """Each step's start and end (wall clock, from the event log)."""
    spans: dict[str, list[float]] = {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is not None and event.event_type_value in ("STEP_START", "STEP_SUCCESS"):
            spans.setdefault(event.step_key or "", []).append(record.timestamp)
    return {step: (min(times), max(times)) for step, times in spans.items()}


def _step_peaks(spans: dict[str, tuple[float, float]], rss: PeakRSS) -> dict[str, tuple[int, int]]:
    """The peak PSS sampled while each step ran, and the job process's own PSS at that peak."""
    out = {}
    for step, (a, b) in spans.items():
        inside = [(pss, own) for t, pss, _, own in rss.samples if a <= t <= b]
        out[step] = max(inside, default=(0, 0))
    return out


def _step_cores(spans: dict[str, tuple[float, float]], rss: PeakRSS) -> dict[str, float]:
    """The cores the machine kept busy while each step ran (CPU seconds over wall seconds,
    machine-wide: on a bench machine that is the job): below the core count, a core idled."""
    out = {}
    for step, (a, b) in spans.items():
        inside = [(t, busy) for t, _, busy, _ in rss.samples if a <= t <= b]
        if len(inside) >= 2 and inside[-1][0] > inside[0][0]:
            out[step] = (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])
    return out


def _meta(result: dg.ExecuteInProcessResult, node: str, key: str):
    for materialization in result.asset_materializations_for_node(node):
        if key in materialization.metadata:
            return materialization.metadata[key].value
    return None


def _dbt_nodes(kind: str = "model.") -> list[tuple[str, float]]:
    """The models (or tests) of the newest dbt invocation (run_results.json), slowest first."""
    found = sorted(
        (REPO / "dbt_project" / "target").rglob("run_results.json"),
        key=lambda p: p.stat().st_mtime,
    )
    if not found:
        return []
    results = json.loads(found[-1].read_text())["results"]
    models = [
        (r["unique_id"].split(".")[-1], r["execution_time"])
        for r in results
        if r["unique_id"].startswith(kind)
    ]
    return sorted(models, key=lambda m: -m[1])


def run_job(label: str, n: int) -> tuple[dg.ExecuteInProcessResult, float, int]:
    from orchestration.definitions import make_definitions
    from orchestration.defs.resources import build_resources

    job = make_definitions(build_resources()).resolve_job_def("build_warehouse")
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    instance = dg.DagsterInstance.ephemeral()
    with PeakRSS() as rss, open(os.devnull, "w") as sink, redirect_stdout(sink):
        started = time.perf_counter()
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet)
        total = time.perf_counter() - started
    print(f"\n{label}: {total:.1f} s, {n / total:.0f} reports/s, success={result.success}, "
          f"peak memory (process tree, PSS) {_gb(rss.peak)}, summed RSS {_gb(rss.peak_rss)}")  # fmt: skip
    steps, spans = _steps(result), _step_spans(instance, result.run_id)
    peaks, cores = _step_peaks(spans, rss), _step_cores(spans, rss)
    for step, seconds in steps.items():
        busy = f"{cores[step]:.2f}" if step in cores else "  – "
        peak, own = peaks.get(step, (0, 0))
        print(f"  {step:<40} {seconds:8.1f} s   peak {_gb(peak)} (job process "
              f"{_gb(own)})   cores busy {busy}")  # fmt: skip
    landing = _meta(result, "raw_extractions", "landing_seconds")
    if landing is not None:
        print(f"    of which landing (shaping + DuckDB transactions)  {landing:8.1f} s")
    return result, total, rss.peak


def _check_truth(warehouse: Path, truth: pl.DataFrame) -> str:
    """How many reports' requests.new_received.total match the generator's truth."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        got = conn.sql(
            "SELECT f.path, r.status, c.value FROM raw.files f JOIN raw.reports r USING "
            "(report_id) LEFT JOIN raw.cells c ON c.report_id = r.report_id AND "
            "c.table_name = 'requests' AND c.row_key = 'new_received' AND c.col_key = 'total'"
        ).pl()
    joined = truth.join(got, on="path", how="left")
    known = joined.filter(pl.col("new_received").is_not_null())
    right = known.filter(pl.col("value") == pl.col("new_received")).height
    ok = joined.filter(pl.col("status") == "ok").height
    return (
        f"{ok:,} of {len(truth):,} reports extracted ok; requests.new_received.total equals the "
        f"truth in {right:,} of {len(known):,} reports that print it"
    )


def national(n: int, mix: str, root: Path) -> None:
    reports = root / "reports"
    reports.mkdir(parents=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()} at start")
    started = time.perf_counter()
    truth = generate(reports, n, mix)
    kinds = Counter(truth["kind"])
    print(f"generated {n:,} reports in {time.perf_counter() - started:.0f} s ({root}): "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))  # fmt: skip

    os.environ.update(
        NIANBAO_REPORTS_DIR=str(reports),
        NIANBAO_DUCKDB_PATH=str(root / "wh" / "nianbao.duckdb"),
        NIANBAO_PUBLISH_DIR=str(root / "publish"),
        NIANBAO_GX_DIR=str(root / "gx"),
    )
    os.environ.pop("NIANBAO_DASK_ADDRESS", None)
    from orchestration.defs.dbt_project import parse_dbt_project
    from orchestration.lib.extraction import extract_files

    parse_dbt_project()
    paths = sorted(p for p in reports.rglob("*") if p.is_file())
    with PeakRSS() as rss:
        started = time.perf_counter()
        ok = sum(r.status == "ok" for r in extract_files(paths))
        floor = time.perf_counter() - started
    print(f"floor, extractor alone on {os.cpu_count()} cores: {floor:.1f} s "
          f"({n / floor:.0f} reports/s, {ok:,} ok, peak PSS {_gb(rss.peak)})")  # fmt: skip

    result, total, _ = run_job("whole job, first run", n)
    extraction = _steps(result).get("raw_extractions", 0.0)
    with duckdb.connect(os.environ["NIANBAO_DUCKDB_PATH"], read_only=True) as conn:
        cells = conn.execute("SELECT count(*) FROM raw.cells").fetchone()[0]
    print(f"  cells landed: {cells:,}")
    print(f"  {_check_truth(Path(os.environ['NIANBAO_DUCKDB_PATH']), truth)}")
    models = _dbt_nodes("model.")
    print(f"  dbt built {len(models)} models ({sum(t for _, t in models):.1f} s); slowest: "
          + ", ".join(f"{name} {t:.1f} s" for name, t in models[:6]))  # fmt: skip
    print(f"  extraction step / floor: {extraction / floor:.2f}; whole job / floor: "
          f"{total / floor:.2f}")  # fmt: skip

    changed = change_one_percent(reports, truth, mix)
    print(f"\nchanged {len(changed):,} files (1 %): re-rendered as new reports")
    again, seconds, _ = run_job("incremental re-run", n)
    extracted = _meta(again, "raw_extractions", "extracted_this_run")
    print(f"  extracted this run: {extracted} files (changed: {len(changed)})")
    unread = _meta(again, "raw__files", "files_unchanged_unread")
    print(f"  inventory: {unread} files unchanged by stat, not read; "
          f"{_meta(again, 'raw__files', 'files_read')} read")  # fmt: skip
    compared = _meta(again, "raw__narrative_pairs", "pairs_compared_this_run")
    pairs = _meta(again, "raw__narrative_pairs", "candidate_pairs")
    print(f"  S-04: {compared} of {pairs} candidate pairs compared again")
    rendered = _meta(again, "published__review_sheets", "sheets_rendered")
    kept = _meta(again, "published__review_sheets", "sheets_kept")
    print(f"  review sheets: {rendered} rendered, {kept} kept")
    models, tests = _dbt_nodes("model."), _dbt_nodes("test.")
    print(f"  dbt rebuilt {len(models)} models ({sum(t for _, t in models):.1f} s); slowest: "
          + ", ".join(f"{name} {t:.1f} s" for name, t in models[:6]))  # fmt: skip
    print(f"  dbt ran {len(tests)} tests ({sum(t for _, t in tests):.1f} s); slowest: "
          + ", ".join(f"{name[:60]} {t:.1f} s" for name, t in tests[:4]))  # fmt: skip
    print(f"  incremental / first run: {seconds / total:.3f}")
    publish_baseline(again)
    print(f"load average at the end: {os.getloadavg()}")


def publish_baseline(result: dg.ExecuteInProcessResult) -> None:
    """The incremental publish beside a full one of the same marts (an empty folder), same run."""
    from orchestration.lib.publishing import MANIFEST, publish_marts

    target = Path(os.environ["NIANBAO_PUBLISH_DIR"])
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    incremental = _steps(result).get("published__marts", float("nan"))
    with duckdb.connect(os.environ["NIANBAO_DUCKDB_PATH"]) as conn:  # the job has ended
        tables = [("marts", t) for t in sorted(manifest["rows"])]
        started = time.perf_counter()
        publish_marts(conn, tables, target.with_name("publish-full"))
        full = time.perf_counter() - started
    print(f"  publish step: {incremental:.1f} s incremental ("
          + ", ".join(f"{t} {how}" for t, how in sorted(manifest.get("how", {}).items()))
          + f"); a full publish of the same marts, same run: {full:.1f} s "
          f"(full / incremental {full / incremental:.2f})")  # fmt: skip


# ----------------------------------------------------------------------------- dask scaling


def dask_scaling(address: str, files: int, root: Path) -> None:
    """Extraction on the cluster: one worker, then two, over the same PDF-heavy batch."""
    from distributed import Client

    from orchestration.lib.cluster import extract_on_cluster
    from orchestration.lib.extraction import extract_files

    reports = root / "reports"
    reports.mkdir(parents=True)
    generate(reports, files, "pdf")
    paths = sorted(p for p in reports.rglob("*") if p.is_file())
    with Client(address, set_as_default=False) as client:
        workers = sorted(client.scheduler_info()["workers"])
    if len(workers) < 2:
        raise SystemExit(f"the cluster at {address} has {len(workers)} worker(s); start two")
    print(f"{len(paths)} files (PDF-heavy), cluster {address}, workers {workers[:2]}")
    seconds = {}
    for count in (1, 2):
        started = time.perf_counter()
        results = dict(extract_on_cluster(paths, address, workers=workers[:count]))
        seconds[count] = time.perf_counter() - started
        ok = sum(r.status == "ok" for r in results.values())
        print(f"  {count} worker(s): {seconds[count]:.1f} s "
              f"({len(paths) / seconds[count]:.1f} files/s, {ok} ok)")  # fmt: skip
    started = time.perf_counter()
    list(extract_files(paths))
    pool = time.perf_counter() - started
    print(f"  in-process pool ({os.cpu_count()} cores) for reference: {pool:.1f} s")
    print(f"speed-up, 2 workers / 1 worker: {seconds[1] / seconds[2]:.2f}x")
    print(f"load average: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="reports (100,000)")
    parser.add_argument("--mix", choices=sorted(MIXES), default="national")
    parser.add_argument("--dask", metavar="ADDRESS", help="measure 1 vs 2 workers on a cluster")
    parser.add_argument("--dask-files", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nianbao-national-"))
    try:
        if args.dask:
            dask_scaling(args.dask, args.dask_files, root)
        else:
            national(args.n, args.mix, root)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
