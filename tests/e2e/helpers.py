"""Helpers for the browser tests: the axe check and a console/network recorder."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Request

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# --- Accessibility ---------------------------------------------------------------

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    # Axe.run's default options ask for violations only; keep that (it is faster).
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def axe_violations(page: Page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """axe-core's WCAG 2.2 AA and best-practice violations with the given impacts.

    ``Axe.run`` injects axe-core with ``page.evaluate`` (DevTools evaluation, which
    the page's Content-Security-Policy does not block) and, given options but no
    context, calls ``axe.run(options)``: axe-core then checks the whole document.
    """
    results = _axe.run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def format_violation(violation: dict) -> str:
    lines = [
        f"- {violation['id']} [{violation.get('impact')}]: {violation.get('help')}",
        f"  {violation.get('helpUrl', '')}",
    ]
    for node in violation.get("nodes", []):
        target = ", ".join(str(t) for t in node.get("target", []))
        html = " ".join(node.get("html", "").split())
        lines.append(f"    target: {target}")
        lines.append(f"      html: {html[:300]}")
        summary = " ".join((node.get("failureSummary") or "").split())
        if summary:
            lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page: Page) -> None:
    """Fail, listing rule id, impact, help and nodes, on serious/critical violations."""
    violations = axe_violations(page)
    if violations:
        report = "\n".join(format_violation(v) for v in violations)
        pytest.fail(
            f"axe found {len(violations)} serious/critical accessibility "
            f"violation(s) on {page.url}:\n{report}",
            pytrace=False,
        )


# --- Images ----------------------------------------------------------------------


def broken_images(page: Page) -> list[str]:
    """Images that fail to load or decode, lazy ones included (they are made eager)."""
    return page.locator("img").evaluate_all(
        """async (images) => {
            const broken = [];
            for (const image of images) {
                image.loading = "eager";
                try {
                    await image.decode();
                } catch {
                    broken.push(image.currentSrc || image.src);
                }
            }
            return broken;
        }"""
    )


# --- Console and network -----------------------------------------------------------


@dataclass
class PageWatcher:
    """Console errors, uncaught exceptions and every request a page makes.

    Chromium reports Content-Security-Policy violations as console errors
    ("Refused to load ... because it violates ..."), so they land in
    ``console_errors`` too.
    """

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> "PageWatcher":
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", self._on_request)
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(
                f"{message.text} (at {location.get('url') or '?'}:"
                f"{location.get('lineNumber', '?')})"
            )

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests to anywhere but ``base_url``'s origin; data: URLs are allowed."""
        origin = urlsplit(base_url)
        foreign = []
        for url in self.requests:
            if url.startswith("data:"):
                continue
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                foreign.append(url)
        return foreign


# --- Header ----------------------------------------------------------------------


def open_menu(page: Page) -> None:
    """Open the header's "Menu" disclosure where it is folded (phones): the
    search box, account links and main menu are inside it. Wide screens show
    them anyway, and a menu already open stays open."""
    toggle = page.locator(".site-nav__toggle")
    if toggle.is_visible() and page.locator(".site-nav[open]").count() == 0:
        toggle.click()
