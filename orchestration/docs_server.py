"""``make docs``: the dbt docs, the Great Expectations Data Docs and the review sheets on one
local address (127.0.0.1), so the Dagster UI's links open in any browser (``file://`` links from
a web page are refused). Standard library only; nothing is fetched from the network.

Routes: ``/dbt/`` → ``dbt_project/target`` (``static_index.html``), ``/data-docs/`` → the Data
Docs folder (``NIANBAO_GX_DIR``), ``/review/`` → the published review sheets (through their
``current`` symlink, so a refresh shows up on reload), ``/`` a page linking the three.
"""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

from orchestration.defs.checks.results import DATA_DOCS_ROUTE
from orchestration.lib import settings
from orchestration.lib.publishing import CURRENT, REVIEW_DIR

HOME = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>nianbao 文档</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>nianbao 文档</h1><ul>
<li><a href="/dbt/static_index.html">dbt 文档（模型、字段、血缘）</a></li>
<li><a href="/{gx}/">数据质量检查报告（Great Expectations Data Docs）</a>：
<a href="/{gx}/publisher/index.html">发布方一致性</a> ·
<a href="/{gx}/across_years/index.html">跨年度</a> ·
<a href="/{gx}/integrity/index.html">管道完整性</a></li>
<li><a href="/review/index.html">核查意见（按机关、年度）</a></li>
</ul></body></html>"""


def routes() -> dict[str, Path]:
    """URL prefix → folder served under it."""
    return {
        "dbt": settings.DBT_PROJECT_DIR / "target",
        DATA_DOCS_ROUTE: settings.gx_dir(),
        "review": settings.publish_dir() / REVIEW_DIR / CURRENT,
    }


class DocsHandler(http.server.SimpleHTTPRequestHandler):
    """Serves each route's folder; anything else gets the home page or 404."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        parts = [p for p in clean.split("/") if p and p not in (".", "..")]
        folder = routes().get(parts[0]) if parts else None
        if folder is None:
            return str(Path("/nonexistent"))
        return str(folder.resolve().joinpath(*parts[1:]))

    def do_GET(self) -> None:
        if self.path in ("/", "/index.html"):
            body = HOME.format(gx=DATA_DOCS_ROUTE).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def make_server(port: int = settings.DOCS_PORT, host: str = "127.0.0.1"):
    """The server, bound (port 0: any free port); the caller runs ``serve_forever``."""
    handler = functools.partial(DocsHandler, directory=str(settings.REPO_ROOT))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(port: int = settings.DOCS_PORT, host: str = "127.0.0.1") -> None:
    with make_server(port, host) as server:
        print(f"nianbao docs on {settings.docs_url()} (dbt, Data Docs, 核查意见); Ctrl-C stops")
        server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=settings.DOCS_PORT)
    args = parser.parse_args()
    serve(args.port)


if __name__ == "__main__":
    main()
