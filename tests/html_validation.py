"""Validate rendered pages with the Nu Html Checker (vnu.jar from npm, run by Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_validator() -> str:
    """The java executable, or a visible skip saying what to install."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("HTML validation needs Java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip(f"HTML validation needs {VNU_JAR} (run `npm ci`; `make test` does)")
    return java


def html_errors(documents: dict[str, str], tmp_path: Path) -> list[str]:
    """Validate each named HTML document; return the errors as readable lines."""
    java = require_validator()
    names = {}
    for index, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"document-{index}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, sorted(tmp_path.glob("document-*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))} "
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]
    if result.returncode != 0 and not errors:
        errors.append(f"validator failed: {result.stderr[:500]}")
    return errors


def assert_pages_are_valid_html(
    client, pages: dict[str, str | tuple[str, int]], tmp_path: Path
) -> None:
    """GET each named URL and validate all in one run.

    A page is its URL (expected to answer 200) or ``(url, status)``: a page
    that answers anything else fails, so a renamed page is never validated
    as the 404 page.
    """
    documents = {}
    for name, page in pages.items():
        url, expected = page if isinstance(page, tuple) else (page, 200)
        response = client.get(url)
        assert response.status_code == expected, (
            f"{name} ({url}): {response.status_code}, expected {expected}"
        )
        documents[name] = response.content.decode()
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)
