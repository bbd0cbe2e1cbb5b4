"""`python -m monitor context --from-web`: every source downloaded from a real HTTP server on 127.0.0.1.

The server serves sources rebuilt from the bundled facts (context_sources.py), the World Bank files
zipped as the World Bank serves them, so these tests need neither the internet nor ../shared.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from context_sources import write_sources
from httpserver import ScriptedServer, Step

from monitor.cli import main
from monitor.refresh.context import DESA_WORKBOOK, WB_GDP, WB_USD
from monitor.refresh.context_web import LIVE_URLS, parse_url_options, world_bank_excel
from monitor.store.layout import CONTEXT_DIR as FOLDER

BUNDLED = REPO / "data" / FOLDER


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    return write_sources(tmp_path_factory.mktemp("context-web") / "sources", REPO / "data")


def zipped(name: str, data: bytes) -> bytes:
    """A World Bank indicator download: the workbook and two metadata files in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"API_{name}", data)
        archive.writestr("Metadata_Country_API.xls", b"metadata")
        archive.writestr("Metadata_Indicator_API.xls", b"metadata")
    return buffer.getvalue()


def serve(server: ScriptedServer, rebuilt: Path) -> list[str]:
    """Script every source of the rebuilt folder under /files/; return the --url options pointing there."""
    options = []
    for name in LIVE_URLS:  # the rebuilt folder holds every source under the name the import reads
        data = (rebuilt / name).read_bytes()
        server.script(f"/files/{name}", Step(body=zipped(name, data) if name in (WB_USD, WB_GDP) else data))
        options += ["--url", f"{name}={server.url(f'/files/{name}')}"]
    return options


def run(options: list[str], root: Path) -> int:
    return main(["context", "--from-web", "--pause", "0", "--data-dir", str(root), "--facts-only", *options])


def test_downloads_every_source_and_imports_them(http_server: ScriptedServer, rebuilt: Path, tmp_path: Path) -> None:
    options = serve(http_server, rebuilt)
    assert len(options) == 2 * len(LIVE_URLS)  # every address replaced: nothing goes past 127.0.0.1
    root = tmp_path / "data"
    assert run(options, root) == 0
    for path in sorted(BUNDLED.glob("*.csv")):
        assert (root / FOLDER / path.name).read_bytes() == path.read_bytes(), path.name
    assert {r.path for r in http_server.requests} == {f"/files/{name}" for name in LIVE_URLS}


def test_a_failed_download_names_the_address_and_changes_nothing(http_server: ScriptedServer, rebuilt: Path,
                                                                 tmp_path: Path, capsys) -> None:
    options = serve(http_server, rebuilt)
    broken = http_server.url("/files/missing.xlsx")
    options += ["--url", f"{DESA_WORKBOOK}={broken}"]
    root = tmp_path / "data"
    capsys.readouterr()
    assert run(options, root) == 1
    message = capsys.readouterr().err
    assert message.startswith("FAILED context:") and broken in message and "HTTP 404" in message
    assert "Nothing was changed" in message
    assert not (root / FOLDER).exists()


def test_a_refused_download_names_its_address_not_the_temporary_folder(http_server: ScriptedServer, rebuilt: Path,
                                                                      tmp_path: Path, capsys) -> None:
    options = serve(http_server, rebuilt)
    cut = http_server.url("/cut/wb.zip")
    whole = zipped(WB_GDP, (rebuilt / WB_GDP).read_bytes())
    http_server.script("/cut/wb.zip", Step(body=whole[: len(whole) // 2]))  # the download stopped half-way
    capsys.readouterr()
    assert run([*options, "--url", f"{WB_GDP}={cut}"], tmp_path / "data") == 1
    message = capsys.readouterr().err
    assert cut in message and "truncated" in message and "monitor-context-" not in message


def test_unknown_source_name_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["context", "--from-web", "--url", "atlas.xlsx=http://127.0.0.1:9/x", "--data-dir",
                 str(tmp_path)]) == 2
    assert "atlas.xlsx" in capsys.readouterr().err
    assert main(["context", "--url", f"{DESA_WORKBOOK}=http://127.0.0.1:9/x", "--data-dir", str(tmp_path)]) == 2
    assert "--from-web" in capsys.readouterr().err


def test_url_options_parse() -> None:
    assert parse_url_options([f"{WB_USD}=https://example.org/a.zip"]) == {WB_USD: "https://example.org/a.zip"}
    with pytest.raises(ValueError, match="http"):
        parse_url_options([f"{WB_USD}=ftp://example.org/a.zip"])


def test_world_bank_zip_gives_its_workbook_and_a_workbook_stays_whole(rebuilt: Path) -> None:
    workbook = (rebuilt / WB_USD).read_bytes()  # an .xlsx: itself a zip, without an API_ member
    assert world_bank_excel(zipped(WB_USD, workbook), "u") == workbook
    assert world_bank_excel(workbook, "u") == workbook
