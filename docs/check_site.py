"""Check a built documentation site: it loads nothing from other hosts, and its
diagrams render in a real browser.

    mkdocs build --strict --site-dir SITE
    python docs/check_site.py urls SITE
    python docs/check_site.py diagrams SITE [--browser chromium]

``urls`` reads every HTML page and stylesheet of the site and reports each script,
stylesheet, font, icon, image or frame that would be fetched from another host
(``<script src>``, ``<link href>``, ``<img src>``, ``<iframe src>``, ``<source src>``,
CSS ``url()`` and ``@import``), and any element of class ``mermaid``, for which
the theme's script would fetch Mermaid from a CDN (the site's diagrams use the
class ``cf-diagram`` and its own copy of Mermaid). Links a reader may follow
(``<a href>``) are not loads and are allowed. Many networks do not reach the usual
CDNs and font hosts, so the site must work on its own.

``diagrams`` opens every page that has Mermaid diagrams in headless Chromium
(Debian's ``chromium`` package), lets its scripts run, and checks that each diagram
became an SVG drawing and none shows Mermaid's syntax-error picture. Both commands
print one line per problem and exit 1 if there is any. ``.ci/run`` runs both.
"""

from __future__ import annotations

import argparse
import html.parser
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator

#: Tag attributes whose URL the browser fetches while loading the page.
LOADED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
DIAGRAM_CLASS = "cf-diagram"
BROWSER_BUDGET_MS = 20_000  # virtual time for the page's scripts to draw every diagram


class _Loads(html.parser.HTMLParser):
    """The URLs a page loads, and its inline styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.theme_mermaid = 0  # elements the theme's own script would draw
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "class" and "mermaid" in value.split():
                self.theme_mermaid += 1
            if (tag, name) in LOADED:
                self.loads.append((tag, name, value))
            elif name == "style":
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _css_urls(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        yield match.group(1) or match.group(2)


def external_loads(site: pathlib.Path) -> list[str]:
    """One line per resource of ``site`` that would be fetched from another host."""
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(site)
        for tag, attribute, url in parser.loads:
            if EXTERNAL.match(url):
                problems.append(f"{where}: <{tag} {attribute}={url!r}> loads from another host")
        if parser.theme_mermaid:
            problems.append(
                f"{where}: {parser.theme_mermaid} element(s) of class 'mermaid', for which "
                f"the theme fetches Mermaid from a CDN; write ```mermaid fences instead"
            )
        for css in parser.styles:
            problems += [
                f"{where}: inline style loads {u!r}" for u in _css_urls(css) if EXTERNAL.match(u)
            ]
    for sheet in sorted(site.rglob("*.css")):
        where = sheet.relative_to(site)
        text = sheet.read_text(encoding="utf-8")
        problems += [
            f"{where}: loads {u!r} from another host" for u in _css_urls(text) if EXTERNAL.match(u)
        ]
    return problems


class _Diagrams(html.parser.HTMLParser):
    """Per diagram element of a rendered page: does it hold an ``<svg>``, and an error?"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.diagrams: list[dict[str, bool]] = []
        self._depth = 0  # open elements inside the current diagram (0: outside)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._depth == 0:
            if tag == "div" and DIAGRAM_CLASS in classes:
                self.diagrams.append({"svg": False, "error": False})
                self._depth = 1
            return
        self._depth += 1
        if tag == "svg":
            self.diagrams[-1]["svg"] = True
        if "error-icon" in classes or "error-text" in classes:
            self.diagrams[-1]["error"] = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1


def rendered_dom(page: pathlib.Path, browser: str) -> str:
    """The page's DOM after its scripts ran, serialised by headless Chromium."""
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--allow-file-access-from-files",
        f"--virtual-time-budget={BROWSER_BUDGET_MS}",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{browser} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return done.stdout


def diagram_problems(site: pathlib.Path, browser: str) -> tuple[int, list[str]]:
    """How many diagrams were checked, and one line per diagram that did not render."""
    checked, problems = 0, []
    pages = [
        p
        for p in sorted(site.rglob("*.html"))
        if f'class="{DIAGRAM_CLASS}"' in p.read_text(encoding="utf-8")
    ]
    if not pages:
        return 0, [f"{site}: no page has a diagram (<div class={DIAGRAM_CLASS!r}>)"]
    for page in pages:
        source = _Diagrams()
        source.feed(page.read_text(encoding="utf-8"))
        rendered = _Diagrams()
        rendered.feed(rendered_dom(page, browser))
        where = page.relative_to(site)
        if len(rendered.diagrams) != len(source.diagrams):
            problems.append(
                f"{where}: {len(source.diagrams)} diagrams built, "
                f"{len(rendered.diagrams)} in the browser"
            )
        for i, diagram in enumerate(rendered.diagrams, 1):
            checked += 1
            if not diagram["svg"]:
                problems.append(f"{where}: diagram {i} is still text (no SVG): did Mermaid load?")
            elif diagram["error"]:
                problems.append(f"{where}: diagram {i} rendered as Mermaid's syntax-error picture")
    return checked, problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("check", choices=["urls", "diagrams"])
    parser.add_argument("site", type=pathlib.Path, help="a folder built by mkdocs build")
    parser.add_argument("--browser", default="chromium", help="the Chromium to run (diagrams)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: not a built site (no index.html)")
        return 1
    if args.check == "urls":
        problems = external_loads(args.site)
        summary = f"{sum(1 for _ in args.site.rglob('*.html'))} pages load nothing from other hosts"
    else:
        checked, problems = diagram_problems(args.site, args.browser)
        summary = f"{checked} diagrams rendered as SVG in {args.browser}"
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
