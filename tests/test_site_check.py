"""``docs/check_site.py``: what counts as loading from another host, and how a
rendered page's diagrams are read. (``.ci/run`` runs it on the real built site, and
its ``diagrams`` check in headless Chromium.)"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_site", ROOT / "docs" / "check_site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site(tmp_path: pathlib.Path, page: str, css: str = "") -> pathlib.Path:
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text(css, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://unpkg.com/mermaid@11/dist/mermaid.min.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>',
        '<link rel="icon" href="//cdn.example.org/favicon.png">',
        '<img src="HTTP://example.org/plot.png">',
        '<iframe src="https://example.org/"></iframe>',
        '<div style="background: url(https://example.org/x.png)"></div>',
        '<style>@import "https://example.org/font.css";</style>',
        '<pre class="mermaid"><code>graph TD; a-->b</code></pre>',  # the theme's CDN Mermaid
    ],
)
def test_an_external_load_is_reported(tmp_path: pathlib.Path, tag: str) -> None:
    site = _site(tmp_path, f"<html><head></head><body>{tag}</body></html>")
    problems = _checker().external_loads(site)
    assert 1 == len(problems), problems
    assert problems[0].startswith("index.html: ")


def test_a_stylesheet_loading_a_font_from_another_host_is_reported(tmp_path: pathlib.Path) -> None:
    css = "@font-face { src: url('https://fonts.gstatic.com/roboto.woff2') }"
    site = _site(tmp_path, "<html></html>", css)
    assert [
        "assets/style.css: loads 'https://fonts.gstatic.com/roboto.woff2' from another host"
    ] == (_checker().external_loads(site))


def test_local_loads_and_links_to_read_are_allowed(tmp_path: pathlib.Path) -> None:
    page = (
        '<script src="assets/vendor/mermaid/mermaid.min.js"></script>'
        '<link rel="stylesheet" href="../assets/extra.css">'
        '<img src="/assets/plot.png"><a href="https://semver.org/">SemVer</a>'
        "<style>.x { background: url(data:image/svg+xml;base64,AAAA) }</style>"
    )
    css = "@font-face { src: url(fonts/local.woff2) } .y { background: url('img.png') }"
    assert [] == _checker().external_loads(_site(tmp_path, page, css))


@given(
    st.sampled_from(["http", "https", "ftp", "ws"]),
    st.from_regex(r"[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True),
)
def test_every_scheme_and_host_counts_as_external(scheme: str, host: str) -> None:
    assert _checker().EXTERNAL.match(f"{scheme}://{host}/x.js")
    assert _checker().EXTERNAL.match(f"//{host}/x.js")
    assert not _checker().EXTERNAL.match(f"assets/{host}/x.js")


def _diagrams(dom: str) -> list[dict[str, bool]]:
    parser = _checker()._Diagrams()
    parser.feed(dom)
    return list(parser.diagrams)


def test_a_rendered_diagram_holds_an_svg_and_text_does_not() -> None:
    dom = (
        '<div class="cf-diagram" data-processed="true"><svg><g><rect/></g></svg></div>'
        '<div class="cf-diagram">stateDiagram-v2\n  a --&gt; b</div>'
        '<div class="cf-diagram"><svg><g class="error-icon"></g></svg></div>'
        "<svg></svg>"  # an icon outside any diagram
    )
    assert [
        {"svg": True, "error": False},
        {"svg": False, "error": False},
        {"svg": True, "error": True},
    ] == _diagrams(dom)


def test_the_built_workflows_page_has_one_diagram_element_per_workflow() -> None:
    """The fence format of mkdocs.yml: each ```mermaid block becomes one
    ``<div class="cf-diagram">``, which ``docs/assets/diagrams.js`` renders."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "class: cf-diagram" in config
    assert "fence_div_format" in config
    script = (ROOT / "docs" / "assets" / "diagrams.js").read_text(encoding="utf-8")
    assert 'querySelector: "div.cf-diagram"' in script
    for served in (
        "assets/vendor/mermaid/mermaid.min.js",
        "assets/diagrams.js",
        "assets/extra.css",
    ):
        assert served in config
        assert (ROOT / "docs" / served).is_file()
    assert (ROOT / "docs" / "assets" / "vendor" / "mermaid" / "LICENSE").is_file()
    assert "font: false" in config
