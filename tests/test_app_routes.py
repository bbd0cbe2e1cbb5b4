"""`streamlit run app.py` serves the dashboard, the Atom feed at /feed.atom and the tab's icon."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.dashboard_server import REPO, free_port, wait_for_health


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_feed_route_serves_the_data_directorys_feed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "IV-13", data / "IV-13")
    (data / "feed.atom").write_bytes(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>\n')
    port, log = free_port(), tmp_path / "streamlit.log"
    env = {"MONITOR_DATA_DIR": str(data), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    with log.open("w") as handle:
        process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                    "--server.address", "127.0.0.1", "--server.headless", "true"],
                                   cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_health(base, process, log)
        status, kind, body = get(base + "/feed.atom")
        assert (status, kind) == (200, "application/atom+xml") and body.startswith(b"<?xml")
        (data / "feed.atom").unlink()
        assert get(base + "/feed.atom")[0] == 404
        assert get(base + "/")[0] == 200
        assert get(base + "/app/static/geo/world_110m.json")[0] == 200
        # The tab's icon is the project's globe, not Streamlit's logo (the page sets no page_icon).
        assert get(base + "/favicon.png") == (200, "image/png", (REPO / "static" / "favicon.png").read_bytes())
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Traceback" not in Path(log).read_text()
